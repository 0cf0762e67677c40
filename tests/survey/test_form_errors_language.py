"""The DTM team editing a survey form in Spanish reads what is wrong with it in Spanish.

Errors follow the interface language (OPSREPORT_LANG, else the locale) when the form is
read; the file, the line or sheet and row, the column names (type, name) and the names of
questions and lists are the same in every language.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest

import opsreport.cli.survey
import opsreport.survey
from catalogue_checks import (
    NOT_A_LITERAL,
    assert_holds_exactly,
    assert_translated,
    catalogue,
    messages_used,
)
from opsreport.errors import SurveyError
from opsreport.survey import load_instrument, to_xform
from opsreport.survey.i18n import catalogue_path
from opsreport.survey.results import DIMENSIONS

FORM = """\
settings:
  - {form_title: Test, form_id: test, version: "1"}
survey:
  - {type: integer, name: age, label: Age}
  - {type: select_one colours, name: colour, label: Colour}
choices:
  - {list_name: yes_no, name: "yes", label: "Yes"}
"""
ENGLISH_WORDS = re.compile(r"\b(line|sheet|row|column|is not|needs|twice|never)\b")


def write_form(tmp_path: Path, text: str, name: str = "formulario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# what is changed in FORM -> the Spanish message (line 5 is the colour question)
CASES = {
    "missing-choice-list": (
        "",
        "",
        "formulario.yaml, línea 5, columna 'type': la lista de opciones 'colours' no está en "
        "la hoja choices. Agregue allí sus opciones o corrija el nombre de la lista.",
    ),
    "name-used-twice": (
        "name: colour, label: Colour",
        "name: age, label: Colour",
        "formulario.yaml, línea 5, columna 'name': el nombre 'age' se usa dos veces.",
    ),
    "no-type": (
        "{type: select_one colours, name: colour",
        "{name: colour",
        "formulario.yaml, línea 5, columna 'type': cada fila de la hoja survey necesita un tipo.",
    ),
    "select-without-list": (
        "{type: select_one colours,",
        "{type: select_one,",
        "formulario.yaml, línea 5, columna 'type': select_one necesita el nombre de una lista "
        "de opciones.",
    ),
    "end-without-begin": (
        "{type: select_one colours, name: colour, label: Colour}",
        "{type: end_group}",
        "formulario.yaml, línea 5: end_group sin su begin correspondiente.",
    ),
    "unquoted-yes": (
        'name: "yes"',
        "name: yes",
        "formulario.yaml, línea 7, columna 'name': escriba yes/no/true/false entre comillas "
        "para que quede como texto.",
    ),
    "choice-twice": (
        'label: "Yes"}\n',
        'label: "Yes"}\n  - {list_name: yes_no, name: "yes", label: "Sí"}\n',
        "formulario.yaml, línea 8: la opción 'yes' aparece dos veces en la lista 'yes_no'.",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_form_mistake_is_explained_in_spanish_at_the_same_line_and_column(
    tmp_path, monkeypatch, case
):
    old, new, spanish = CASES[case]
    assert old in FORM
    path = write_form(tmp_path, FORM.replace(old, new, 1))
    with pytest.raises(SurveyError) as english:
        load_instrument(path)
    monkeypatch.setenv("OPSREPORT_LANG", "es")
    with pytest.raises(SurveyError) as caught:
        load_instrument(path)
    assert str(caught.value) == spanish
    where = re.match(r"formulario\.yaml, línea (\d+)", spanish)
    assert str(english.value).startswith(f"formulario.yaml, line {where.group(1)}")
    assert not ENGLISH_WORDS.search(str(caught.value)), caught.value


def test_an_xlsx_form_says_sheet_row_and_column_in_spanish(tmp_path, monkeypatch):
    path = tmp_path / "fms-panama.xlsx"
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    for row in (["type", "name", "label"], ["integer", "age", "Age"], ["text", "age", "Again"]):
        survey.append(row)
    book.create_sheet("choices").append(["list_name", "name", "label"])
    book.save(path)
    monkeypatch.setenv("LANG", "es_PA.UTF-8")  # the locale alone chooses Spanish
    monkeypatch.delenv("OPSREPORT_LANG")
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SurveyError) as caught:
        load_instrument(path)
    assert str(caught.value) == (
        "fms-panama.xlsx, hoja survey, fila 3, columna 'name': el nombre 'age' se usa dos veces."
    )


def test_files_and_instruments_that_do_not_exist_in_spanish(tmp_path, monkeypatch):
    monkeypatch.setenv("OPSREPORT_LANG", "es")
    with pytest.raises(SurveyError, match=r"No hay un instrumento 'emf': indique un código "):
        load_instrument("emf")
    with pytest.raises(SurveyError, match="nada.yaml: no existe ese archivo XLSForm."):
        load_instrument(tmp_path / "nada.yaml")
    broken = write_form(tmp_path, "survey:\n  - {type: integer\n")
    with pytest.raises(SurveyError, match=r"^formulario\.yaml, línea \d+: no es YAML válido \("):
        load_instrument(broken)
    instrument = load_instrument(write_form(tmp_path, FORM.replace("colours", "yes_no")))
    with pytest.raises(SurveyError, match="El instrumento test no tiene la pregunta 'edad'."):
        instrument.question("edad")


def test_a_form_pyxform_refuses_is_framed_in_spanish(tmp_path, monkeypatch):
    """pyxform's own explanation stays English; what opsreport says around it is Spanish."""
    text = FORM.replace("colours", "yes_no").replace(
        "label: Colour}", "label: Colour, relevant: '${nobody} > 1'}"
    )
    instrument = load_instrument(write_form(tmp_path, text))
    monkeypatch.setenv("OPSREPORT_LANG", "es")
    with pytest.raises(SurveyError) as caught:
        to_xform(instrument)
    assert str(caught.value).startswith(
        f"{instrument.form_file}: pyxform no puede convertir el formulario: "
    )
    assert "nobody" in str(caught.value)


