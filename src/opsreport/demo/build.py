"""Writing the demo mission into a store: reference data, then every record at once.

``build_demo(store)`` migrates the store, loads the demo mission file, and writes the
generated records in one transaction with bulk inserts (one executemany per table), so
it takes seconds on SQLite and PostgreSQL alike. Raw demo identifiers become keyed hashes
on the way in. It refuses a store that already holds operational records: mixing the demo
into real data would corrupt both. ``reset_store(store)`` empties a store for ``--fresh``.
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import MetaData, func, insert, select, text

from opsreport.demo.generate import TABLES, DemoData, generate
from opsreport.demo.targets import DATA_END, DATA_START
from opsreport.errors import StoreError
from opsreport.mission import apply_mission_file, load_mission_file
from opsreport.privacy import person_key
from opsreport.store import Store
from opsreport.store import models as m

MISSION_FILE = Path(__file__).with_name("panama-mission.yaml")
# Tables whose rows are operational records: any row in them means the store is in use.
OPERATIONAL_TABLES = (*TABLES, "transit_count", "import_batch")
# Rows per executemany call: keeps PostgreSQL parameter lists and memory small.
CHUNK = 5000

Progress = Callable[[str, int, int], None]


class DemoStoreNotEmpty(StoreError):
    """The store already holds operational records; the demo goes only into an empty one."""


@dataclass
class DemoSummary:
    """What :func:`build_demo` wrote: rows per table, people, and the span of the data."""

    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    reference: dict[str, int] = field(default_factory=dict)
    people: int = 0
    first_day: dt.date = DATA_START
    last_day: dt.date = DATA_END


def build_demo(
    store: Store, *, seed: int = 2023, progress: Progress | None = None, actor: str | None = None
) -> DemoSummary:
    """Build the demo mission (reference data and 2023 records) into an empty store.

    ``progress(step, done, total)`` is called after each step, for a progress bar.
    """
    report = progress or (lambda step, done, total: None)
    steps = len(TABLES) + 3
    store.migrate()
    _refuse_if_in_use(store)
    report("reference data", 1, steps)
    reference = apply_mission_file(store, load_mission_file(MISSION_FILE), actor=actor)
    report("generating records", 2, steps)
    data = generate(seed)
    tables = m.Base.metadata
    with store.session() as session:
        connection = session.connection()
        for done, table in enumerate(TABLES, start=3):
            rows = _pseudonymous(table, data[table])
            for start in range(0, len(rows), CHUNK):
                connection.execute(insert(tables.tables[table]), rows[start : start + CHUNK])
            report(table, done, steps)
        if store.dialect == "postgresql":
            _advance_sequences(connection, data)
        days = [row["service_date"] for row in data["service_record"]]
        days += [row["end_date"] for row in data["event"]]
        summary = DemoSummary(
            seed=seed,
            counts=data.counts(),
            reference=reference,
            people=len(data["person"]),
            first_day=min(days),
            last_day=max(days),
        )
        session.add(
            m.AuditEntry(
                actor=actor or getpass.getuser(),
                action="demo",
                target=MISSION_FILE.name,
                detail={"seed": seed, "counts": summary.counts},
            )
        )
    report("done", steps, steps)
    return summary


def reset_store(store: Store) -> None:
    """Drop every table of the store (records, reference data, schema) and re-create it."""
    everything = MetaData()
    everything.reflect(store.engine)
    everything.drop_all(store.engine)
    store.migrate()


def _refuse_if_in_use(store: Store) -> None:
    tables = m.Base.metadata.tables
    with store.engine.connect() as connection:
        in_use = [
            name
            for name in OPERATIONAL_TABLES
            if connection.execute(select(func.count()).select_from(tables[name])).scalar()
        ]
    if in_use:
        named = ", ".join(t.replace("_", " ") for t in in_use[:3])
        raise DemoStoreNotEmpty(
            f"The store at {store.safe_url} already holds records ({named}"
            f"{', …' if len(in_use) > 3 else ''}). The demo is built only "
            "into an empty store: use 'opsreport demo --fresh' to empty this one first "
            "(everything in it is lost), or choose another --database."
        )


def _pseudonymous(table: str, rows: list[dict]) -> list[dict]:
    """Rows with raw demo identifiers replaced by keyed hashes, as every importer does."""
    column = {"person": "person_key", "staff_member": "staff_key"}.get(table)
    if column is None:
        return rows
    return [{**row, column: person_key(row[column])} for row in rows]


def _advance_sequences(connection, data: DemoData) -> None:
    """PostgreSQL: ids were given explicitly, so move each id sequence past the largest."""
    for table in TABLES:
        if data[table] and "id" in data[table][0]:
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :last)"),
                {"table": table, "last": max(row["id"] for row in data[table])},
            )
