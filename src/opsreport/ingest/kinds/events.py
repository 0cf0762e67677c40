"""Events: workshops, trainings and other gatherings, with their audience and topics."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, or_, select

from opsreport.errors import ImportError_
from opsreport.ingest.columns import Column
from opsreport.ingest.i18n import tr
from opsreport.ingest.kinds import Options, RecordKind, RowProblem, register_kind
from opsreport.ingest.reference import Reference
from opsreport.ingest.writing import Counts, delete_batch_rows, upsert
from opsreport.store import models as m

COLUMNS = (
    Column(
        "record_id",
        "text",
        "Event ID",
        "ID del evento",
        "#event+id",
        "Your own id of the event; attendance rows refer to it.",
        "Su propio identificador del evento; la asistencia se refiere a él.",
        required=True,
        aliases=("record id", "id del registro", "_uuid", "id"),
        max_length=100,
    ),
    Column(
        "activity",
        "code",
        "Activity",
        "Actividad",
        "#activity+code",
        "An event activity of the mission's catalogue (workshop, training).",
        "Una actividad de tipo evento del catálogo (taller, capacitación).",
        required=True,
        codes="activity",
    ),
    Column(
        "audience",
        "code",
        "Audience",
        "Público",
        "#group+audience+code",
        "Who the event is for.",
        "A quién va dirigido el evento.",
        required=True,
        codes="audience",
    ),
    Column(
        "title",
        "text",
        "Title",
        "Título",
        "#event+name",
        "A short title. Do not put people's names here.",
        "Un título corto. No escriba nombres de personas.",
    ),
    Column(
        "start_date",
        "date",
        "Start date",
        "Fecha de inicio",
        "#date+start",
        "First day of the event.",
        "Primer día del evento.",
        required=True,
    ),
    Column(
        "end_date",
        "date",
        "End date",
        "Fecha de fin",
        "#date+end",
        "Last day (the start date if empty).",
        "Último día (la de inicio si está vacía).",
    ),
    Column(
        "site",
        "code",
        "Site",
        "Sitio",
        "#loc+code",
        "Where the event took place.",
        "Dónde se realizó el evento.",
        required=True,
        codes="site",
    ),
    Column(
        "topics",
        "codes",
        "Topics",
        "Temas",
        "#sector+code",
        "Topic codes separated by spaces or semicolons.",
        "Códigos de temas separados por espacios o punto y coma.",
        codes="topic",
    ),
)


def check_event(values: dict[str, Any], ref: Reference, options: Options) -> list[RowProblem]:
    problems: list[RowProblem] = []
    activity = values.get("activity")
    if activity and ref.activity_kinds.get(activity) not in (None, "event"):
        problems.append(
            (
                "not-an-event-activity",
                "activity",
                tr(
                    "'{activity}' is a service given to one person. Import it as services, or "
                    "choose a workshop or training activity."
                ).format(activity=activity),
            )
        )
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        problems.append(
            (
                "end-before-start",
                "end_date",
                tr(
                    "The end date {end} is before the start date {start}. Swap them or correct one."
                ).format(end=end, start=start),
            )
        )
    return problems


class EventWriter:
    def __init__(self, conn, batch_id: int, reference: Reference) -> None:
        self.conn, self.batch_id = conn, batch_id

    def write(self, rows: list[dict[str, Any]]) -> Counts:
        records = [
            {
                "record_id": r["record_id"],
                "activity_code": r["activity"],
                "audience_code": r["audience"],
                "title": r.get("title"),
                "start_date": r["start_date"],
                "end_date": r.get("end_date") or r["start_date"],
                "site_code": r["site"],
            }
            for r in rows
        ]
        counts, ids, new = upsert(
            self.conn, m.Event.__table__, ("record_id",), records, self.batch_id, want_ids=True
        )
        topic = m.EventTopic.__table__
        event_ids = [ids[(r["record_id"],)] for r in rows]
        current: dict[int, set[str]] = {i: set() for i in event_ids}
        for event_id, code in self.conn.execute(
            select(topic.c.event_id, topic.c.topic_code).where(topic.c.event_id.in_(event_ids))
        ):
            current[event_id].add(code)
        updated_ids = {e["id"] for e in counts.replaced}
        for r, event_id in zip(rows, event_ids, strict=True):
            wanted = set(r.get("topics") or ())
            if wanted == current[event_id]:
                continue
            if (r["record_id"],) not in new:  # the topics of a known event changed
                counts.replaced.append(
                    {"table": "event_topic", "id": event_id, "before": sorted(current[event_id])}
                )
                if event_id not in updated_ids:
                    updated_ids.add(event_id)
                    counts.unchanged -= 1
                    counts.updated += 1
            self.conn.execute(delete(topic).where(topic.c.event_id == event_id))
            if wanted:
                self.conn.execute(
                    insert(topic),
                    [{"event_id": event_id, "topic_code": code} for code in sorted(wanted)],
                )
        return counts

    @staticmethod
    def undo(conn, batch_id: int) -> dict[str, int]:
        event, topic, attendance = m.Event.__table__, m.EventTopic.__table__, m.Attendance.__table__
        mine = select(event.c.id).where(event.c.batch_id == batch_id)
        others = (
            conn.execute(
                select(attendance.c.batch_id)
                .distinct()
                .where(
                    attendance.c.event_id.in_(mine),
                    or_(attendance.c.batch_id.is_(None), attendance.c.batch_id != batch_id),
                )
            )
            .scalars()
            .all()
        )
        if others:
            listed = ", ".join(str(b) for b in sorted(o for o in others if o is not None))
            if listed:
                message = tr(
                    "Attendance imported in batch {listed} refers to events of batch {batch}. "
                    "Undo that batch first."
                ).format(listed=listed, batch=batch_id)
            else:
                message = tr(
                    "Attendance written outside any import refers to events of batch {batch}. "
                    "Remove that attendance first."
                ).format(batch=batch_id)
            raise ImportError_(message)
        conn.execute(delete(topic).where(topic.c.event_id.in_(mine)))
        return {"event": delete_batch_rows(conn, event, batch_id)}


register_kind(
    RecordKind(
        name="events",
        title_en="Events (workshops, trainings)",
        title_es="Eventos (talleres, capacitaciones)",
        description="One row per workshop, training session or gathering.",
        columns=COLUMNS,
        key=("record_id",),
        writer=EventWriter,
        check_row=check_event,
        tables=("event", "event_topic"),
    )
)
