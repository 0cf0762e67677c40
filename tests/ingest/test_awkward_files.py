"""Each awkward file clerks really send gets its own test, with the exact rejections."""

from __future__ import annotations

import datetime as dt

import pytest
from ingest_helpers import SERVICES_HEADER, count, write_text
from openpyxl import Workbook
from sqlalchemy import select

from opsreport.errors import ImportError_
from opsreport.ingest import import_file
from opsreport.ingest.batch import CHUNK
from opsreport.store import models as m


def services(store):
    with store.session() as session:
        return {
            r.record_id: r
            for r in session.scalars(select(m.ServiceRecord).order_by(m.ServiceRecord.record_id))
        }


def test_latin1_csv_with_spanish_accents_and_names_instead_of_codes(store, tmp_path):
    path = write_text(
        tmp_path / "atenciones.csv",
        [
            "OIM Panamá — Atenciones de agosto;;;",
            SERVICES_HEADER,
            "r1;8-123-456;Mujer;34;VEN;Personas migrantes residentes en el país;"
            "Orientación y asesoría legal;15/08/2023;pty-legal-desk;Familia",
            "r2;8-123-457;hombre;40;Colombia;migrant-residing;legal-orientation;16/08/2023;"
            "pty-legal-desk;legal-work",
            "Totales;2;;",
        ],
        encoding="cp1252",
    )
    report = import_file(store, path, "services")
    assert (report.rows_read, report.inserted, report.rows_rejected) == (2, 2, 0)
    assert report.totals_row == 5
    rows = services(store)
    assert rows["r1"].activity_code == "legal-orientation"
    assert rows["r1"].population_group_code == "migrant-residing"
    assert rows["r1"].topic_code == "legal-family"
    assert rows["r2"].service_date == dt.date(2023, 8, 16)