def test_opsreport_survey_questions_says_what_is_wrong_in_spanish(tmp_path):
    """What the DTM team runs: OPSREPORT_LANG=es opsreport survey questions formulario.yaml."""
    script = Path(sys.executable).with_name("opsreport")
    found = str(script) if script.exists() else shutil.which("opsreport")
    assert found, "the opsreport console script is not installed"
    path = write_form(tmp_path, FORM)
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env.update({"OPSREPORT_LANG": "es", "NO_COLOR": "1", "COLUMNS": "200"})
    done = subprocess.run(
        [found, "survey", "questions", str(path)], capture_output=True, text=True,
        encoding="utf-8", env=env, stdin=subprocess.DEVNULL, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout
    said = " ".join(done.stderr.split())
    assert "formulario.yaml, línea 5, columna 'type': la lista de opciones 'colours'" in said, said


# ------------------------------------------------------------------ the catalogues

SURVEY = Path(opsreport.survey.__file__).parent
SURVEY_COMMANDS = Path(opsreport.cli.survey.__file__).parent


def test_every_tr_call_has_a_literal_message():
    used = messages_used(SURVEY)
    assert NOT_A_LITERAL not in used, (
        "tr() needs a string literal (format afterwards): " + ", ".join(used[NOT_A_LITERAL])
    )
    assert "{place}: choice {name} is twice in list {list}." in used


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_catalogue_holds_exactly_the_messages_the_survey_code_uses(lang):
    """Errors (tr), the results' words (_, N_, also in the survey commands) and the names
    of the --by dimensions, which are looked up from a table."""
    used = set(messages_used(SURVEY))
    for package, function in [(SURVEY, "_"), (SURVEY, "N_"), (SURVEY_COMMANDS, "_")]:
        used |= set(messages_used(package, function))
    used |= set(messages_used(SURVEY_COMMANDS, "N_")) | set(DIMENSIONS)
    assert_holds_exactly(catalogue_path(lang), lang, used - {NOT_A_LITERAL})


def test_spanish_translates_every_error_and_keeps_its_placeholders():
    errors = set(messages_used(SURVEY))
    english, spanish = (
        {m: text for m, text in catalogue(catalogue_path(lang), lang).items() if m in errors}
        for lang in ("en", "es")
    )
    assert set(english) == set(spanish) == errors
    assert_translated(english, spanish, same=set())


def test_round_mistakes_are_explained_in_spanish(sqlite_store, monkeypatch):
    """Creating a round twice, or one that ends before it starts: said in Spanish."""
    import datetime as dt

    from opsreport.survey.rounds import create_round

    monkeypatch.setenv("OPSREPORT_LANG", "es")
    fms = load_instrument("fms")
    with pytest.raises(SurveyError, match=r"^La ronda termina \(2023-07-01\) antes de empezar"):
        create_round(sqlite_store, "fms-x", fms, dt.date(2023, 7, 31), dt.date(2023, 7, 1), [])
    create_round(sqlite_store, "fms-x", fms, dt.date(2023, 7, 1), dt.date(2023, 7, 31), [])
    with pytest.raises(SurveyError, match=r"^Ya existe una ronda fms-x\. 'opsreport survey"):
        create_round(sqlite_store, "fms-x", fms, dt.date(2023, 7, 1), dt.date(2023, 7, 31), [])
