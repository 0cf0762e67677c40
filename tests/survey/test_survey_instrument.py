"""Reading instruments from XLSForm rows: a mission's modified form works without code."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from opsreport.errors import SurveyError
from opsreport.survey import load_instrument, to_xform, to_xlsx

EN, ES = "label::English (en)", "label::Español (es)"


def _mission_copy(tmp_path: Path) -> Path:
    """The shipped FMS as .xlsx, edited the way an IMO would in Excel."""
    path = to_xlsx(load_instrument("fms"), tmp_path / "fms-panama-2024.xlsx")
    book = openpyxl.load_workbook(path)
    survey, choices, settings = book["survey"], book["choices"], book["settings"]
    header = [c.value for c in survey[1]]
    end_of_information = next(
        row[0].row
        for row in survey.iter_rows(min_row=2)
        if row[header.index("type")].value == "end_group"
        and row[header.index("name")].value == "information"
    )
    survey.insert_rows(end_of_information)
    new = {
        "type": "select_one yes_no_dk",
        "name": "knew_asylum_panama",
        EN: "Did you know you can ask for asylum in Panama?",
        ES: "¿Sabía que puede solicitar asilo en Panamá?",
        "bind::opsreport:sensitive": "yes",
    }
    for column, value in new.items():
        survey.cell(end_of_information, header.index(column) + 1, value)
    choice_header = [c.value for c in choices[1]]
    choices.append(
        [
            {"list_name": "info_source", "name": "radio", EN: "Radio", ES: "Radio"}.get(h)
            for h in choice_header
        ]
    )
    settings_header = [c.value for c in settings[1]]
    settings.cell(2, settings_header.index("version") + 1, "2024.1")
    book.save(path)
    return path


def test_a_modified_form_brings_its_added_question_and_choice(tmp_path):
    modified = load_instrument(_mission_copy(tmp_path))
    assert modified.version == "2024.1"
    added = modified.question("knew_asylum_panama")
    assert added.group == "information"
    assert added.path == "information/knew_asylum_panama"
    assert added.label("es") == "¿Sabía que puede solicitar asilo en Panamá?"
    assert [c.name for c in added.choices] == ["yes", "no", "dont_know"]
    assert added.sensitive
    for name in ("info_sources_route", "main_info_source"):
        assert [c.name for c in modified.question(name).choices][-1] == "radio"
    assert "knew_asylum_panama" not in load_instrument("fms")
    stored = modified.questions_json()
    assert stored["knew_asylum_panama"]["sensitive"] is True
    assert stored["main_info_source"]["choices"][-1] == {
        "name": "radio",
        "label_en": "Radio",
        "label_es": "Radio",
    }


def test_a_modified_form_still_converts(tmp_path):
    warnings: list[str] = []
    xml = to_xform(load_instrument(_mission_copy(tmp_path)), warnings)
    assert warnings == []
    assert 'nodeset="/data/information/knew_asylum_panama"' in xml
    assert "<name>radio</name>" in xml


def test_xlsx_round_trip_keeps_every_question(tmp_path):
    shipped = load_instrument("fms")
    again = load_instrument(to_xlsx(shipped, tmp_path / "fms.xlsx"))
    assert again.questions_json() == shipped.questions_json()
    assert (again.code, again.version, again.titles) == (
        shipped.code,
        shipped.version,
        shipped.titles,
    )


def test_questions_json_is_what_the_engine_reads(tmp_path):
    stored = load_instrument("fms").questions_json()
    assert stored["main_info_source"]["type"] == "select_one"
    assert stored["main_info_source"]["list"] == "info_source"
    assert stored["main_info_source"]["group"] == "information"
    assert stored["main_info_source"]["choices"][0] == {
        "name": "family_friends_migrated",
        "label_en": "Family or friends who had migrated",
        "label_es": "Familiares o amistades que habían migrado",
    }
    assert stored["incidents_route"]["sensitive"] is True
    assert stored["age"] == {
        "type": "integer",
        "list": None,
        "sensitive": False,
        "group": "respondent",
        "label_en": "Age (years)",
        "label_es": "Edad (años)",
    }
    fmp = stored["fmp"]["choices"]
    assert {c["name"]: c["properties"]["province"] for c in fmp}["los_planes_gualaca"] == "PA02"
    assert "end_no_consent" not in stored  # notes hold no data


def _write_form(tmp_path: Path, survey: list[list[str]], choices: list[list[str]]) -> Path:
    path = tmp_path / "form.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    sheet = book.create_sheet("choices")
    for row in choices:
        sheet.append(row)
    book.save(path)
    return path


def test_a_missing_choice_list_is_named_with_its_row(tmp_path):
    path = _write_form(
        tmp_path,
        [["type", "name", "label"], ["select_one colours", "colour", "Colour"]],
        [["list_name", "name", "label"], ["yes_no", "yes", "Yes"]],
    )
    with pytest.raises(SurveyError, match=r"survey sheet, row 2, column 'type'.*'colours'"):
        load_instrument(path)


def test_a_name_used_twice_is_an_error(tmp_path):
    path = _write_form(
        tmp_path,
        [["type", "name", "label"], ["integer", "age", "Age"], ["text", "age", "Age again"]],
        [["list_name", "name", "label"]],
    )
    with pytest.raises(SurveyError, match="row 3.*'age' is used twice"):
        load_instrument(path)


def test_spelling_variants_and_a_plain_sensitive_column_are_understood(tmp_path):
    path = _write_form(
        tmp_path,
        [
            ["type", "name", "label", "sensitive"],
            ["begin group", "g", "G", None],
            ["select all that apply needs", "needs", "Needs", "yes"],
            ["end group", None, None, None],
        ],
        [["list_name", "name", "label"], ["needs", "food", "Food"]],
    )
    question = load_instrument(path).question("needs")
    assert (question.type, question.list_name, question.group) == ("select_multiple", "needs", "g")
    assert question.sensitive


def test_an_unknown_instrument_names_the_shipped_ones():
    with pytest.raises(SurveyError, match=r"shipped code \(fms\)"):
        load_instrument("nope")
