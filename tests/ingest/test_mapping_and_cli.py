"""Mapping profiles (the example in docs/import.md, executed), warnings, and the CLI's
batches / undo / template commands."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ingest_helpers import count, write_text
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from opsreport.errors import ImportError_
from opsreport.ingest import import_file, load_mapping, undo_batch
from opsreport.store import models as m

DOCS = Path(__file__).resolve().parents[2] / "docs" / "import.md"


def docs_mapping_example(tmp_path: Path) -> Path:
    text = DOCS.read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(kind: services.*?)```", text, flags=re.S).group(1)
    path = tmp_path / "unidad-legal.yaml"
    path.write_text(block, encoding="utf-8")
    return path


def test_the_docs_mapping_profile_reads_a_sheet_with_its_own_headers(store, tmp_path):
    book = Workbook()
    book.active.title = "Julio"
    sheet = book.create_sheet("Agosto")
    sheet.append(
        [
            "Código",
            "N° de documento",
            "Sexo",
            "Nacionalidad",
            "Grupo de población",
            "Actividad",
            "Fecha de atención",
            "Sitio",
            "Observaciones",
        ]
    )
    sheet.append(
        [
            "L-1",
            "E-8-1234",
            "F",
            "VEN",
            "migrant-residing",
            "legal-orientation",
            "03/08/2023",
            "pty-legal-desk",
            "llamar de nuevo",
        ]
    )
    path = tmp_path / "legal.xlsx"
    book.save(path)
    mapping = load_mapping(docs_mapping_example(tmp_path))
    mapping.columns["codigo"] = "record_id"  # the unit's own ID column
    report = import_file(store, path, "services", mapping=mapping)
    assert report.sheet == "Agosto"
    assert (report.rows_read, report.inserted) == (1, 1)
    assert report.warnings == []  # "Observaciones" is mapped to nothing on purpose
    with store.session() as session:
        record = session.scalars(select(m.ServiceRecord)).one()
    assert record.service_date == dt.date(2023, 8, 3)  # day-first, from the profile


def test_a_mapping_profile_naming_an_unknown_column_names_its_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("kind: services\ncolumns:\n  Fecha: service_date\n  Lugar: place\n")
    with pytest.raises(ImportError_, match=r"bad.yaml, line 4: 'place' is not a column"):
        load_mapping(path)


def test_unknown_columns_are_reported_not_imported(store, tmp_path):
    path = write_text(
        tmp_path / "extra.csv",
        [
            "Record ID,Person ID,Sex,Nationality,Population group,Activity,Service date,Site,"
            "Nombre completo",
            "e1,P1,F,VEN,migrant-residing,legal-orientation,2023-08-01,pty-legal-desk,Ana Pérez",
        ],
    )
    report = import_file(store, path, "services")
    [note] = report.warnings
    assert (note.code, note.column, note.row) == ("ignored-column", "Nombre completo", 1)
    assert report.inserted == 1


def run(store, tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from opsreport.cli import main; main()",
            "--database",
            store.url,
            *args,
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "200"},
    )


def test_cli_batches_undo_and_template(sqlite_mission_store, tmp_path):
    store = sqlite_mission_store
    path = write_text(
        tmp_path / "u.csv",
        [
            "Record ID,Person ID,Sex,Nationality,Population group,Activity,Service date,Site",
            "u1,P1,F,VEN,migrant-residing,legal-orientation,2023-08-01,pty-legal-desk",
        ],
    )
    assert run(store, tmp_path, "import", "services", str(path)).returncode == 0
    listed = run(store, tmp_path, "batches")
    assert "u.csv" in listed.stdout and "complete" in listed.stdout
    undone = run(store, tmp_path, "undo", "1")
    assert undone.returncode == 0, undone.stderr
    assert "removed 1 service record, 1 person" in undone.stdout
    assert count(store, "service_record") == 0
    again = run(store, tmp_path, "undo", "1")
    assert again.returncode == 1 and "Batch 1 was already undone." in again.stderr
    made = run(store, tmp_path, "template", "attendance", "--lang", "es", "-o", "a.xlsx")
    assert made.returncode == 0, made.stderr
    header = [c.value for c in load_workbook(tmp_path / "a.xlsx")["attendance"][1]]
    assert header[:2] == ["ID del evento", "ID de la persona"]


def test_rejected_xlsx_keeps_the_input_layout(sqlite_mission_store, tmp_path):
    path = write_text(
        tmp_path / "r.csv",
        [
            "Record ID,Person ID,Sex,Nationality,Population group,Activity,Service date,Site",
            "r1,P1,X,VEN,migrant-residing,legal-orientation,2023-08-01,pty-legal-desk",
        ],
    )
    done = run(sqlite_mission_store, tmp_path, "import", "services", str(path))
    assert done.returncode == 0, done.stderr
    rows = list(load_workbook(tmp_path / "r.rejected.xlsx")["rejected"].values)
    assert rows[0] == (
        "row",
        "Record ID",
        "Person ID",
        "Sex",
        "Nationality",
        "Population group",
        "Activity",
        "Service date",
        "Site",
        "message",
    )
    assert rows[1][:4] == (2, "r1", "P1", "X")
    assert rows[1][-1].startswith("Sex: 'X' is not a sex opsreport knows.")


def test_unreadable_files_exit_1_with_one_line(sqlite_mission_store, tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"this is not a workbook")
    done = run(sqlite_mission_store, tmp_path, "import", "services", str(broken))
    assert done.returncode == 1
    assert "broken.xlsx: not a readable Excel workbook" in done.stderr
    book = Workbook()
    book.active.title = "Julio"
    book.save(tmp_path / "one-sheet.xlsx")
    done = run(
        sqlite_mission_store,
        tmp_path,
        "import",
        "services",
        str(tmp_path / "one-sheet.xlsx"),
        "--sheet",
        "Agosto",
    )
    assert done.returncode == 1
    assert "one-sheet.xlsx has no sheet 'Agosto'. Its sheets: Julio." in done.stderr
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    done = run(sqlite_mission_store, tmp_path, "import", "services", str(pdf))
    assert done.returncode == 1 and "opsreport reads .csv and .xlsx files" in done.stderr


def test_events_cannot_be_undone_before_attendance_that_names_them(store, tmp_path):
    events = write_text(
        tmp_path / "e.csv",
        [
            "Event ID,Activity,Audience,Start date,Site",
            "ev1,capacity-training,government,2023-08-10,pty-office",
        ],
    )
    attendance = write_text(tmp_path / "a.csv", ["Event ID,Person ID", "ev1,P1"])
    first = import_file(store, events, "events")
    second = import_file(store, attendance, "attendance")
    with pytest.raises(ImportError_, match=f"batch {second.batch_id} refers to events"):
        undo_batch(store, first.batch_id)
    undo_batch(store, second.batch_id)
    undo_batch(store, first.batch_id)
    assert count(store, "event") == 0 and count(store, "person") == 0
