"""docs/survey.md tells the truth about the shipped form and the survey commands."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import typer

from opsreport.cli import app
from opsreport.survey import load_instrument
from opsreport.survey.reference import END, START, replace_generated

DOC = Path(__file__).parents[2] / "docs" / "survey.md"


def test_the_question_tables_match_the_form():
    text = DOC.read_text(encoding="utf-8")
    assert text == replace_generated(text, load_instrument("fms")), (
        "docs/survey.md is out of date with fms.yaml; update it with: .venv/bin/python -c "
        '"from pathlib import Path; from opsreport.survey import load_instrument; '
        "from opsreport.survey.reference import replace_generated as r; p = "
        "Path('docs/survey.md'); p.write_text(r(p.read_text(), load_instrument('fms')))\""
    )
    tables = text.split(START)[1].split(END)[0]
    assert "| information | `main_info_source` | select_one `info_source` |" in tables
    assert "`family_friends_migrated`: Family or friends who had migrated" in tables


def test_the_tables_drift_when_the_form_changes():
    fms = load_instrument("fms")
    text = DOC.read_text(encoding="utf-8")
    fewer = dataclasses.replace(fms, questions=fms.questions[:-1])
    assert replace_generated(text, fewer) != text


def test_every_survey_command_and_option_is_documented():
    text = DOC.read_text(encoding="utf-8")
    group = typer.main.get_command(app).commands["survey"]
    for name, command in group.commands.items():
        assert f"opsreport survey {name}" in text
        for param in command.params:
            for option in param.opts:
                if option.startswith("--") and option != "--help":
                    assert option in text, f"{option} of 'opsreport survey {name}'"


def test_the_python_example_runs(tmp_path, monkeypatch):
    text = DOC.read_text(encoding="utf-8")
    example = text.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "docs/survey.md", "exec"), {})  # noqa: S102 - our own docs
    assert (tmp_path / "fms.xlsx").exists() and (tmp_path / "survey-example.db").exists()
