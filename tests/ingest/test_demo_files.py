"""The demo is built through the importer: its files, their bad rows, batches and rejections."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from ingest_helpers import count
from openpyxl import load_workbook
from sqlalchemy import select

from opsreport.demo import build_demo, generate
from opsreport.demo.files import BAD_ROWS, FILES, emit_files
from opsreport.ingest import list_batches
from opsreport.store import models as m

OPSREPORT = str(Path(sys.executable).with_name("opsreport"))


def test_emitted_files_are_in_the_template_layout_with_their_bad_rows(tmp_path):
    files = emit_files(tmp_path)
    assert [f.kind for f in files] == list(FILES.values())
    data = generate()
    services = next(f for f in files if f.kind == "services").path
    with services.open(encoding="utf-8", newline="") as fh:
        lines = list(csv.reader(fh))
    assert lines[0][:3] == ["Record ID", "Person ID", "Sex"]
    assert lines[1][0] == "#meta+id"
    assert len(lines) - 2 == len(data["service_record"]) + len(BAD_ROWS["services-2023.csv"])
    events = next(f for f in files if f.kind == "events").path
    sheet = load_workbook(events, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Event ID" and rows[1][0] == "#event+id"
    assert len(rows) - 2 == len(data["event"]) + 1


def test_the_demo_is_imported_file_by_file_and_its_bad_rows_are_rejected(sqlite_store, tmp_path):
    summary = build_demo(sqlite_store, files=tmp_path)
    batches = list_batches(sqlite_store)
    assert sorted(b.kind for b in batches) == sorted(FILES.values())
    for batch in batches:
        assert FILES[batch.file_name] == batch.kind
        assert batch.rows_rejected == len(BAD_ROWS[batch.file_name])
        assert batch.rows_accepted + batch.rows_rejected == batch.rows_read
    assert [i[3] for i in summary.imports] == [b.rows_read for b in reversed(batches)]
    # the rejected rows are quarantined (identifiers hashed) and written out to fix
    with sqlite_store.session() as session:
        codes = set(session.scalars(select(m.RejectedRow.code)))
        quarantined = list(session.scalars(select(m.RejectedRow.raw)))
    assert {"unknown-site", "ambiguous-date", "out-of-range", "unknown-event"} <= codes
    assert quarantined and "DEMO-BAD-PERSON" not in repr(quarantined)
    rejected = tmp_path / "rejected" / "services-2023.rejected.csv"
    with rejected.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.DictReader(fh))
    assert [line["Record ID"] for line in lines] == [
        r["record_id"] for r in BAD_ROWS["services-2023.csv"]
    ]
    assert "could be 5 June 2023 or 6 May 2023" in lines[1]["message"]
    # every generated record arrived, no bad one did
    assert count(sqlite_store, "service_record") == len(generate()["service_record"])
    assert count(sqlite_store, "person") == summary.people


def test_opsreport_demo_emit_files_writes_the_files_and_builds_nothing(tmp_path):
    env = {**os.environ, "OPSREPORT_HOME": str(tmp_path / "home"), "COLUMNS": "200"}
    done = subprocess.run(
        [OPSREPORT, "demo", "--emit-files", str(tmp_path / "files")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "files").iterdir()) == sorted(FILES)
    assert "services-2023.csv" in done.stdout
    assert not (tmp_path / "home" / "opsreport.db").exists()


def test_opsreport_demo_keeps_its_import_files_and_rejections(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "OPSREPORT_HOME": str(home), "COLUMNS": "200"}
    done = subprocess.run(
        [OPSREPORT, "demo"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    total_bad = sum(len(rows) for rows in BAD_ROWS.values())
    assert f"{total_bad} bad rows rejected on purpose" in done.stdout
    kept = Path(home / "demo-files" / "rejected")
    assert (kept / "attendance-2023.rejected.xlsx").exists()
