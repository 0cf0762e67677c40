"""A clerk whose interface speaks Spanish reads the rejections in Spanish.

The language is the interface language when the file is imported (OPSREPORT_LANG, else
the locale): the issue records kept in the store and the message column of the
rejected-rows files are in that language; the issue codes stay the same in every language.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ingest_helpers import MISSION, SERVICES_HEADER, write_text
from openpyxl import load_workbook
from sqlalchemy import select

import opsreport.ingest
from catalogue_checks import (
    NOT_A_LITERAL,
    assert_holds_exactly,
    assert_translated,
    catalogue,
    messages_used,
)
from opsreport.errors import ImportError_
from opsreport.ingest import import_file
from opsreport.ingest.i18n import catalogue_path
from opsreport.ingest.rejected import write_rejected
from opsreport.store import models as m

BAD_ROWS = [
    SERVICES_HEADER,
    "r1;8-123-456;Mujer;34;VEN;migrant-residing;legal-orientation;15/08/2023;pty-legal-desk;",
    "r2;8-123-457;Mujer;34;VEN;migrant-residing;legal-orientation;no-es-fecha;pty-legal-desk;",
    "r3;8-123-458;Mujer;34;VEN;migrant-residing;legal-orientation;15/08/2023;luna;",
    "r4;8-123-459;;34;VEN;migrant-residing;legal-orientation;15/08/2023;pty-legal-desk;",
    "r5;8-123-460;Mujer;abc;VEN;migrant-residing;legal-orientation;15/08/2023;pty-legal-desk;",
    "r1;8-123-461;Mujer;34;VEN;migrant-residing;legal-orientation;16/08/2023;pty-legal-desk;",
]
SPANISH = {  # issue code -> words of its Spanish message (the code itself is unchanged)
    "invalid-date": "'no-es-fecha' no es una fecha. Escriba las fechas como",
    "unknown-site": "'luna' no es un sitio de la misión. Use uno de:",
    "missing-value": "La columna 'Sexo' es obligatoria y está vacía en esta fila. Complétela",
    "invalid-number": "'abc' no es un número entero. Escriba solo dígitos",
    "duplicate-record": "La fila 2 ya tiene este mismo ID del registro. Elimine una",
}
ENGLISH_WORDS = re.compile(r"\b(is not|Write|Use one of|Fill it in|already has)\b")


def rejections(store) -> dict[str, str]:
    with store.session() as session:
        return {r.code: r.message for r in session.scalars(select(m.RejectedRow))}


def test_a_spanish_import_keeps_and_writes_spanish_messages(
    sqlite_mission_store, tmp_path, monkeypatch
):
    path = write_text(tmp_path / "atenciones.csv", BAD_ROWS)
    monkeypatch.setenv("OPSREPORT_LANG", "es")
    report = import_file(sqlite_mission_store, path, "services")
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (6, 1, 5)

    stored = rejections(sqlite_mission_store)
    assert set(stored) == set(SPANISH)  # the codes are the English slugs, as before
    for code, words in SPANISH.items():
        assert words in stored[code], stored[code]
        assert not ENGLISH_WORDS.search(stored[code]), stored[code]

    written = write_rejected(report, tmp_path / "rechazadas")
    with written[0].open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    messages = [line[-1] for line in lines[1:]]
    assert len(messages) == 5
    assert "Fecha de atención: 'no-es-fecha' no es una fecha." in messages[0]
    assert "Sitio: 'luna' no es un sitio de la misión." in messages[1]
    sheet = load_workbook(written[1], read_only=True)["rejected"]
    in_workbook = [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert in_workbook == messages
    assert not any(ENGLISH_WORDS.search(text) for text in messages), messages


def test_the_language_is_the_one_of_the_moment_of_the_import(
    sqlite_mission_store, tmp_path, monkeypatch
):
    """One process, two imports: English, then Spanish once the clerk switches."""
    english = write_text(tmp_path / "services.csv", BAD_ROWS[:3])
    report = import_file(sqlite_mission_store, english, "services")
    [line] = report.rejected
    assert line.issues[0].message.startswith("'no-es-fecha' is not a date.")

    monkeypatch.setenv("OPSREPORT_LANG", "es")
    spanish = write_text(tmp_path / "atenciones.csv", [BAD_ROWS[0], BAD_ROWS[2]])
    report = import_file(sqlite_mission_store, spanish, "services")
    [line] = report.rejected
    assert line.issues[0].code == "invalid-date"
    assert line.issues[0].message.startswith("'no-es-fecha' no es una fecha.")


def test_an_ambiguous_date_names_both_days_in_spanish(sqlite_mission_store, tmp_path, monkeypatch):
    monkeypatch.setenv("LANG", "es_PA.UTF-8")
    monkeypatch.delenv("OPSREPORT_LANG")  # the locale alone chooses Spanish
    path = write_text(
        tmp_path / "atenciones.csv",
        [SERVICES_HEADER, BAD_ROWS[1].replace("15/08/2023", "03/04/2023")],
    )
    [line] = import_file(sqlite_mission_store, path, "services").rejected
    assert line.issues[0].code == "ambiguous-date"
    assert line.issues[0].message.startswith(
        "'03/04/2023' puede ser el 3 de abril de 2023 o el 4 de marzo de 2023."
    )


def test_a_file_that_cannot_be_imported_is_explained_in_spanish(
    sqlite_mission_store, tmp_path, monkeypatch
):
    monkeypatch.setenv("OPSREPORT_LANG", "es")
    no_site = write_text(
        tmp_path / "sin-sitio.csv", [";".join(SERVICES_HEADER.split(";")[:8]), "r1;x;F"]
    )
    with pytest.raises(ImportError_) as error:
        import_file(sqlite_mission_store, no_site, "services")
    assert "sin-sitio.csv, fila 1: el archivo de services no tiene columna para 'Site'" in str(
        error.value
    )
    assert "Agregue la columna, cambie su encabezado" in str(error.value)
    with pytest.raises(ImportError_, match="no es un tipo de registro que opsreport importe"):
        import_file(sqlite_mission_store, no_site, "visitas")


def test_a_warning_says_where_in_spanish(sqlite_mission_store, tmp_path, monkeypatch):
    """The note the command prints under the summary: place and message, both Spanish."""
    monkeypatch.setenv("OPSREPORT_LANG", "es")
    path = write_text(
        tmp_path / "atenciones.csv", [SERVICES_HEADER + ";Observaciones", BAD_ROWS[1] + ";ok"]
    )
    [warning] = import_file(sqlite_mission_store, path, "services").warnings
    assert warning.code == "ignored-column"
    assert warning.where() == "atenciones.csv, fila 1, columna 'Observaciones'"
    assert warning.message.startswith("La columna 'Observaciones' no es una columna de services")


def test_the_command_line_writes_the_rejected_rows_in_spanish(tmp_path):
    """What the clerk runs: OPSREPORT_LANG=es opsreport import services file.csv."""
    script = Path(sys.executable).with_name("opsreport")
    found = str(script) if script.exists() else shutil.which("opsreport")
    assert found, "the opsreport console script is not installed"
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env.update({"OPSREPORT_LANG": "es", "NO_COLOR": "1", "COLUMNS": "200"})
    database = ["--database", f"sqlite:///{tmp_path / 'panama.db'}"]

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [found, *database, *args], capture_output=True, text=True, encoding="utf-8",
            env=env, stdin=subprocess.DEVNULL, timeout=300,
        )  # fmt: skip

    assert run("init", "--mission", str(MISSION)).returncode == 0
    path = write_text(tmp_path / "atenciones.csv", BAD_ROWS)
    out = tmp_path / "rechazadas"
    imported = run("import", "services", str(path), "--rejected-out", str(out))
    assert imported.returncode == 0, imported.stderr
    with (out / "atenciones.rejected.csv").open(encoding="utf-8-sig", newline="") as fh:
        messages = [line[-1] for line in list(csv.reader(fh))[1:]]
    assert len(messages) == 5
    assert "Edad: 'abc' no es un número entero." in messages[3]


# ------------------------------------------------------------------ the catalogues

INGEST = Path(opsreport.ingest.__file__).parent


def test_every_tr_call_has_a_literal_message():
    used = messages_used(INGEST)
    assert NOT_A_LITERAL not in used, (
        "tr() needs a string literal (format afterwards): " + ", ".join(used[NOT_A_LITERAL])
    )
    assert any("is not a date" in message for message in used)  # the extraction sees the code


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_catalogue_holds_exactly_the_messages_the_importer_uses(lang):
    assert_holds_exactly(catalogue_path(lang), lang, set(messages_used(INGEST)))


def test_spanish_translates_every_message_and_keeps_its_placeholders():
    english, spanish = (catalogue(catalogue_path(lang), lang) for lang in ("en", "es"))
    assert_translated(english, spanish, same=set())
