"""Attendance: who came to an event, person by person or as a head-count by sex.

A row names an event already imported (its event ID) and either one person (their ID,
hashed on import) or the numbers of women, men and others with the total. One head-count
row per event: importing another head-count for the same event replaces it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update

from opsreport.ingest.columns import Column
from opsreport.ingest.i18n import tr
from opsreport.ingest.kinds import Options, RecordKind, RowProblem, register_kind
from opsreport.ingest.kinds.services import BIRTH_YEAR, NATIONALITY, SEX
from opsreport.ingest.reference import Reference
from opsreport.ingest.writing import (
    Counts,
    delete_batch_rows,
    delete_orphan_people,
    ensure_people,
    upsert,
)
from opsreport.store import models as m


def _count(name: str, en: str, es: str, hxl: str) -> Column:
    return Column(
        f"headcount_{name}",
        "integer",
        en,
        es,
        hxl,
        "For a head-count row: how many. Leave empty on a row that names a person.",
        "En una fila de conteo: cuántas personas. Vacío en una fila con una persona.",
        minimum=0,
        maximum=100000,
    )


COLUMNS = (
    Column(
        "event_record_id",
        "text",
        "Event ID",
        "ID del evento",
        "#event+id",
        "The event's ID as imported in the events file.",
        "El ID del evento tal como se importó en el archivo de eventos.",
        required=True,
        max_length=100,
    ),
    Column(
        "person_id",
        "identifier",
        "Person ID",
        "ID de la persona",
        "#beneficiary+id",
        "Document or case number of the participant (hashed, never stored); "
        "empty on a head-count row.",
        "Número de documento o de caso (se cifra, nunca se guarda); vacío en una fila de conteo.",
    ),
    Column(SEX.name, SEX.type, SEX.label_en, SEX.label_es, SEX.hxl, SEX.help_en, SEX.help_es),
    BIRTH_YEAR,
    Column(
        NATIONALITY.name,
        NATIONALITY.type,
        NATIONALITY.label_en,
        NATIONALITY.label_es,
        NATIONALITY.hxl,
        NATIONALITY.help_en,
        NATIONALITY.help_es,
    ),
    Column(
        "population_group",
        "code",
        "Population group",
        "Grupo de población",
        "#group+code",
        "The participant's group (optional).",
        "El grupo del participante (opcional).",
        codes="population_group",
    ),
    _count("female", "Women and girls", "Mujeres y niñas", "#reached+f"),
    _count("male", "Men and boys", "Hombres y niños", "#reached+m"),
    _count("other", "Other", "Otro", "#reached+other"),
    _count("total", "Total participants", "Total de participantes", "#reached+total"),
)
COUNTS = ("headcount_female", "headcount_male", "headcount_other", "headcount_total")


def check_attendance(values: dict[str, Any], ref: Reference, options: Options) -> list[RowProblem]:
    problems: list[RowProblem] = []
    event = values.get("event_record_id")
    if event is not None and event not in ref.events:
        problems.append(
            (
                "unknown-event",
                "event_record_id",
                tr(
                    "No event with ID '{event}' has been imported. Import the events file "
                    "first, or correct the ID."
                ).format(event=event),
            )
        )
    counted = [values.get(c) for c in COUNTS]
    if values.get("person_id") is not None:
        if any(c is not None for c in counted):
            problems.append(
                (
                    "person-and-headcount",
                    "person_id",
                    tr(
                        "This row names a person and also gives head-counts. Put each person "
                        "on their own row, and head-counts on a row without a person ID."
                    ),
                )
            )
        return problems
    if all(c is None for c in counted):
        problems.append(
            (
                "no-attendee",
                "person_id",
                tr("The row has neither a person ID nor head-counts. Fill in one of them."),
            )
        )
        return problems
    female, male, other, total = (c or 0 for c in counted)
    if values.get("headcount_total") is not None and female + male + other > total:
        problems.append(
            (
                "headcount-over-total",
                "headcount_total",
                tr(
                    "Women ({female}) + men ({male}) + other ({other}) = {sum}, more than the "
                    "total ({total}). Correct the counts or the total."
                ).format(
                    female=female, male=male, other=other, sum=female + male + other, total=total
                ),
            )
        )
    return problems


class AttendanceWriter:
    def __init__(self, conn, batch_id: int, reference: Reference) -> None:
        self.conn, self.batch_id, self.events = conn, batch_id, reference.events
        self.known: dict[str, int] = {}  # person key -> id, across chunks

    def write(self, rows: list[dict[str, Any]]) -> Counts:
        table = m.Attendance.__table__
        named = [r for r in rows if r.get("person_id") is not None]
        counted = [r for r in rows if r.get("person_id") is None]
        people = {}
        for r in named:
            people.setdefault(
                r["person_id"],
                {
                    "sex": r.get("sex"),
                    "birth_year": r.get("birth_year"),
                    "nationality": r.get("nationality"),
                    "population_group_code": r.get("population_group"),
                },
            )
        filled: list[dict[str, Any]] = []  # people's blanks filled in, for undo
        ids = ensure_people(self.conn, people, self.batch_id, self.known, filled)
        counts, _, _ = upsert(
            self.conn,
            table,
            ("event_id", "person_id"),
            [
                {"event_id": self.events[r["event_record_id"]], "person_id": ids[r["person_id"]]}
                for r in named
            ],
            self.batch_id,
        )
        if counted:
            event_ids = [self.events[r["event_record_id"]] for r in counted]
            existing = {
                row.event_id: row
                for row in self.conn.execute(
                    select(table.c.id, table.c.event_id, *(table.c[c] for c in COUNTS)).where(
                        table.c.event_id.in_(event_ids), table.c.person_id.is_(None)
                    )
                )
            }
            for r, event_id in zip(counted, event_ids, strict=True):
                values = {c: r.get(c) for c in COUNTS}
                if values["headcount_total"] is None:
                    values["headcount_total"] = sum(v or 0 for v in values.values())
                found = existing.get(event_id)
                if found is None:
                    self.conn.execute(
                        insert(table), [{"event_id": event_id, "batch_id": self.batch_id, **values}]
                    )
                    counts.inserted += 1
                elif tuple(found[2:]) != tuple(values.values()):
                    counts.replaced.append(
                        {
                            "table": "attendance",
                            "id": found.id,
                            "before": dict(zip(COUNTS, found[2:], strict=True)),
                        }
                    )
                    self.conn.execute(update(table).where(table.c.id == found.id).values(**values))
                    counts.updated += 1
                else:
                    counts.unchanged += 1
        counts.replaced.extend(filled)
        return counts

    @staticmethod
    def undo(conn, batch_id: int) -> dict[str, int]:
        removed = delete_batch_rows(conn, m.Attendance.__table__, batch_id)
        return {"attendance": removed, "person": delete_orphan_people(conn, batch_id)}


register_kind(
    RecordKind(
        name="attendance",
        title_en="Attendance at events",
        title_es="Asistencia a eventos",
        description="One row per participant, or one head-count row per event.",
        columns=COLUMNS,
        key=("event_record_id", "person_id"),
        writer=AttendanceWriter,
        check_row=check_attendance,
        tables=("attendance", "person"),
    )
)
