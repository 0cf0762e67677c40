"""A big import in two processes (one checks, one writes) gives what one process gives.

``OPSREPORT_IMPORT_PIPELINE=on`` makes even these small files go through the checking
process; ``off`` keeps them in one. The same awkward files are imported both ways into
the same store (emptied in between) and everything a user sees is compared: the report,
its issues and rejected rows, the batch's counts, the stored records and people, the
quarantine. Errors, Ctrl-C and a killed import behave as they do in one process, and no
checking process is left running.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ingest_helpers import SERVICES_HEADER, count, write_text
from sqlalchemy import text

from opsreport.errors import ImportError_
from opsreport.ingest import import_file
from opsreport.ingest.batch import CHUNK

GOOD = "{id};{person};{sex};{age};{nat};{group};legal-orientation;{day}/08/2023;{site};{topic}"


def _row(n: int) -> str:
    """A row of a clerk's file; some rows are wrong in ways the importer must tell."""
    cells = {
        "id": f"r{n}",
        "person": f"P-{n % 700}" if n % 11 else f"Pérez {n % 70}",  # accents, spaces
        "sex": ("F", "mujer", "M", "hombre")[n % 4],
        "age": str(18 + n % 60) if n % 5 else "",
        "nat": ("VEN", "Colombia", "HTI", "ecuador")[n % 4],
        "group": "migrant-residing",
        "day": f"{1 + n % 28:02d}",
        "site": "pty-legal-desk",
        "topic": "",
    }
    if n % 97 == 5:
        cells["site"] = "nowhere"
    if n % 131 == 7:
        cells["nat"] = ""
    if n % 173 == 9:
        cells["day"] = "31"  # 31/08 is fine; make it impossible below
        cells["age"] = "150"
    if n % 211 == 3:
        cells["id"] = f"r{n // 3}"  # repeats an earlier row, often chunks before
    if n % 401 == 0:
        cells["site"], cells["group"] = "etrm-lajas-blancas", "migrant-residing"
    return GOOD.format(**cells)


def _clerks_file(path: Path, rows: int, first: int = 0) -> Path:
    lines = [
        "OIM Panamá — Atenciones agosto;;;;;;;;;",
        SERVICES_HEADER + ";Comentario",
        *(_row(n) + ";nota" for n in range(first, first + rows)),
        "Total;;;;;;;;;",
        "r-after-total;P1;F;30;VEN;migrant-residing;legal-orientation;15/08/2023;pty-legal-desk;",
    ]
    return write_text(path, lines, encoding="cp1252")


TABLES = {
    "import_batch": "SELECT kind, file_name, file_hash, rows_read, rows_accepted, "
    "rows_rejected, status FROM import_batch ORDER BY id",
    "person": "SELECT person_key, sex, birth_year, nationality, population_group_code "
    "FROM person ORDER BY person_key",
    "service_record": "SELECT s.record_id, p.person_key, s.activity_code, s.service_date, "
    "s.site_code, s.population_group_code, s.topic_code, s.age_years "
    "FROM service_record s JOIN person p ON p.id = s.person_id ORDER BY s.record_id",
    "rejected_row": 'SELECT file_name, sheet, row_number, "column", code, message, value, '
    "raw FROM rejected_row ORDER BY row_number, id",
}


def _stored(store) -> dict[str, list]:
    with store.engine.connect() as conn:
        return {
            name: [tuple(map(str, row)) for row in conn.execute(text(sql))]
            for name, sql in TABLES.items()
        }


def _empty(store) -> None:
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE action = 'import'"))
        for table in ("rejected_row", "service_record", "person", "import_batch"):
            conn.execute(text(f"DELETE FROM {table}"))


def _seen(report) -> dict:
    found = dataclasses.asdict(report)
    found.pop("batch_id")
    return found


def test_two_processes_import_what_one_process_imports(store, tmp_path, monkeypatch):
    """Two files, the second updating some records of the first: same reports, issues,
    rejected rows, batches, records, people and quarantine with and without the pipeline."""
    first = _clerks_file(tmp_path / "agosto.csv", 2 * CHUNK + 700)
    second = _clerks_file(tmp_path / "agosto-2.csv", CHUNK + 100, first=2 * CHUNK)
    results = {}
    for setting in ("off", "on"):
        monkeypatch.setenv("OPSREPORT_IMPORT_PIPELINE", setting)
        _empty(store)
        reports = [_seen(import_file(store, path, "services")) for path in (first, second)]
        results[setting] = (reports, _stored(store))
    off, on = results["off"], results["on"]
    assert on[0] == off[0]
    assert on[1] == off[1]
    report = off[0][0]
    assert report["totals_row"] == 2 * CHUNK + 700 + 3
    assert report["rows_rejected"] > 50 and report["inserted"] > 2 * CHUNK
    codes = {issue["code"] for issue in report["issues"]}
    assert {"unknown-site", "missing-value", "out-of-range", "duplicate-record"} <= codes
    assert {"ignored-column", "non-transit-at-etrm"} <= codes
    assert off[0][1]["updated"] + off[0][1]["unchanged"] > 0  # the second file updates


