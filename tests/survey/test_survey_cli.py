"""opsreport survey … as a user runs it: the installed console script, real files."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from pyxform.xls2xform import convert

from opsreport.store import models as m
from opsreport.survey import load_instrument, register_instrument


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    beside = Path(sys.executable).with_name("opsreport")
    script = str(beside) if beside.exists() else shutil.which("opsreport")
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb"}
    return subprocess.run(
        [script, *args], capture_output=True, text=True, env=env, cwd=cwd,
        stdin=subprocess.DEVNULL, timeout=300,
    )  # fmt: skip


def test_form_writes_an_xlsform_that_pyxform_converts(tmp_path):
    result = run("survey", "form", "fms", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "fms.xlsx"
    assert "Wrote fms.xlsx" in result.stdout
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["survey", "choices", "settings"]
    header = [c.value for c in book["survey"][1]]
    assert {"type", "name", "label::English (en)", "label::Español (es)", "relevant"} <= set(header)
    names = [row[header.index("name")] for row in book["survey"].iter_rows(values_only=True)]
    assert "main_info_source" in names
    warnings: list[str] = []
    xform = convert(xlsform=str(path), warnings=warnings).xform
    assert warnings == []
    assert "/data/information/main_info_source" in xform


def test_form_writes_the_xform_xml_where_asked(tmp_path):
    target = tmp_path / "deploy" / "fms-2023.xml"
    target.parent.mkdir()
    result = run("survey", "form", "fms", "--format", "xml", "-o", str(target))
    assert result.returncode == 0, result.stderr
    xml = target.read_text(encoding="utf-8")
    assert xml.startswith("<?xml")
    assert "<h:title>Flow Monitoring Survey (FMS)</h:title>" in xml
    assert 'lang="Español (es)"' in xml


def test_questions_lists_labels_in_the_chosen_language():
    english = run("survey", "questions", "fms")
    spanish = run("survey", "questions", "fms", "--lang", "es")
    assert english.returncode == 0 and spanish.returncode == 0, english.stderr + spanish.stderr
    assert "Which was your main source of information?" in english.stdout
    assert "¿Cuál fue su principal fuente de información?" in spanish.stdout
    line = next(x for x in english.stdout.splitlines() if " incidents_route " in x)
    assert "select_multiple incident" in line and " 8 " in line and "yes" in line


def test_questions_of_a_mission_form_file(tmp_path):
    path = tmp_path / "mission-fms.yaml"
    text = Path(load_instrument("fms").workbook.source).read_text(encoding="utf-8")
    path.write_text(text.replace("name: days_in_jungle", "name: days_on_route"), "utf-8")
    result = run("survey", "questions", str(path))
    assert result.returncode == 0, result.stderr
    assert " days_on_route " in result.stdout and " days_in_jungle " not in result.stdout


def test_an_unknown_instrument_is_one_error_line():
    result = run("survey", "form", "nope")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "No instrument 'nope'" in result.stderr


def test_rounds_lists_the_rounds_of_the_store(sqlite_store):
    instrument_id = register_instrument(sqlite_store, load_instrument("fms"))
    with sqlite_store.session() as session:
        round_ = m.SurveyRound(
            code="fms-2023-07",
            instrument_id=instrument_id,
            fieldwork_start=dt.date(2023, 7, 10),
            fieldwork_end=dt.date(2023, 7, 21),
            provinces="PA05 PA02",
        )
        session.add(round_)
        session.flush()
        for index in range(3):
            session.add(
                m.SurveyResponse(
                    round_id=round_.id,
                    uuid=f"u{index}",
                    survey_date=dt.date(2023, 7, 11),
                    screened_out=index == 0,
                )
            )
    url = sqlite_store.engine.url.render_as_string(hide_password=False)
    result = run("--database", url, "survey", "rounds")
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if "fms-2023-07" in x)
    cells = [cell.strip() for cell in line.strip("│┃ ").split("│")]
    assert cells == ["fms-2023-07", "fms 2023.1", "2023-07-10 – 2023-07-21", "PA05 PA02", "3", "1"]


def test_rounds_on_an_empty_store_says_so(sqlite_store):
    url = sqlite_store.engine.url.render_as_string(hide_password=False)
    result = run("--database", url, "survey", "rounds")
    assert result.returncode == 0, result.stderr
    assert "No survey rounds" in result.stdout


def test_questions_markdown_is_the_table_of_the_docs():
    result = run("survey", "questions", "fms", "--markdown")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("| group | name | type | English | Español | sensitive |")
    docs = (Path(__file__).parents[2] / "docs" / "survey.md").read_text(encoding="utf-8")
    assert result.stdout in docs


@pytest.mark.skipif(shutil.which("java") is None, reason="ODK Validate needs Java")
def test_form_validate_checks_a_modified_form_before_writing(tmp_path):
    text = Path(load_instrument("fms").workbook.source).read_text(encoding="utf-8")
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(text, "utf-8")
    bad.write_text(text.replace(". >= 18 and . <= 99", ". >= 18 and and . <= 99"), "utf-8")
    ok = run("survey", "form", str(good), "--validate", "-o", str(tmp_path / "good.xlsx"))
    assert ok.returncode == 0, ok.stderr
    assert "checked by ODK Validate" in ok.stdout
    refused = run("survey", "form", str(bad), "--validate", "-o", str(tmp_path / "bad.xlsx"))
    assert refused.returncode == 1
    assert "ODK Validate rejects the form" in refused.stderr and "and and" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (tmp_path / "bad.xlsx").exists()
