"""The other record kinds, templates, the CLI, and docs generated from the kind specs."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from ingest_helpers import MISSION, count, write_text
from openpyxl import load_workbook
from sqlalchemy import select

from opsreport.ingest import all_kinds, get_kind, import_file
from opsreport.ingest.docs import render_columns
from opsreport.ingest.reference import reference_from_mission_file
from opsreport.ingest.template import write_template
from opsreport.mission import load_mission_file
from opsreport.store import models as m

DOCS = Path(__file__).resolve().parents[2] / "docs" / "import.md"


def test_events_then_attendance_with_people_and_headcounts(store, tmp_path):
    events = write_text(
        tmp_path / "eventos.csv",
        [
            "ID del evento,Actividad,Público,Título,Fecha de inicio,Fecha de fin,Sitio,Temas",
            "ev1,community-workshop,migrants-host-communities,Taller C4D,2023-08-10,,"
            "meteti-community-centre,c4d; regularization",
            "ev2,legal-orientation,government,Mal,2023-08-10,2023-08-09,pty-office,",
        ],
    )
    report = import_file(store, events, "events")
    assert report.inserted == 1
    assert [(i.code, i.row) for i in report.issues] == [
        ("not-an-event-activity", 3),
        ("end-before-start", 3),
    ]
    attendance = write_text(
        tmp_path / "asistencia.csv",
        [
            "Event ID,Person ID,Sex,Women and girls,Men and boys,Other,Total participants",
            "ev1,P1,F,,,,",
            "ev1,P2,M,,,,",
            "ev1,,,12,9,0,25",
            "ev1,,,12,8,0,20",
            "ev9,P3,F,,,,",
            "ev1,P4,F,1,,,",
        ],
    )
    report = import_file(store, attendance, "attendance")
    assert [(i.code, i.row) for i in report.issues] == [
        ("duplicate-record", 5),
        ("unknown-event", 6),
        ("person-and-headcount", 7),
    ]
    assert (report.inserted, report.rows_rejected) == (3, 3)
    with store.session() as session:
        event = session.scalars(select(m.Event)).one()
        topics = session.scalars(select(m.EventTopic.topic_code)).all()
        heads = session.scalars(select(m.Attendance.headcount_total)).all()
    assert event.end_date == event.start_date
    assert sorted(topics) == ["c4d", "regularization"]
    assert sorted(h for h in heads if h) == [25]
    again = import_file(store, attendance, "attendance")
    assert (again.inserted, again.unchanged) == (0, 3)


def test_channel_metrics_and_staff(store, tmp_path):
    metrics = write_text(
        tmp_path / "digital.csv",
        [
            "Mes;Canal;Métrica;Valor",
            "2023-08;Facebook;people-reached;5000",
            "08/2023;instagram;people-reached;1200",
            "2023-08;fax;people-reached;3",
        ],
    )
    report = import_file(store, metrics, "channel-metrics")
    assert (report.inserted, [i.code for i in report.issues]) == (2, ["invalid-channel"])
    staff = write_text(
        tmp_path / "staff.csv",
        [
            "Staff ID,Category,Unit,Office,Start date,End date",
            "S-001,national,mission,meteti-sub-office,13/02/2020,",
            "S-002,international,PAC,,2021-05-01,2020-01-01",
        ],
    )
    report = import_file(store, staff, "staff")
    assert (report.inserted, [i.code for i in report.issues]) == (1, ["end-before-start"])
    assert count(store, "staff_member") == 1


def test_xlsx_template_has_dropdowns_and_a_column_guide(tmp_path):
    reference = reference_from_mission_file(load_mission_file(MISSION))
    path = write_template(get_kind("services"), tmp_path / "t.xlsx", lang="es", reference=reference)
    book = load_workbook(path)
    sheet = book["services"]
    assert [c.value for c in sheet[1]][:2] == ["ID del registro", "ID de la persona"]
    assert [c.value for c in sheet[2]][:2] == ["#meta+id", "#beneficiary+id"]
    formulas = {v.formula1 for v in sheet.data_validations.dataValidation}
    site_column = [c.value for c in sheet[1]].index("Sitio") + 1
    lists = book["lists"]
    sites = [lists.cell(row=r, column=site_column).value for r in range(1, 14)]
    assert "etrm-lajas-blancas" in sites
    assert any("$J$1:$J$13" in f for f in formulas)
    guide = book["columnas"]
    assert guide.cell(row=1, column=5).value == "Cómo llenarla"


def test_a_csv_template_imports_as_an_empty_file(store, tmp_path):
    for kind in all_kinds():
        path = write_template(kind, tmp_path / f"{kind.name}.csv")
        with path.open(encoding="utf-8-sig") as fh:
            header, tags = list(csv.reader(fh))
        assert header == [c.label_en for c in kind.columns]
        report = import_file(store, path, kind.name)
        assert report.rows_read == 0 and report.committed


def test_cli_import_writes_rejected_files_and_exits_0(sqlite_mission_store, tmp_path):
    path = write_text(
        tmp_path / "cli.csv",
        [
            "Record ID,Person ID,Sex,Nationality,Population group,Activity,Service date,Site",
            "c1,P1,F,VEN,migrant-residing,legal-orientation,2023-08-01,pty-legal-desk",
            "c2,P2,F,VEN,migrant-residing,legal-orientation,2023-08-01,atlantis",
        ],
    )
    cli = [
        sys.executable,
        "-c",
        "from opsreport.cli import main; main()",
        "--database",
        sqlite_mission_store.url,
    ]
    done = subprocess.run(
        [*cli, "import", "services", str(path), "--rejected-out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "unknown-site" in done.stdout
    with (tmp_path / "out" / "cli.rejected.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["row"], r["Record ID"]) for r in rows] == [("3", "c2")]
    assert rows[0]["message"].startswith("Site: 'atlantis' is not a site of the mission.")
    strict = subprocess.run(
        [*cli, "import", "services", str(path), "--strict"], capture_output=True, text=True
    )
    assert strict.returncode == 1
    assert "--strict: nothing imported, 1 rows rejected." in strict.stderr


def test_docs_column_tables_match_the_kind_specs():
    text = DOCS.read_text(encoding="utf-8")
    assert render_columns(text) == text, (
        "docs/import.md drifted from the kind specs: regenerate the tables with "
        "opsreport.ingest.docs.render_columns"
    )
    for kind in all_kinds():
        assert f"<!-- columns:{kind.name} -->" in text
