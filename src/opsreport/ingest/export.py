"""Exporting records in the import template's layout, so they can be imported again.

An export is how a mission moves its records between stores (a sub-office to the country
office, a store to a fresh one): ``export_records(store, "services", period, path)``
writes the kind's template columns (English header row and HXL row) for the records of
the period, and importing that file into another store gives the same records. People
and staff are never written with their raw identifiers, which the store does not have:
their column holds ``key:<keyed hash>``, which the importer takes as the key itself.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from sqlalchemy import and_, select

from opsreport.errors import ImportError_
from opsreport.ingest.i18n import tr
from opsreport.ingest.kinds import get_kind
from opsreport.ingest.validate import KEY_PREFIX  # identifier columns: key:<keyed hash>
from opsreport.store import models as m


def cell_text(value: object) -> str:
    """A value as an import file's cell holds it: dates in ISO form, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# Records (the store's column names) in their template's layout: shared by the export and
# by the demo, which hands in its generated records as the files a unit would.


def _person_columns(person: Mapping[str, object], person_id: str) -> dict[str, object]:
    return {
        "person_id": person_id,
        "sex": person["sex"],
        "birth_year": person["birth_year"],
        "nationality": person["nationality"],
    }


def service_row(
    record: Mapping[str, object], person: Mapping[str, object], person_id: str
) -> dict[str, object]:
    """A service record as a row of the services template."""
    return {
        "record_id": record["record_id"],
        **_person_columns(person, person_id),
        "age": record["age_years"],
        "population_group": record["population_group_code"],
        "activity": record["activity_code"],
        "service_date": record["service_date"],
        "site": record["site_code"],
        "topic": record["topic_code"],
    }


def event_row(record: Mapping[str, object], topics: Iterable[str]) -> dict[str, object]:
    """An event as a row of the events template (its topics joined by '; ')."""
    return {
        "record_id": record["record_id"],
        "activity": record["activity_code"],
        "audience": record["audience_code"],
        "title": record["title"],
        "start_date": record["start_date"],
        "end_date": record["end_date"],
        "site": record["site_code"],
        "topics": "; ".join(sorted(topics)),
    }


def attendance_row(
    event_record_id: object,
    record: Mapping[str, object],
    person: Mapping[str, object] | None,
    person_id: str | None,
) -> dict[str, object]:
    """One attendance as a row of the attendance template: an identified person (with
    their population group) or an anonymous head-count."""
    row: dict[str, object] = {"event_record_id": event_record_id}
    if person is not None and person_id is not None:
        row.update(_person_columns(person, person_id))
        row["population_group"] = person["population_group_code"]
    else:
        row.update({c: record[c] for c in record if str(c).startswith("headcount_")})
    return row


def _services(conn, start: dt.date, end: dt.date) -> Iterator[dict]:
    s, p = m.ServiceRecord.__table__, m.Person.__table__
    query = (
        select(s, p.c.person_key, p.c.sex, p.c.birth_year, p.c.nationality)
        .join(p, p.c.id == s.c.person_id)
        .where(s.c.service_date.between(start, end))
        .order_by(s.c.service_date, s.c.record_id)
    )
    for r in conn.execute(query).mappings():
        yield service_row(r, r, KEY_PREFIX + r["person_key"])


def _events_in(start: dt.date, end: dt.date):
    e = m.Event.__table__
    return and_(e.c.start_date <= end, e.c.end_date >= start)


def _events(conn, start: dt.date, end: dt.date) -> Iterator[dict]:
    e, t = m.Event.__table__, m.EventTopic.__table__
    topics: dict[int, list[str]] = {}
    for event_id, code in conn.execute(select(t.c.event_id, t.c.topic_code)):
        topics.setdefault(event_id, []).append(code)
    query = select(e).where(_events_in(start, end)).order_by(e.c.start_date, e.c.record_id)
    for r in conn.execute(query).mappings():
        yield event_row(r, topics.get(r["id"], []))


def _attendance(conn, start: dt.date, end: dt.date) -> Iterator[dict]:
    a, e, p = m.Attendance.__table__, m.Event.__table__, m.Person.__table__
    query = (
        select(
            a,
            e.c.record_id,
            p.c.person_key,
            p.c.sex,
            p.c.birth_year,
            p.c.nationality,
            p.c.population_group_code,
        )  # fmt: skip
        .join(e, e.c.id == a.c.event_id)
        .outerjoin(p, p.c.id == a.c.person_id)
        .where(_events_in(start, end))
        .order_by(e.c.record_id, a.c.id)
    )
    for r in conn.execute(query).mappings():
        known = r["person_key"] is not None
        key = KEY_PREFIX + r["person_key"] if known else None
        yield attendance_row(r["record_id"], r, r if known else None, key)


def _channel_metrics(conn, start: dt.date, end: dt.date) -> Iterator[dict]:
    c = m.ChannelMetric.__table__
    query = (
        select(c)
        .where(c.c.month.between(start.replace(day=1), end))
        .order_by(c.c.month, c.c.channel, c.c.metric)
    )
    for r in conn.execute(query).mappings():
        yield {
            "month": f"{r['month']:%Y-%m}",
            "channel": r["channel"],
            "metric": r["metric"],
            "value": r["value"],
        }


def _staff(conn, start: dt.date, end: dt.date) -> Iterator[dict]:
    """Everyone on the roster at some time in the period."""
    s = m.StaffMember.__table__
    query = (
        select(s)
        .where(s.c.start_date <= end, (s.c.end_date.is_(None)) | (s.c.end_date >= start))
        .order_by(s.c.start_date, s.c.staff_key)
    )
    for r in conn.execute(query).mappings():
        yield {
            "staff_id": KEY_PREFIX + r["staff_key"],
            "category": r["category"],
            "unit": r["unit"],
            "office": r["office_code"],
            "start_date": r["start_date"],
            "end_date": r["end_date"],
        }


EXPORTS = {
    "services": _services,
    "events": _events,
    "attendance": _attendance,
    "channel-metrics": _channel_metrics,
    "staff": _staff,
}


def export_records(store, kind: str, start: dt.date, end: dt.date, path: str | Path) -> int:
    """Write the records of ``kind`` in ``start``..``end`` as a CSV import file; the count."""
    if kind not in EXPORTS:
        raise ImportError_(
            tr("'{kind}' cannot be exported yet. Export one of: {kinds}.").format(
                kind=kind, kinds=", ".join(EXPORTS)
            )
        )
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise ImportError_(tr("{file}: exports are written as .csv files.").format(file=path.name))
    columns = get_kind(kind).columns
    written = 0
    with store.engine.connect() as conn, path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow([c.label_en for c in columns])
        out.writerow([c.hxl for c in columns])
        for row in EXPORTS[kind](conn, start, end):
            out.writerow([cell_text(row.get(c.name)) for c in columns])
            written += 1
    return written
