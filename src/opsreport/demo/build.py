"""Writing the demo mission into a store: reference data, then its records through the importer.

``build_demo(store)`` migrates the store, loads the demo mission file, writes the demo's
records as import files (:mod:`opsreport.demo.files`) and imports them with
:func:`opsreport.ingest.import_file`, one batch per file, so the demo exercises the path
real data takes: the files' bad rows are rejected and listed by ``opsreport batches``, and
identifiers become keyed hashes on the way in. Every record arrives that way: the
registers, the two survey rounds' Kobo exports (each round created first with its
fieldwork dates and provinces, as ``opsreport survey round create`` does) and the SNM
transit table. It refuses a store that already holds operational records: mixing the demo
into real data would corrupt both. ``reset_store(store)`` empties a store for ``--fresh``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import MetaData, func, select

from opsreport.demo.files import FILES, DemoFile, emit_files
from opsreport.demo.generate import TABLES, DemoData, generate
from opsreport.demo.targets import DATA_END, DATA_START
from opsreport.errors import StoreError
from opsreport.mission import apply_mission_file, load_mission_file
from opsreport.store import Store
from opsreport.store import models as m

MISSION_FILE = Path(__file__).with_name("panama-mission.yaml")
# Tables whose rows are operational records: any row in them means the store is in use.
OPERATIONAL_TABLES = (*TABLES, "transit_count", "import_batch")

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
    steps = 2 + len(FILES) + 1
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
            _import_files(store, data, Path(folder), summary, actor, report)
    else:
        summary.files = Path(files)
        _import_files(store, data, summary.files, summary, actor, report)
    days = [row["service_date"] for row in data["service_record"]]
    days += [row["end_date"] for row in data["event"]]
    summary.first_day, summary.last_day = min(days), max(days)
    with store.session() as session:
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
) -> None:
    """Import the demo's files one by one; rejected rows go to ``folder/rejected``."""
    from opsreport.ingest import import_file
    from opsreport.ingest.rejected import write_rejected

    emitted: list[DemoFile] = emit_files(folder, data=data)
    steps = 2 + len(emitted) + 1
    for done, demo_file in enumerate(emitted, start=3):
        kind = demo_file.kind
        if demo_file.round is not None:
            kind = _survey_round(store, data, demo_file.round, actor or _user())
        result = import_file(
            store,
            demo_file.path,
            kind,
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


def _survey_round(store: Store, data: DemoData, code: str, actor: str):
    """Create survey round ``code`` as the demo has it; the import kind writing into it."""
    from opsreport.demo.survey import fms_form
    from opsreport.ingest.kinds.survey_responses import survey_responses_kind
    from opsreport.survey.rounds import create_round

    (spec,) = [row for row in data["survey_round"] if row["code"] == code]
    form = fms_form()
    start, end = spec["fieldwork_start"], spec["fieldwork_end"]
    create_round(store, code, form, start, end, spec["provinces"].split(), actor=actor)
    return survey_responses_kind(form, round_code=code)


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
