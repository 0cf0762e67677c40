"""Kobo / ODK exports of non-survey kinds (group paths, _uuid), and the mapping profile
example shipped in docs/examples/."""

from __future__ import annotations

from pathlib import Path

from ingest_helpers import count, write_text
from openpyxl import Workbook

from opsreport.ingest import import_file, load_mapping

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "legal-unit-services.yaml"


def test_group_path_headers_and_uuid_of_a_kobo_export_are_matched(store, tmp_path):
    path = write_text(
        tmp_path / "kobo-servicios.csv",
        [
            "_uuid;persona/documento;persona/Sexo;persona/Edad;persona/Nacionalidad;"
            "atencion/Grupo de población;atencion/Actividad;atencion/Fecha de atención;"
            "atencion/Sitio;_submission_time",
            "7f1c0a9e-1;V-1;mujer;30;VEN;migrant-residing;legal-orientation;2023-08-01;"
            "pty-legal-desk;2023-08-01T10:00:00",
        ],
    )
    report = import_file(store, path, "services")
    assert (report.inserted, report.rows_rejected) == (1, 0)
    assert [w.column for w in report.warnings] == ["_submission_time"]  # named, not lost


def test_the_example_mapping_profile_reads_the_sheet_it_describes(store, tmp_path):
    mapping = load_mapping(EXAMPLE)
    assert mapping.kind == "services" and mapping.sheet == "Agosto"
    book = Workbook()
    book.active.title = "Julio"
    sheet = book.create_sheet("Agosto")
    sheet.append(
        ["Código", "N° de documento", "Género", "Año nac.", "País de origen", "Perfil",
         "Servicio", "Fecha de atención", "Lugar", "Tema tratado", "Observaciones"]
    )  # fmt: skip
    sheet.append(
        ["LEG-1", "8-123-456", "Mujer", 1988, "Venezuela", "migrant-residing",
         "legal-orientation", "03/08/2023", "pty-legal-desk", "legal-migration", "ok"]
    )  # fmt: skip
    path = tmp_path / "atenciones-agosto.xlsx"
    book.save(path)
    report = import_file(store, path, "services", mapping=EXAMPLE)
    assert (report.inserted, report.rows_rejected, report.warnings) == (1, 0, [])
    assert count(store, "service_record") == 1