def test_utf8_bom_comma_csv(store, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(
        "\ufeffRecord ID,Person ID,Sex,Age,Nationality,Population group,Activity,"
        "Service date,Site\n"
        "a1,P1,F,30,HTI,migrant-transit,medical-care,2023-08-02,etrm-lajas-blancas\n".encode()
    )
    report = import_file(store, path, "services")
    assert (report.rows_read, report.inserted) == (1, 1)
    assert "a1" in services(store)


def test_semicolon_csv_rejections_name_row_column_and_fix(store, tmp_path):
    path = write_text(
        tmp_path / "units.csv",
        [
            SERVICES_HEADER,
            "r1;P1;F;34;XYZ;migrant-residing;legal-orientation;15/08/2023;pty-legal-desk;",
            "r2;P2;F;34;VEN;migrant-residing;legal-orientation;15/08/2023;the-moon;",
            "r3;P3;F;34;VEN;migrant-residing;legal-orientation;15/08/2023;etrm-san-vicente;",
            "r4;P4;F;;VEN;migrant-residing;legal-orientation;;pty-legal-desk;",
            "r5;P5;F;130;VEN;migrant-residing;legal-orientation;15/08/2023;pty-legal-desk;",
            "r5;P6;F;30;VEN;migrant-residing;legal-orientation;15/08/2023;pty-legal-desk;",
            "r5;P7;F;31;VEN;migrant-residing;legal-orientation;15/08/2023;pty-legal-desk;",
        ],
    )
    report = import_file(store, path, "services")
    found = [(i.row, i.column, i.code) for i in report.issues]
    assert found == [
        (2, "Nacionalidad", "unknown-nationality"),
        (3, "Sitio", "unknown-site"),
        (4, "Grupo de población", "non-transit-at-etrm"),
        (5, "Fecha de atención", "missing-value"),
        (6, "Edad", "out-of-range"),
        (8, "ID del registro", "duplicate-record"),
    ]
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (7, 1, 6)
    messages = {i.code: i.message for i in report.issues}
    assert "VEN for Venezuela" in messages["unknown-nationality"]
    assert "pty-legal-desk" in messages["unknown-site"]
    assert "--allow-non-transit-at-etrm" in messages["non-transit-at-etrm"]
    assert messages["duplicate-record"].startswith("Row 7 already has this ID del registro")
    assert count(store, "rejected_row") == 6


def test_xlsx_with_merged_title_rows_typed_cells_and_totals(store, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Agosto"
    sheet.append(["Organización Internacional para las Migraciones"])
    sheet.merge_cells("A1:I1")
    sheet.append(["Atenciones médicas — agosto 2023"])
    sheet.merge_cells("A2:I2")
    sheet.append([])
    sheet.append(
        [
            "Record ID",
            "Person ID",
            "SEXO",
            "Año de nacimiento",
            "Nacionalidad",
            "Population group",
            "Activity",
            "Fecha de Atención",
            "Site",
        ]
    )
    sheet.append(
        [
            "m1",
            88123,
            "F",
            1990,
            "VEN",
            "migrant-transit",
            "medical-care",
            dt.datetime(2023, 8, 3),
            "etrm-lajas-blancas",
        ]
    )
    sheet.append(
        [
            "m2",
            88124,
            "M",
            1985.0,
            "ECU",
            "migrant-transit",
            "medical-care",
            dt.datetime(2023, 8, 4),
            "etrm-los-planes",
        ]
    )
    sheet.append(["TOTAL", 2])
    sheet.append(["m3", "notes below the total are not data"])
    path = tmp_path / "medical.xlsx"
    book.save(path)
    report = import_file(store, path, "services")
    assert report.sheet == "Agosto"
    assert (report.rows_read, report.inserted, report.rows_rejected) == (2, 2, 0)
    assert report.totals_row == 7
    rows = services(store)
    assert rows["m1"].service_date == dt.date(2023, 8, 3)  # an Excel date is never ambiguous
    assert rows["m1"].age_years == 33


def test_hxl_hashtags_match_whatever_the_header_says(store, tmp_path):
    path = write_text(
        tmp_path / "hxl.csv",
        [
            "Quién,Doc,Género,Años,País,Grupo,Qué,Cuándo,Dónde",
            "#meta +id,#beneficiary+id,#beneficiary+sex,#beneficiary+age,"
            "#beneficiary+nationality+code,#GROUP+code,#activity+code,#date,#loc+code",
            "h1,P9,female,22,VEN,migrant-transit,medical-care,2023-08-09,etrm-san-vicente",
        ],
    )
    report = import_file(store, path, "services")
    assert (report.rows_read, report.inserted) == (1, 1)
    assert report.warnings == []


def test_hxl_hashtags_with_extra_attributes_match_the_most_specific_column(store, tmp_path):
    path = write_text(
        tmp_path / "events-hxl.csv",
        [
            "a,b,c,d,e,f",
            "#event+id+code,#activity+code,#group+audience+code,#date+start+planned,"
            "#date+end+planned,#loc+code+site",
            "hx1,capacity-training,government,2023-08-10,2023-08-11,pty-office",
        ],
    )
    report = import_file(store, path, "events")
    assert (report.inserted, report.warnings) == (1, [])
    with store.session() as session:
        event = session.scalars(select(m.Event)).one()
    assert (event.start_date, event.end_date) == (dt.date(2023, 8, 10), dt.date(2023, 8, 11))


def test_ambiguous_dates_rejected_unless_declared_or_inferred(store, tmp_path):
    ambiguous = write_text(
        tmp_path / "ambiguous.csv",
        [
            SERVICES_HEADER,
            "d1;P1;F;30;VEN;migrant-residing;legal-orientation;03/04/2023;pty-legal-desk;",
        ],
    )
    report = import_file(store, ambiguous, "services", dry_run=True)
    [issue] = report.issues
    assert issue.code == "ambiguous-date"
    assert issue.message == (
        "'03/04/2023' could be 3 April 2023 or 4 March 2023. Write it as YYYY-MM-DD, or "
        "import again with --date-format day-first (or month-first)."
    )
    declared = import_file(store, ambiguous, "services", date_format="month-first")
    assert services(store)["d1"].service_date == dt.date(2023, 3, 4)
    assert declared.inserted == 1

    inferred = write_text(
        tmp_path / "inferred.csv",
        [
            SERVICES_HEADER,
            "d2;P2;F;30;VEN;migrant-residing;legal-orientation;03/04/2023;pty-legal-desk;",
            "d3;P3;F;30;VEN;migrant-residing;legal-orientation;25/04/2023;pty-legal-desk;",
        ],
    )
    report = import_file(store, inferred, "services")
    assert report.date_conventions == {"service_date": "day-first"}
    assert services(store)["d2"].service_date == dt.date(2023, 4, 3)


def test_future_dates_are_rejected(store, tmp_path):
    path = write_text(
        tmp_path / "future.csv",
        [
            SERVICES_HEADER,
            "f1;P1;F;30;VEN;migrant-residing;legal-orientation;2099-01-31;pty-legal-desk;",
        ],
    )
    [issue] = import_file(store, path, "services").issues
    assert issue.code == "future-date"


def test_missing_required_column_stops_with_a_clear_error(store, tmp_path):
    path = write_text(
        tmp_path / "nosite.csv",
        [
            "Record ID,Person ID,Sex,Nationality,Population group,Activity,Service date",
            "x,P,F,VEN,migrant-residing,legal-orientation,2023-08-01",
        ],
    )
    with pytest.raises(ImportError_, match="no column for 'Site' \\(Sitio, #loc\\+code\\)"):
        import_file(store, path, "services")


def test_progress_reports_rows_and_share_of_the_file_read(store, tmp_path):
    lines = [SERVICES_HEADER] + [
        f"p{n};P{n};F;30;VEN;migrant-residing;legal-orientation;15/08/2023;pty-legal-desk;"
        for n in range(2 * CHUNK + CHUNK // 2)
    ]
    path = write_text(tmp_path / "long.csv", lines)
    seen: list[tuple[int, float | None]] = []
    import_file(store, path, "services", progress=lambda rows, done: seen.append((rows, done)))
    assert [rows for rows, _ in seen] == [CHUNK, 2 * CHUNK, 2 * CHUNK + CHUNK // 2]
    shares = [done for _, done in seen]
    assert shares == sorted(shares) and 0 < shares[0] < 1 and shares[-1] == 1.0


def test_values_too_big_for_the_store_are_rejected_not_crashing(store, tmp_path):
    long_id = "x" * 101
    path = write_text(
        tmp_path / "big-values.csv",
        [
            SERVICES_HEADER,
            f"{long_id};P1;F;30;VEN;migrant-residing;legal-orientation;15/08/2023;pty-legal-desk;",
        ],
    )
    [issue] = import_file(store, path, "services").issues
    assert (issue.code, issue.message) == (
        "text-too-long",
        "The text has 101 characters; at most 100 fit. Shorten it.",
    )
    metrics = write_text(
        tmp_path / "m.csv",
        [
            "Month,Channel,Metric,Value",
            "2023-08,facebook,people-reached,99999999999",
            "2099-08,facebook,people-reached,5",
        ],
    )
    report = import_file(store, metrics, "channel-metrics")
    assert [i.code for i in report.issues] == ["out-of-range", "future-date"]