def test_two_processes_give_the_same_dry_run_and_strict_answers(store, tmp_path, monkeypatch):
    path = _clerks_file(tmp_path / "agosto.csv", CHUNK + 10)
    found = {}
    for setting in ("off", "on"):
        monkeypatch.setenv("OPSREPORT_IMPORT_PIPELINE", setting)
        found[setting] = [
            _seen(import_file(store, path, "services", dry_run=True)),
            _seen(import_file(store, path, "services", strict=True)),
        ]
        assert count(store, "service_record") == 0
    assert found["on"] == found["off"]


def test_an_error_of_the_checking_process_is_the_error_of_one_process(store, tmp_path, monkeypatch):
    """A file with no header, and a line the CSV reader cannot read after a chunk was
    written: the same exception and message, and nothing stored."""
    no_header = write_text(tmp_path / "nada.csv", ["a;b;c", "1;2;3"])
    rows = [_row(n) for n in range(CHUNK + 20)]
    rows[CHUNK + 5] = "r-long;" + "x" * (200 * 1024)  # beyond the csv module's field limit
    broken = write_text(tmp_path / "roto.csv", [SERVICES_HEADER, *rows])
    messages = {}
    for setting in ("off", "on"):
        monkeypatch.setenv("OPSREPORT_IMPORT_PIPELINE", setting)
        for path in (no_header, broken):
            with pytest.raises(ImportError_) as raised:
                import_file(store, path, "services")
            messages[setting, path.name] = str(raised.value)
        for table in ("service_record", "person", "import_batch", "rejected_row"):
            assert count(store, table) == 0, table
    assert messages["on", "nada.csv"] == messages["off", "nada.csv"]
    assert messages["on", "roto.csv"] == messages["off", "roto.csv"]
    assert "field larger than field limit" in messages["on", "roto.csv"]


STOPPED_IMPORT = """
import os, signal, sys, time
# Ctrl-C raises KeyboardInterrupt, as in a terminal, even when the tests were started
# in the background (where a shell starts its jobs with SIGINT ignored, and so their children)
signal.signal(signal.SIGINT, signal.default_int_handler)
from opsreport.store import open_store
from opsreport.ingest import import_file

def progress(rows, done):
    if rows >= 5000:
        me = os.getpid()
        with open(f"/proc/{me}/task/{me}/children") as fh:
            children = fh.read().split()
        with open(sys.argv[3] + ".part", "w") as fh:
            fh.write(" ".join(children))
        os.rename(sys.argv[3] + ".part", sys.argv[3])
        time.sleep(600)

import_file(open_store(sys.argv[1]), sys.argv[2], "services", progress=progress)
"""


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["killed", "ctrl-c"])
def test_a_stopped_import_leaves_no_checking_process_and_the_store_as_it_was(store, tmp_path, how):
    """Killed or interrupted while the checking process is chunks ahead: the store is as
    before and the checking process ends by itself within seconds."""
    path = _clerks_file(tmp_path / "grande.csv", 14 * CHUNK)
    marker = tmp_path / "mid-import"
    env = {**os.environ, "OPSREPORT_IMPORT_PIPELINE": "on"}
    child = subprocess.Popen(
        [sys.executable, "-c", STOPPED_IMPORT, store.url, str(path), str(marker)],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        while not marker.exists():
            assert child.poll() is None, "the import ended before it could be stopped"
            time.sleep(0.05)
        checking = [int(pid) for pid in marker.read_text().split()]
        assert len(checking) == 1 and _running(checking[0])
        os.kill(child.pid, how)
    finally:
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            child.kill()
            raise
    assert child.returncode != 0
    deadline = time.monotonic() + 20
    while _running(checking[0]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(checking[0]), "the checking process outlived the import"
    for table in ("service_record", "person", "import_batch", "rejected_row"):
        assert count(store, table) == 0, table
