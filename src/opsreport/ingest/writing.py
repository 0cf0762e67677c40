"""Writing accepted rows: insert new records, update changed ones, skip identical ones.

Rows are written in chunks with SQLAlchemy Core ``executemany`` (no ORM object per row):
one query finds which records of the chunk exist already, one insert adds the new ones,
one update changes those whose content differs. What an update replaced is returned so
the batch can be undone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Date, Table, bindparam, delete, insert, select, tuple_, update

from opsreport.store import models as m


@dataclass
class Counts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    # what updates replaced: {"table", "id", "before": {column: value}}
    replaced: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.replaced.extend(other.replaced)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _key_in(key_cols, keys: list[tuple]):
    if len(key_cols) == 1:
        return key_cols[0].in_([k[0] for k in keys])
    return tuple_(*key_cols).in_(keys)


def upsert(
    conn: Connection,
    table: Table,
    key: tuple[str, ...],
    rows: list[dict[str, Any]],
    batch_id: int,
    want_ids: bool = False,
) -> tuple[Counts, dict[tuple, int], set[tuple]]:
    """Insert or update ``rows`` (dicts of table columns) by ``key``.

    Returns the counts, the record id of every key (only with ``want_ids``: finding the
    ids of new rows costs one more query), and the keys that were new.
    """
    counts = Counts()
    if not rows:
        return counts, {}, set()
    content = [c for c in rows[0] if c not in key]
    key_cols = [table.c[k] for k in key]
    wanted = [tuple(r[k] for k in key) for r in rows]
    existing: dict[tuple, tuple[int, tuple]] = {}
    where = _key_in(key_cols, wanted)
    query = select(table.c.id, *key_cols, *(table.c[c] for c in content)).where(where)
    for found in conn.execute(query):
        existing[tuple(found[1 : 1 + len(key)])] = (found[0], tuple(found[1 + len(key) :]))
    new, changed = [], []
    for row, row_key in zip(rows, wanted, strict=True):
        values = tuple(row[c] for c in content)
        if row_key not in existing:
            new.append({**row, "batch_id": batch_id})
        elif existing[row_key][1] != values:
            record_id, before = existing[row_key]
            changed.append({"_id": record_id, **{c: row[c] for c in content}})
            counts.replaced.append(
                {
                    "table": table.name,
                    "id": record_id,
                    "before": {c: _jsonable(v) for c, v in zip(content, before, strict=True)},
                }
            )
        else:
            counts.unchanged += 1
    if new:
        conn.execute(insert(table), new)
        counts.inserted += len(new)
    if changed:
        statement = update(table).where(table.c.id == bindparam("_id"))
        conn.execute(statement.values({c: bindparam(c) for c in content}), changed)
        counts.updated += len(changed)
    ids = {w: existing[w][0] for w in wanted if w in existing}
    if new and want_ids:
        missing = [w for w in wanted if w not in ids]
        where = _key_in(key_cols, missing)
        for found in conn.execute(select(table.c.id, *key_cols).where(where)):
            ids[tuple(found[1:])] = found[0]
    return counts, ids, {w for w in wanted if w not in existing}


def ensure_people(
    conn: Connection, people: dict[str, dict[str, Any]], batch_id: int
) -> dict[str, int]:
    """Person ids for person keys, adding the people not seen before.

    A person already known keeps the attributes first recorded, but a blank one is filled
    in from the new row: one service record should not rewrite who someone is.
    """
    table = m.Person.__table__
    ids: dict[str, int] = {}
    if not people:
        return ids
    keys = list(people)
    fill = []
    for found in conn.execute(
        select(
            table.c.id,
            table.c.person_key,
            table.c.sex,
            table.c.birth_year,
            table.c.nationality,
            table.c.population_group_code,
        ).where(table.c.person_key.in_(keys))
    ):
        ids[found.person_key] = found.id
        new = people[found.person_key]
        blanks = {
            c: new.get(c)
            for c in ("sex", "birth_year", "nationality", "population_group_code")
            if getattr(found, c) is None and new.get(c) is not None
        }
        if blanks:
            fill.append((found.id, blanks))
    for person_id, blanks in fill:
        conn.execute(update(table).where(table.c.id == person_id).values(**blanks))
    missing = [k for k in keys if k not in ids]
    if missing:
        conn.execute(
            insert(table),
            [
                {
                    "person_key": k,
                    "sex": people[k].get("sex"),
                    "birth_year": people[k].get("birth_year"),
                    "nationality": people[k].get("nationality"),
                    "population_group_code": people[k].get("population_group_code"),
                    "batch_id": batch_id,
                }
                for k in missing
            ],
        )
        for found in conn.execute(
            select(table.c.id, table.c.person_key).where(table.c.person_key.in_(missing))
        ):
            ids[found.person_key] = found.id
    return ids


TABLES = {t.name: t for t in m.Base.metadata.sorted_tables}


def restore(conn: Connection, replaced: list[dict[str, Any]]) -> None:
    """Put back what updates replaced (newest first), for undo."""
    for entry in reversed(replaced):
        table = TABLES[entry["table"]]
        if entry["table"] == "event_topic":  # the before is the event's list of topics
            conn.execute(delete(table).where(table.c.event_id == entry["id"]))
            if entry["before"]:
                conn.execute(
                    insert(table),
                    [{"event_id": entry["id"], "topic_code": code} for code in entry["before"]],
                )
            continue
        values = {}
        for column, value in entry["before"].items():
            if column not in table.c:
                continue
            if value is not None and isinstance(table.c[column].type, Date):
                value = dt.date.fromisoformat(value)
            values[column] = value
        if values:
            conn.execute(update(table).where(table.c.id == entry["id"]).values(**values))


def delete_batch_rows(conn: Connection, table: Table, batch_id: int) -> int:
    return conn.execute(delete(table).where(table.c.batch_id == batch_id)).rowcount


def delete_orphan_people(conn: Connection, batch_id: int) -> int:
    """People this batch brought in that no remaining record mentions."""
    person = m.Person.__table__
    used = select(m.ServiceRecord.person_id).union(
        select(m.Attendance.person_id).where(m.Attendance.person_id.is_not(None))
    )
    return conn.execute(
        delete(person).where(person.c.batch_id == batch_id, person.c.id.not_in(used))
    ).rowcount
