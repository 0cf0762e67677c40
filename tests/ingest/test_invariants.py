"""What must always hold: nothing lost, nothing duplicated, nothing half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_helpers import count, write_text
from sqlalchemy import select

from opsreport.ingest import import_file, undo_batch
from opsreport.store import models as m

HEADER = "Record ID,Person ID,Sex,Age,Nationality,Population group,Activity,Service date,Site"
GOOD = [
    "",
    "P{n}",
    "F",
    "30",
    "VEN",
    "migrant-residing",
    "legal-orientation",
    "2023-08-15",
    "pty-legal-desk",
]
DEFECTS = {
    1: ["", "   "],
    2: ["x", "12"],
    3: ["-4", "abc", "999"],
    4: ["ZZZ", "Atlantis"],
    5: ["nobody"],
    6: ["medical-carex"],
    7: ["03/04/2023", "31/02/2023", "2099-01-01", "yesterday"],
    8: ["nowhere"],
}


def service_row(n: int, prefix: str, defect: tuple[int, str] | None) -> str:
    cells = [c.format(n=n) for c in GOOD]
    cells[0] = f"{prefix}-{n}"
    if defect:
        cells[defect[0]] = defect[1]
    return ",".join(cells)


rows = st.lists(
    st.one_of(st.none(), st.sampled_from([(i, v) for i, vs in DEFECTS.items() for v in vs])),
    min_size=1,
    max_size=40,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(defects=rows)
def test_accepted_plus_rejected_is_rows_read(sqlite_mission_store, tmp_path, defects):
    prefix = uuid.uuid4().hex[:8]
    lines = [HEADER] + [service_row(n, prefix, d) for n, d in enumerate(defects)]
    path = write_text(tmp_path / f"{prefix}.csv", lines)
    report = import_file(sqlite_mission_store, path, "services")
    assert report.rows_read == len(defects)
    assert report.rows_accepted + report.rows_rejected == report.rows_read
    assert report.rows_rejected == sum(1 for d in defects if d is not None)
    assert {line.row for line in report.rejected} == {
        n + 2 for n, d in enumerate(defects) if d is not None
    }


def test_importing_twice_is_importing_once(store, tmp_path):
    path = write_text(
        tmp_path / "twice.csv", [HEADER] + [service_row(n, "t", None) for n in range(30)]
    )
    first = import_file(store, path, "services")
    second = import_file(store, path, "services")
    assert (first.inserted, first.updated, first.unchanged) == (30, 0, 0)
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 30)
    assert count(store, "service_record") == 30
    assert count(store, "person") == 30


def test_a_changed_row_updates_and_undo_restores_it(store, tmp_path):
    first = write_text(tmp_path / "v1.csv", [HEADER, service_row(1, "u", None)])
    second = write_text(
        tmp_path / "v2.csv",
        [HEADER, service_row(1, "u", (7, "2023-08-20")), service_row(2, "u", None)],
    )
    import_file(store, first, "services")
    report = import_file(store, second, "services")
    assert (report.inserted, report.updated, report.unchanged) == (1, 1, 0)
    undo_batch(store, report.batch_id)
    with store.session() as session:
        kept = session.scalars(select(m.ServiceRecord)).all()
        batch = session.get(m.ImportBatch, report.batch_id)
        actions = session.scalars(select(m.AuditEntry.action)).all()
    assert [(r.record_id, r.service_date.isoformat()) for r in kept] == [("u-1", "2023-08-15")]
    assert batch.status == "undone"
    assert actions[-2:] == ["import", "undo"]
    assert count(store, "person") == 1


def test_a_dry_run_writes_nothing(store, tmp_path):
    path = write_text(
        tmp_path / "dry.csv", [HEADER, service_row(1, "d", None), service_row(2, "d", (4, "ZZZ"))]
    )
    before = {t: count(store, t) for t in ("audit_log", "import_batch", "person")}
    report = import_file(store, path, "services", dry_run=True)
    assert (report.inserted, report.rows_rejected, report.committed) == (1, 1, False)
    assert {t: count(store, t) for t in before} == before
    assert count(store, "service_record") == 0
    assert count(store, "rejected_row") == 0


def test_strict_imports_nothing_when_a_row_is_rejected(store, tmp_path):
    path = write_text(
        tmp_path / "strict.csv",
        [HEADER, service_row(1, "s", None), service_row(2, "s", (8, "nowhere"))],
    )
    report = import_file(store, path, "services", strict=True)
    assert report.committed is False
    assert count(store, "service_record") == 0
    assert count(store, "import_batch") == 0


def test_raw_identifiers_are_never_stored(store, tmp_path):
    path = write_text(
        tmp_path / "ids.csv",
        [
            HEADER,
            "i1,PASSPORT-778899,F,30,VEN,migrant-residing,legal-orientation,2023-08-15,nowhere",
        ],
    )
    import_file(store, path, "services")
    with store.session() as session:
        rejected = session.scalars(select(m.RejectedRow)).one()
    assert "PASSPORT-778899" not in str(rejected.raw)
    assert rejected.raw["Person ID"].startswith("key:")


KILLED_IMPORT = """
import os, sys, time
from opsreport.store import open_store
from opsreport.ingest import import_file

def progress(rows, done):
    if rows >= 4000:
        open(sys.argv[3], "w").close()
        time.sleep(600)

import_file(open_store(sys.argv[1]), sys.argv[2], "services", progress=progress)
"""


def test_a_killed_import_leaves_the_store_as_it_was_and_a_rerun_completes(store, tmp_path):
    path = write_text(
        tmp_path / "big.csv", [HEADER] + [service_row(n, "k", None) for n in range(10000)]
    )
    marker = tmp_path / "mid-import"
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, store.url, str(path), str(marker)],
        env=os.environ.copy(),
    )
    try:
        while not marker.exists():  # wait until rows are written inside the transaction
            assert child.poll() is None, "the import ended before it could be killed"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    for table in ("service_record", "person", "import_batch", "rejected_row"):
        assert count(store, table) == 0, table
    report = import_file(store, path, "services")
    assert report.inserted == 10000
    assert count(store, "service_record") == 10000
