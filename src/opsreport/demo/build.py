"""Writing the demo mission into a store: reference data, then its records through the importer.

``build_demo(store)`` migrates the store, loads the demo mission file, writes the demo's
records as import files (:mod:`opsreport.demo.files`) and imports them with
:func:`opsreport.ingest.import_file`, one batch per file, so the demo exercises the path
real data takes: the files' bad rows are rejected and listed by ``opsreport batches``, and
identifiers become keyed hashes on the way in. Survey rounds (and anything without an
import kind yet) are still written directly, in one transaction with bulk inserts.
It refuses a store that already holds operational records: mixing the demo into real data
would corrupt both. ``reset_store(store)`` empties a store for ``--fresh``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import MetaData, func, insert, select, text

from opsreport.demo.files import DemoFile, emit_files
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
# Tables filled by importing the demo's files; the others are written directly.
IMPORTED_TABLES = (
    "person",
    "staff_member",
    "service_record",
    "event",
    "event_topic",
    "attendance",
    "channel_metric",
)

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
    # per imported file: (kind, file name, batch id, rows read, rows rejected)
    imports: list[tuple[str, str, int | None, int, int]] = field(default_factory=list)
    files: Path | None = None  # where the import files and rejected rows were kept


def build_demo(
    store: Store,
    *,
    seed: int = 2023,
    progress: Progress | None = None,
    actor: str | None = None,
    files: str | Path | None = None,
) -> DemoSummary:
    """Build the demo mission (reference data and 2023 records) into an empty store.

    The import files and their rejected rows are kept in ``files`` when given (a temporary
    folder otherwise). ``progress(step, done, total)`` is called after each step.
    """
    report = progress or (lambda step, done, total: None)
    direct = [t for t in TABLES if t not in IMPORTED_TABLES]
    steps = 2 + 5 + len(direct) + 1
    store.migrate()
    _refuse_if_in_use(store)
    report("reference data", 1, steps)
    reference = apply_mission_file(store, load_mission_file(MISSION_FILE), actor=actor)
    report("generating records", 2, steps)
    data = generate(seed)
    summary = DemoSummary(
        seed=seed,
        counts=data.counts(),
        reference=reference,
        people=len(data["person"]),
    )
    if files is None:
        with tempfile.TemporaryDirectory(prefix="opsreport-demo-") as folder:
            _import_files(store, data, Path(folder), summary, actor, report, steps)
    else:
        summary.files = Path(files)
        _import_files(store, data, summary.files, summary, actor, report, steps)
    tables = m.Base.metadata
    with store.session() as session:
        connection = session.connection()
        for done, table in enumerate(direct, start=8):
            rows = _pseudonymous(table, data[table])
            for start in range(0, len(rows), CHUNK):
                connection.execute(insert(tables.tables[table]), rows[start : start + CHUNK])
            report(table, done, steps)
        if store.dialect == "postgresql":
            _advance_sequences(connection, data, direct)
        days = [row["service_date"] for row in data["service_record"]]
        days += [row["end_date"] for row in data["event"]]
        summary.first_day, summary.last_day = min(days), max(days)
        session.add(
            m.AuditEntry(
                actor=actor or _user(),
                action="demo",
                target=MISSION_FILE.name,
                detail={
                    "seed": seed,
                    "counts": summary.counts,
                    "batches": [batch for _, _, batch, _, _ in summary.imports],
                },
            )
        )
    report("done", steps, steps)
    return summary


def _import_files(
    store: Store,
    data: DemoData,
    folder: Path,
    summary: DemoSummary,
    actor: str | None,
    report: Progress,
    steps: int,
) -> None:
    """Import the demo's files one by one; rejected rows go to ``folder/rejected``."""
    from opsreport.ingest import import_file
    from opsreport.ingest.rejected import write_rejected

    emitted: list[DemoFile] = emit_files(folder, data=data)
    for done, demo_file in enumerate(emitted, start=3):
        result = import_file(
            store,
            demo_file.path,
            demo_file.kind,
            actor=actor or _user(),
            # the demo declares it: a few host-community people are served at ETRMs
            allow_non_transit_at_etrm=True,
        )
        if result.rows_rejected != demo_file.bad_rows:  # the generator and the rules disagree
            raise StoreError(
                f"The demo file {demo_file.path.name} had {result.rows_rejected} rows "
                f"rejected instead of {demo_file.bad_rows}: {result.issue_counts()}"
            )
        if result.rejected:
            write_rejected(result, folder / "rejected")
        summary.imports.append(
            (
                demo_file.kind,
                demo_file.path.name,
                result.batch_id,
                result.rows_read,
                result.rows_rejected,
            )
        )
        report(f"importing {demo_file.kind}", done, steps)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


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


def _advance_sequences(connection, data: DemoData, tables: list[str]) -> None:
    """PostgreSQL: ids were given explicitly, so move each id sequence past the largest."""
    for table in tables:
        if data[table] and "id" in data[table][0]:
            connection.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :last)"),
                {"table": table, "last": max(row["id"] for row in data[table])},
            )
