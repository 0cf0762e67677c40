"""Writing accepted rows: insert new records, update changed ones, skip identical ones.

Rows are written in chunks: one query finds which records of the chunk exist already,
one insert adds the new ones, one update changes those whose content differs. What an
update replaced is returned so the batch can be undone.

The hot path (records with a one-column key, and people) goes through the database
driver's own connection (:class:`Raw`), inside the same transaction: with a million rows
SQLAlchemy's per-row work would cost more than the database's. New rows are inserted with
``executemany`` on SQLite and ``COPY`` on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice, repeat
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


class Raw:
    """The DBAPI connection under a SQLAlchemy connection, in its transaction."""

    SQLITE_PARAMETERS = 30_000  # below SQLite's limit of bound parameters per statement

    def __init__(self, conn: Connection | sqlite3.Connection) -> None:
        if isinstance(conn, sqlite3.Connection):  # a scratch database of a process's own
            self.sqlite, self.driver = True, conn
            return
        self.sqlite = conn.dialect.name == "sqlite"
        self.driver = conn.connection.driver_connection

    def param(self, value: Any) -> Any:
        """A value as the database gives it back: SQLite keeps dates as ISO text."""
        if self.sqlite and isinstance(value, dt.date):
            return value.isoformat()
        return value

    def select_in(
        self, table: str, columns: list[str], column: str, values: list[Any]
    ) -> list[tuple]:
        """``SELECT columns FROM table WHERE column IN values``, as plain tuples."""
        cursor = self.driver.cursor()
        names = ", ".join(f'"{c}"' for c in columns)
        if not self.sqlite:
            cursor.execute(
                f'SELECT {names} FROM "{table}" WHERE "{column}" = ANY(%s)', (list(values),)
            )
            return cursor.fetchall()
        found: list[tuple] = []
        for start in range(0, len(values), self.SQLITE_PARAMETERS):
            part = values[start : start + self.SQLITE_PARAMETERS]
            marks = ",".join("?" * len(part))
            cursor.execute(f'SELECT {names} FROM "{table}" WHERE "{column}" IN ({marks})', part)
            found.extend(cursor.fetchall())
        return found

    def largest_id(self, table: str) -> int:
        cursor = self.driver.cursor()
        cursor.execute(f'SELECT max(id) FROM "{table}"')
        return cursor.fetchone()[0] or 0

    def insert_numbered(
        self, table: str, columns: list[str], rows: list[tuple], key: str
    ) -> list[tuple[Any, int]]:
        """Insert ``rows`` and return ``(key, id)`` of each (``key`` is a unique column).

        On SQLite, with the import's write lock held, the new rows get the ids after the
        table's largest, one by one in order: when exactly that many ids were added they
        are known without a query. Otherwise (PostgreSQL's sequences) they are looked up.
        """
        position = columns.index(key)
        if self.sqlite:
            before = self.largest_id(table)
            self.insert(table, columns, rows)
            after = self.largest_id(table)
            if after - before == len(rows):
                new_ids = range(before + 1, after + 1)
                return list(zip([r[position] for r in rows], new_ids, strict=True))
        else:
            self.insert(table, columns, rows)
        found = self.select_in(table, [key, "id"], key, [r[position] for r in rows])
        return [tuple(f) for f in found]

    def insert_new(
        self,
        table: str,
        columns: list[str],
        rows: Iterable[tuple],
        key: str,
        same: dict[str, int] | None = None,
    ) -> int:
        """SQLite: insert the rows whose ``key`` (a unique column) the table lacks; returns
        how many were inserted. ``same`` gives columns whose integer value is the same for
        every row (the batch): written once into the statement, not bound row by row,
        which for a million rows saves a quarter of a second."""
        cursor = self.driver.cursor()
        same = {c: int(v) for c, v in (same or {}).items()}  # integers: safe to write in
        names = ", ".join(f'"{c}"' for c in [*columns, *same])
        marks = ", ".join(["?"] * len(columns) + [str(v) for v in same.values()])
        cursor.executemany(
            f'INSERT INTO "{table}" ({names}) VALUES ({marks}) ON CONFLICT ("{key}") DO NOTHING',
            rows,
        )
        return cursor.rowcount

    def insert(self, table: str, columns: list[str], rows: Iterable[tuple]) -> None:
        cursor = self.driver.cursor()
        names = ", ".join(f'"{c}"' for c in columns)
        if self.sqlite:
            marks = ", ".join("?" * len(columns))
            cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
            return
        with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)


class References:
    """The distinct codes an import wrote into a table's referencing columns, checked
    against the tables they refer to before the commit.

    During a big SQLite import the database's own foreign-key checks are off (a look-up
    per row and column; see :func:`opsreport.ingest.batch.import_file`): the rows were
    checked against the reference data read before the import's transaction began, and
    this set-based check, in the transaction, finds a code deleted from the reference
    in between. The values are few (codes, not people), so memory stays flat.
    """

    def __init__(self, table: Table, columns: Iterable[str]) -> None:
        self.table = table
        self.seen: dict[str, set[Any]] = {c: set() for c in columns}

    def note(self, columns: dict[str, list[Any]]) -> None:
        """Remember the values of a chunk (given column by column, table columns)."""
        for column, values in self.seen.items():
            written = columns.get(column)
            if written:
                values.update(written)

    def missing(self, conn: Connection) -> list[tuple[str, Any]]:
        """``(column, value)`` of every value written that its referenced table lacks."""
        raw = Raw(conn)
        absent: list[tuple[str, Any]] = []
        for column, values in self.seen.items():
            wanted = sorted(v for v in values if v is not None)
            if not wanted:
                continue
            (foreign,) = self.table.c[column].foreign_keys
            target = foreign.column
            found = {
                row[0]
                for row in raw.select_in(target.table.name, [target.name], target.name, wanted)
            }
            absent.extend((column, v) for v in wanted if v not in found)
        return absent


BULK_ROWS = 50_000  # an import this big into a table no bigger rebuilds its indexes
# an import this big also rebuilds the indexes a writer keeps up to date in smaller ones:
# with 64 MB of SQLite page cache (SQLITE_CACHE_KIB), their B-trees outgrow it between 1M
# and 3M records, and keeping them up to date then reads and writes pages at random
BIG_ROWS = 2_000_000
SORT_CACHE_KIB = 16 * 1024  # SQLite's page cache (and so its in-memory sort) for a rebuild
SORT_THREADS = 1  # SQLite's helper threads for a rebuild's sort (PRAGMA threads)


class BulkIndexes:
    """Some of a SQLite table's secondary indexes set aside while a big import writes, then
    rebuilt.

    A row inserted into an index at a random place costs a descent of its B-tree; building
    the index once over the finished table sorts instead, in less than half the time when
    the import brings at least as many rows as the table had (a first import of a year's
    records, say). An index whose entries arrive in a few runs (a code among ten, a date
    among a year's) costs no more kept up to date than rebuilt, and keeping it moves that
    work off the end of the import, where nothing else runs: only the indexes on the
    columns a writer names (``bulk_indexes``: table -> columns) are set aside, and those of
    ``bulk_indexes_big`` too when the import brings at least :data:`BIG_ROWS` rows, where
    such an index no longer fits SQLite's page cache and keeping it up to date costs more
    than sorting it (services, 3M records: 42-52 s kept, 38-39 s rebuilt). Primary keys
    and unique constraints always stay, as the import itself looks records up by them.
    Everything happens inside the import's transaction: a rolled-back import (dry run,
    ``--strict``, a crash) gets the indexes back untouched, and other connections never
    see the table without them (SQLite lets no other writer in, and readers see the last
    commit).
    """

    def __init__(
        self,
        conn: Connection,
        tables: dict[str, Iterable[str]],
        big: dict[str, Iterable[str]] | None = None,
    ) -> None:
        self.raw = Raw(conn)
        self.tables = {t: set(c) for t, c in tables.items()} if self.raw.sqlite else {}
        self.big = {t: set(c) for t, c in (big or {}).items()} if self.raw.sqlite else {}
        self.dropped: list[tuple[str, str]] = []

    @staticmethod
    def worth_it(expected_rows: int, table_rows: int) -> bool:
        return expected_rows >= max(BULK_ROWS, table_rows)

    def set_aside(self, expected_rows: int) -> None:
        """Drop the indexes it pays to rebuild after a load of about ``expected_rows``."""
        if not self.worth_it(expected_rows, self.table_rows()):
            return
        columns = {t: set(c) for t, c in self.tables.items()}
        if expected_rows >= BIG_ROWS:
            for table, more in self.big.items():
                columns.setdefault(table, set()).update(more)
        self.drop(columns)

    def table_rows(self) -> int:
        """About how many rows the tables hold (their largest id: no scan)."""
        cursor = self.raw.driver.cursor()
        most = 0
        for table in {*self.tables, *self.big}:
            found = cursor.execute(f'SELECT max(rowid) FROM "{table}"').fetchone()[0]
            most = max(most, found or 0)
        return most

    def drop(self, tables: dict[str, set[str]]) -> None:
        """Drop the indexes of ``tables`` (table -> columns) on those columns only."""
        cursor = self.raw.driver.cursor()
        for table, columns in tables.items():
            for name, sql in cursor.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
                (table,),
            ).fetchall():
                indexed = {row[2] for row in cursor.execute(f'PRAGMA index_info("{name}")')}
                if indexed <= columns:
                    self.dropped.append((name, sql))
        for name, _sql in self.dropped:
            cursor.execute(f'DROP INDEX "{name}"')

    def rebuild(self) -> None:
        """Build the indexes again. SQLite sorts their entries in memory up to its page
        cache's size; the page cache is first cut to :data:`SORT_CACHE_KIB`, so the sort
        reuses the memory the cache gave back instead of adding to it (a bigger table
        is sorted in runs on disk), and the import's memory does not grow with the table.
        """
        if not self.dropped:
            return
        cursor = self.raw.driver.cursor()
        cursor.execute(f"PRAGMA cache_size=-{SORT_CACHE_KIB}")
        # one helper thread of SQLite's sorts runs of the index's entries while the
        # connection's own thread reads the table: the checking process has ended by now,
        # so a core is free (1M services: 0.68 -> 0.53 s for the person index, medians
        # of 4; more threads were slower on two cores). The connection's setting is put
        # back afterwards.
        threads = cursor.execute("PRAGMA threads").fetchone()[0]
        cursor.execute(f"PRAGMA threads={max(int(threads), SORT_THREADS)}")
        try:
            for _name, sql in self.dropped:
                cursor.execute(sql)
        finally:
            cursor.execute(f"PRAGMA threads={int(threads)}")
        self.dropped = []


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
    if not rows:
        return Counts(), {}, set()
    if len(key) > 1:
        return _upsert_core(conn, table, key, rows, batch_id, want_ids)
    counts = Counts()
    raw = Raw(conn)
    name = key[0]
    content = [c for c in rows[0] if c != name]
    wanted = [raw.param(r[name]) for r in rows]
    existing = {
        found[1]: (found[0], tuple(found[2:]))
        for found in raw.select_in(table.name, ["id", name, *content], name, wanted)
    }
    # SQLite gives dates back as ISO text: compare and write them as such
    dates = [i for i, c in enumerate(content) if isinstance(table.c[c].type, Date)]
    dates = dates if raw.sqlite else []
    new, changed = [], []
    for row, row_key in zip(rows, wanted, strict=True):
        listed = [row[c] for c in content]
        for i in dates:
            if listed[i] is not None:
                listed[i] = listed[i].isoformat()
        values = tuple(listed)
        hit = existing.get(row_key)
        if hit is None:
            new.append((row_key, *values, batch_id))
        elif hit[1] != values:
            _replace(counts, changed, table, content, hit, {c: row[c] for c in content})
        else:
            counts.unchanged += 1
    _write(conn, raw, table, [name, *content, "batch_id"], new, changed, counts)
    ids = {(w,): hit[0] for w, hit in existing.items()}
    if new and want_ids:
        for record_id, row_key in raw.select_in(
            table.name, ["id", name], name, [row[0] for row in new]
        ):
            ids[(row_key,)] = record_id
    return counts, ids, {(w,) for w in wanted if w not in existing}


def upsert_columns(
    conn: Connection, table: Table, key: str, columns: dict[str, list[Any]], batch_id: int
) -> Counts:
    """:func:`upsert` for a chunk given column by column (``columns`` are table columns,
    the one-column ``key`` among them), without a dictionary or tuple per row until the
    rows are handed to the driver. New records are the common case of a big import: on
    SQLite the chunk is inserted first, skipping keys that exist (``ON CONFLICT DO
    NOTHING``), and only when some existed are those looked up to be compared (the ids
    up to the table's largest before the insert are theirs); PostgreSQL looks the keys up
    first and copies the new rows (``COPY``).
    """
    counts = Counts()
    keys = columns[key]
    if not keys:
        return counts
    raw = Raw(conn)
    content = [c for c in columns if c != key]
    stored = dict(columns)  # values as the database gives them back
    if raw.sqlite:
        for c in content:
            if isinstance(table.c[c].type, Date):
                iso = {d: d.isoformat() for d in set(columns[c]) if d is not None}
                iso[None] = None
                stored[c] = list(map(iso.__getitem__, columns[c]))
    names = [key, *content, "batch_id"]
    before = None
    if raw.sqlite:
        # new records first, skipping the keys that exist: usually that is all of them
        before = raw.largest_id(table.name)
        rows = zip(keys, *(stored[c] for c in content), strict=True)
        batch = {"batch_id": batch_id}
        counts.inserted = raw.insert_new(table.name, [key, *content], rows, key, batch)
        if counts.inserted == len(keys):
            return counts
    existing = {
        found[1]: (found[0], tuple(found[2:]))
        for found in raw.select_in(table.name, ["id", key, *content], key, keys)
        if before is None or found[0] <= before  # not one inserted just now
    }
    if not existing and not raw.sqlite:
        rows = zip(keys, *(stored[c] for c in content), repeat(batch_id, len(keys)), strict=True)
        raw.insert(table.name, names, rows)
        counts.inserted = len(keys)
        return counts
    new, changed = [], []
    for i, values in enumerate(zip(*(stored[c] for c in content), strict=True)):
        hit = existing.get(keys[i])
        if hit is None:
            if not raw.sqlite:  # on SQLite it was inserted above
                new.append((keys[i], *values, batch_id))
        elif hit[1] != values:
            _replace(counts, changed, table, content, hit, {c: columns[c][i] for c in content})
        else:
            counts.unchanged += 1
    _write(conn, raw, table, names, new, changed, counts)
    return counts


def _replace(
    counts: Counts,
    changed: list[dict[str, Any]],
    table: Table,
    content: list[str],
    hit: tuple[Any, tuple],
    values: dict[str, Any],
    key: str = "id",
) -> None:
    """Note a stored record (``hit``: its ``key`` value and stored content) whose content
    differs: it is to be updated, and its old values are kept so that undoing the batch
    can restore them (:func:`restore` reads them by ``id``, or by ``code`` for reference
    tables without a numeric id)."""
    changed.append({f"_{key}": hit[0], **values})
    counts.replaced.append(
        {
            "table": table.name,
            key: hit[0],
            "before": {c: _jsonable(v) for c, v in zip(content, hit[1], strict=True)},
        }
    )


def _update(
    conn: Connection, table: Table, changed: list[dict[str, Any]], counts: Counts, key: str = "id"
) -> None:
    """Update the records :func:`_replace` noted, by their ``key``."""
    if not changed:
        return
    content = [c for c in changed[0] if c != f"_{key}"]
    statement = update(table).where(table.c[key] == bindparam(f"_{key}"))
    conn.execute(statement.values({c: bindparam(c) for c in content}), changed)
    counts.updated += len(changed)


def _write(
    conn: Connection,
    raw: Raw,
    table: Table,
    names: list[str],
    new: list[tuple],
    changed: list[dict[str, Any]],
    counts: Counts,
) -> None:
    """Insert the ``new`` rows (tuples in the order of ``names``) and update the changed."""
    if new:
        raw.insert(table.name, names, new)
        counts.inserted += len(new)
    _update(conn, table, changed, counts)


def _upsert_core(
    conn: Connection,
    table: Table,
    key: tuple[str, ...],
    rows: list[dict[str, Any]],
    batch_id: int,
    want_ids: bool,
) -> tuple[Counts, dict[tuple, int], set[tuple]]:
    """:func:`upsert` for keys of several columns, with SQLAlchemy Core (small kinds)."""
    counts = Counts()
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
            _replace(
                counts, changed, table, content, existing[row_key], {c: row[c] for c in content}
            )
        else:
            counts.unchanged += 1
    if new:
        conn.execute(insert(table), new)
        counts.inserted += len(new)
    _update(conn, table, changed, counts)
    ids = {w: existing[w][0] for w in wanted if w in existing}
    if new and want_ids:
        missing = [w for w in wanted if w not in ids]
        where = _key_in(key_cols, missing)
        for found in conn.execute(select(table.c.id, *key_cols).where(where)):
            ids[tuple(found[1:])] = found[0]
    return counts, ids, {w for w in wanted if w not in existing}


def upsert_by_code(
    conn: Connection, table: Table, rows: list[dict[str, Any]], batch_id: int
) -> Counts:
    """Insert or update reference rows (offices, sites, donors) whose key is ``code``.

    These tables have no numeric id: what an update replaced is kept by code, which
    :func:`restore` understands. Rows that came from the mission file keep no batch, so
    undoing an import never deletes them, only puts back what it changed.
    """
    counts = Counts()
    if not rows:
        return counts
    content = [c for c in rows[0] if c != "code"]
    query = select(table.c.code, *(table.c[c] for c in content)).where(
        table.c.code.in_([r["code"] for r in rows])
    )
    existing = {found[0]: tuple(found[1:]) for found in conn.execute(query)}
    new, changed = [], []
    for row in rows:
        before = existing.get(row["code"])
        if before is None:
            new.append({**row, "batch_id": batch_id})
        elif before != tuple(row[c] for c in content):
            hit = (row["code"], before)
            _replace(counts, changed, table, content, hit, {c: row[c] for c in content}, "code")
        else:
            counts.unchanged += 1
    if new:
        conn.execute(insert(table), new)
        counts.inserted += len(new)
    _update(conn, table, changed, counts, "code")
    return counts


PERSON_ATTRIBUTES = ("sex", "birth_year", "nationality", "population_group_code")
# people remembered per import: flat memory, however long the file (about 60 MB). A
# person forgotten is looked up again: at 200,000, a 1M-row file of 367,000 people asked
# for 277,000 people twice (about 1.4 CPU-s of the importing process, 11 CPU-s in all)
KNOWN_PEOPLE = 400_000


class PeopleGuess:
    """Whether a chunk's people not met before in the file are likely all new to the store
    (see :func:`ensure_people_listed`): judged from the chunk before."""

    all_new = True


def ensure_people(
    conn: Connection,
    people: dict[str, dict[str, Any]],
    batch_id: int,
    known: dict[str, int] | None = None,
    replaced: list[dict[str, Any]] | None = None,
) -> dict[str, int]:
    """Person ids for person keys, adding the people not seen before.

    ``people`` maps each key to its attributes (:data:`PERSON_ATTRIBUTES`) as a dict;
    see :func:`ensure_people_listed`.
    """
    listed = {k: tuple(p.get(c) for c in PERSON_ATTRIBUTES) for k, p in people.items()}
    return ensure_people_listed(conn, listed, batch_id, known, replaced)


def ensure_people_listed(
    conn: Connection,
    people: dict[str, tuple],
    batch_id: int,
    known: dict[str, int] | None = None,
    replaced: list[dict[str, Any]] | None = None,
    guess: PeopleGuess | None = None,
) -> dict[str, int]:
    """Person ids for person keys (attributes as tuples in :data:`PERSON_ATTRIBUTES`
    order), adding the people not seen before. ``guess`` (kept by the writer across
    chunks) says whether the last chunk's unknown people were all new to the store.

    A person already known keeps the attributes first recorded, but a blank one is filled
    in from the new row: one service record should not rewrite who someone is. The blanks
    filled are noted in ``replaced`` (as :func:`restore` reads them), so that undoing the
    import empties them again. ``known``
    (kept by the writer across chunks) remembers people with no blank attribute, who need
    no query when they come back.
    """
    table = m.Person.__table__
    known = {} if known is None else known
    remembered = list(map(known.get, people))
    ids: dict[str, Any] = dict(zip(people, remembered, strict=True))  # None: not known yet
    if None not in remembered:
        return ids
    keys = [k for k, person_id in zip(people, remembered, strict=True) if person_id is None]
    if len(known) >= KNOWN_PEOPLE:  # forget the people remembered longest ago
        for key in list(islice(known, len(known) // 2)):
            del known[key]
    raw = Raw(conn)
    described = ["person_key", *PERSON_ATTRIBUTES]
    names = ["id", *described]
    if raw.sqlite and guess is not None and guess.all_new:
        # people new to the store first, skipping those it has: in a file of new people
        # that is all of them, and then their ids follow the largest one in order, with no
        # query at all. When some were there already, they are all looked up after all,
        # and the next chunk looks first (people coming back: a monthly file, a re-import)
        before = raw.largest_id(table.name)
        rows = [(k, *people[k]) for k in keys]
        batch = {"batch_id": batch_id}
        inserted = raw.insert_new(table.name, described, rows, "person_key", batch)
        guess.all_new = inserted == len(keys)
        if guess.all_new:
            numbered = zip(keys, range(before + 1, before + 1 + len(keys)), strict=True)
            _added(numbered, people, ids, known)
            return ids
        found = raw.select_in(table.name, names, "person_key", keys)
        _added([(f[1], f[0]) for f in found if f[0] > before], people, ids, known)  # just now
        _fill_blanks(conn, [f for f in found if f[0] <= before], people, ids, known, replaced)
        return ids
    stored = raw.select_in(table.name, names, "person_key", keys)
    if guess is not None:
        guess.all_new = not stored  # none there: the next chunk inserts first again
    _fill_blanks(conn, stored, people, ids, known, replaced)
    missing = [k for k in keys if ids[k] is None]
    if missing:
        rows = [(k, *people[k], batch_id) for k in missing]
        columns = [*described, "batch_id"]
        _added(raw.insert_numbered(table.name, columns, rows, "person_key"), people, ids, known)
    return ids


def _added(
    numbered: Iterable[tuple[str, int]],
    people: dict[str, tuple],
    ids: dict[str, Any],
    known: dict[str, int],
) -> None:
    """People this import added (``(key, id)``): their ids; the ones with nothing blank are
    remembered (see :func:`ensure_people_listed`)."""
    numbered = list(numbered)
    ids.update(numbered)
    known.update([pair for pair in numbered if None not in people[pair[0]]])


def _fill_blanks(
    conn: Connection,
    stored: list[tuple],
    people: dict[str, tuple],
    ids: dict[str, Any],
    known: dict[str, int],
    replaced: list[dict[str, Any]] | None,
) -> None:
    """People already stored (``(id, key, *attributes)``): their ids, and their blank
    attributes filled in from this import (see :func:`ensure_people_listed`)."""
    table = m.Person.__table__
    fill = []
    for found in stored:
        person_id, key, before = found[0], found[1], found[2:]
        ids[key] = person_id
        if None not in before:  # nothing blank to fill in: the usual case
            known[key] = person_id
            continue
        new = people[key]
        blanks = {
            c: n
            for c, value, n in zip(PERSON_ATTRIBUTES, before, new, strict=True)
            if value is None and n is not None
        }
        if blanks:
            fill.append((person_id, blanks))
        if all(
            value is not None or c in blanks
            for c, value in zip(PERSON_ATTRIBUTES, before, strict=True)
        ):
            known[key] = person_id
    for person_id, blanks in fill:
        conn.execute(update(table).where(table.c.id == person_id).values(**blanks))
        if replaced is not None:
            replaced.append({"table": table.name, "id": person_id, "before": dict.fromkeys(blanks)})


TABLES = {t.name: t for t in m.Base.metadata.sorted_tables}


# tables whose noted "before" is a record's whole list of rows, put back in place of the
# current list: table -> (the column naming the record, the columns of one listed item)
LISTS = {
    "event_topic": ("event_id", ("topic_code",)),  # an event's topic codes
    "survey_answer": ("response_id", ("question", "value")),  # a response's answers
}


def restore(conn: Connection, replaced: list[dict[str, Any]]) -> None:
    """Put back what updates replaced (newest first), for undo.

    An entry is ``{"table", "id" (or "code" for reference tables), "before"}``: the
    columns' old values, or for the tables of :data:`LISTS` the record's old list. An
    entry ``{"table", "id", "made": True}`` notes a row the import made besides its
    records (a survey round): there is nothing to put back, the kind's undo removes it.

    The values are written a statement per table and set of columns, with all their rows
    (``executemany``), not one statement per record: undoing an import that updated
    20,000 records spent nearly all its time in 20,000 single-row updates. An import
    notes each record's column once, so the order of the rows does not matter; should a
    column of a record come again, what was gathered is written first, keeping the order.
    """
    pending = _Pending(conn)
    for entry in reversed(replaced):
        if entry.get("made"):
            continue
        table = TABLES[entry["table"]]
        if entry["table"] in LISTS:
            owner, columns = LISTS[entry["table"]]
            rows = [
                {owner: entry["id"], **dict(zip(columns, _listed(item), strict=True))}
                for item in entry["before"]
            ]
            pending.add_list(entry["table"], entry["id"], rows)
            continue
        values = {}
        for column, value in entry["before"].items():
            if column not in table.c:
                continue
            if value is not None and isinstance(table.c[column].type, Date):
                value = dt.date.fromisoformat(value)
            values[column] = value
        if values:
            key = "code" if "code" in entry else "id"  # reference tables are known by code
            pending.add(entry["table"], key, entry[key], values)
    pending.write()


class _Pending:
    """The updates and lists :func:`restore` gathers, written a table at a time."""

    OWNERS_PER_DELETE = 10_000  # below SQLite's limit of bound parameters per statement

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.updates: dict[tuple[str, str, tuple[str, ...]], list[dict[str, Any]]] = {}
        self.lists: dict[str, tuple[list[Any], list[dict[str, Any]]]] = {}
        self.noted: set[tuple] = set()  # (table, key value, column) gathered

    def _note(self, marks: set[tuple]) -> None:
        if marks & self.noted:  # a column of a record again: keep the order
            self.write()
        self.noted |= marks

    def add(self, name: str, key: str, value: Any, values: dict[str, Any]) -> None:
        self._note({(name, value, column) for column in values})
        rows = self.updates.setdefault((name, key, tuple(sorted(values))), [])
        rows.append({"_key": value, **values})

    def add_list(self, name: str, owner: Any, rows: list[dict[str, Any]]) -> None:
        self._note({(name, owner, None)})
        owners, listed = self.lists.setdefault(name, ([], []))
        owners.append(owner)
        listed.extend(rows)

    def write(self) -> None:
        for (name, key, columns), rows in self.updates.items():
            table = TABLES[name]
            statement = update(table).where(table.c[key] == bindparam("_key"))
            self.conn.execute(statement.values({c: bindparam(c) for c in columns}), rows)
        for name, (owners, rows) in self.lists.items():
            table = TABLES[name]
            owner = table.c[LISTS[name][0]]
            for start in range(0, len(owners), self.OWNERS_PER_DELETE):
                part = owners[start : start + self.OWNERS_PER_DELETE]
                self.conn.execute(delete(table).where(owner.in_(part)))
            if rows:
                self.conn.execute(insert(table), rows)
        self.updates, self.lists, self.noted = {}, {}, set()


def _listed(item: Any) -> list[Any]:
    """One item of a noted list as its columns' values: a code, or a list of values."""
    return list(item) if isinstance(item, (list, tuple)) else [item]


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
