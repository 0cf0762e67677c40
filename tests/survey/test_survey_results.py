"""Round results: shares with their base, multiple-choice denominators, breakdowns,
numbers, suppression of sensitive answers, and a mission's modified form."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from opsreport.ingest import import_file
from opsreport.ingest.kinds.survey_responses import survey_responses_kind
from opsreport.survey import load_instrument
from opsreport.survey.results import round_results
from opsreport.survey.results_export import to_csv, to_json

MISSION = Path(__file__).resolve().parents[2] / "src/opsreport/demo/panama-mission.yaml"
HEADERS = ["survey_date", "fmp", "consent", "previously_surveyed", "sex", "age", "nationality",
           "info_sources_route", "main_info_source", "incidents_route", "days_in_jungle",
           "_uuid"]  # fmt: skip


def _row(uuid, sources, main, incidents="none", days="3", consent="yes", sex="female",
         fmp="lajas_blancas", nat="VEN"):  # fmt: skip
    return ["2023-07-10", fmp, consent, "no", sex, "30", nat, sources, main, incidents, days, uuid]


# 4 answered the sources question (one screened out also "answered" and must not count)
ROWS = [
    _row("a", "family_friends_migrated social_media", "family_friends_migrated", days="2"),
    _row("b", "family_friends_migrated", "family_friends_migrated", "robbery", days="4"),
    _row(
        "c", "social_media news", "social_media", sex="male", fmp="los_planes_gualaca", days="6"
    ),  # fmt: skip
    _row("d", "family_friends_migrated news", "news", sex="male", days="8"),
    _row("e", "", "", "", ""),  # answered nothing of the information group
    _row("x", "social_media", "social_media", consent="no"),
]


def _with_round(store, folder: Path):
    from opsreport.mission import apply_mission_file, load_mission_file

    apply_mission_file(store, load_mission_file(MISSION))
    path = folder / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADERS, *ROWS])
    report = import_file(store, path, survey_responses_kind(round_code="r1"))
    assert report.inserted == len(ROWS), report.issues
    return store


@pytest.fixture
def small_round(fresh_store, tmp_path):
    """The small round on SQLite and on PostgreSQL."""
    return _with_round(fresh_store, tmp_path)


@pytest.fixture
def sqlite_round(sqlite_store, tmp_path):
    """The small round on SQLite only: the CLI's formats do not depend on the database."""
    return _with_round(sqlite_store, tmp_path)


def _answers(results, question, group=None):
    [q] = [q for q in results.questions if q.question == question]
    return q, {a.choice: a for a in q.answers if a.group == group}


def test_multiple_choice_shares_count_respondents_who_answered(small_round):
    results = round_results(small_round, "r1", questions=["info_sources_route"])
    assert (results.responses, results.screened_out) == (6, 1)
    q, got = _answers(results, "info_sources_route")
    assert q.multiple and q.n[None] == 4  # not 6 responses, not 7 answer rows
    assert (got["family_friends_migrated"].count, got["family_friends_migrated"].n) == (3, 4)
    assert got["social_media"].count == 2  # the screened-out response is not counted
    assert sum(a.share.value for a in got.values()) > 1  # totals may exceed 100%
    assert got["family_friends_migrated"].share.small_n
    assert got["government"].count == 0 and got["government"].rank > got["news"].rank
    low, high = got["family_friends_migrated"].share.low, got["family_friends_migrated"].share.high
    assert low < 0.75 < high


def test_breakdowns_and_numbers_are_computed_per_group(small_round):
    results = round_results(small_round, "r1", by="sex", questions=["main_info_source",
                                                                    "days_in_jungle"])  # fmt: skip
    q, women = _answers(results, "main_info_source", "female")
    _, men = _answers(results, "main_info_source", "male")
    assert (q.n["female"], q.n["male"]) == (2, 2)
    assert women["family_friends_migrated"].share.value == 1
    assert (men["social_media"].count, men["news"].count) == (1, 1)
    numbers = {s.group: s for s in results.numbers}
    assert (numbers["female"].median, numbers["male"].median) == (3, 7)
    overall = round_results(small_round, "r1", questions=["days_in_jungle"]).numbers[0]
    assert (overall.n, overall.q1, overall.median, overall.q3) == (4, 3.5, 5, 6.5)
    by_province = round_results(small_round, "r1", by="province", questions=["main_info_source"])
    assert set(by_province.questions[0].n) == {"PA05", "PA02"}


def test_public_results_never_show_small_counts_of_sensitive_questions(small_round):
    shown = round_results(small_round, "r1", questions=["incidents_route"])
    _, got = _answers(shown, "incidents_route")
    assert got["robbery"].count == 1 and shown.questions[0].sensitive
    public = round_results(small_round, "r1", questions=["incidents_route", "main_info_source"],
                           public=True)  # fmt: skip
    _, got = _answers(public, "incidents_route")
    assert all(a.count is None or a.count >= 5 for a in got.values())
    assert got["robbery"].suppressed and got["robbery"].share is None
    assert '"robbery"' in to_json(public) and ",robbery," in to_csv(public)
    [robbery] = [r for r in csv.DictReader(io.StringIO(to_csv(public))) if r["choice"] == "robbery"]
    assert (robbery["count"], robbery["share"], robbery["suppressed"]) == ("", "", "True")
    _, main = _answers(public, "main_info_source")  # not sensitive: shown with its small n
    assert main["news"].count == 1 and main["news"].share.small_n


def test_a_modified_form_gets_results_for_its_added_question(fresh_store, tmp_path):
    workbook = tmp_path / "my-fms.yaml"
    text = (Path(__file__).parents[2] / "src/opsreport/survey/forms/fms.yaml").read_text("utf-8")
    text = text.replace(
        "  - type: select_one yes_no_dk\n    name: knew_regular_pathways",
        "  - type: select_one yes_no_dk\n    name: heard_of_opsreport\n"
        "    label::English (en): Had you heard of the centre?\n"
        "    label::Español (es): ¿Conocía el centro?\n"
        "    relevant: ${consent} = 'yes'\n"
        "  - type: select_one yes_no_dk\n    name: knew_regular_pathways",
        1,
    )
    workbook.write_text(text, encoding="utf-8")
    mine = load_instrument(workbook)
    assert "heard_of_opsreport" in mine
    path = tmp_path / "export.csv"
    path.write_text(
        "survey_date,consent,heard_of_opsreport,_uuid\n2023-07-01,yes,yes,m1\n"
        "2023-07-02,yes,no,m2\n2023-07-02,yes,maybe,m3\n",
        encoding="utf-8",
    )
    report = import_file(fresh_store, path, survey_responses_kind(mine, "mine"))
    assert report.inserted == 2 and report.issues[-1].code == "unknown-choice"
    results = round_results(fresh_store, "mine", questions=["heard_of_opsreport"])
    _, got = _answers(results, "heard_of_opsreport")
    assert (got["yes"].count, got["yes"].n) == (1, 2)


def test_the_cli_writes_every_format(sqlite_round, tmp_path):
    cli = [sys.executable, "-c", "from opsreport.cli import main; main()",
           "--database", sqlite_round.url, "survey"]  # fmt: skip

    def run(*args):
        done = subprocess.run([*cli, *args], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    table = run("results", "r1", "-q", "info_sources_route", "-q", "incidents_route")
    assert "more than 100%" in table and "sensitive" in table and "75%" in table
    rows = list(csv.DictReader(io.StringIO(run("results", "r1", "--format", "csv", "--by", "fmp"))))
    assert {r["group"] for r in rows} == {"lajas_blancas", "los_planes_gualaca"}
    data = json.loads(run("results", "r1", "--format", "json", "--public", "--lang", "es"))
    assert data["screened_out"] == 1 and data["public"] is True
    assert any(r["choice_label"] == "Redes sociales" for r in data["shares"])
    run("results", "r1", "--format", "xlsx", "-o", str(tmp_path / "r.xlsx"))
    assert load_workbook(tmp_path / "r.xlsx").sheetnames == ["shares", "numbers"]
    missing = subprocess.run([*cli, "results", "nope"], capture_output=True, text=True)
    assert missing.returncode == 1 and "There is no survey round 'nope'" in missing.stderr


def test_a_round_created_first_keeps_its_dates_and_takes_the_import(sqlite_store, tmp_path):
    from opsreport.mission import apply_mission_file, load_mission_file
    from opsreport.survey import round_summaries

    apply_mission_file(sqlite_store, load_mission_file(MISSION))
    cli = [sys.executable, "-c", "from opsreport.cli import main; main()",
           "--database", sqlite_store.url, "survey"]  # fmt: skip
    create = [*cli, "round", "create", "fms-2023-07", "--instrument", "fms", "--start",
              "2023-07-01", "--end", "2023-07-31", "--provinces", "PA05"]  # fmt: skip
    done = subprocess.run(create, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    again = subprocess.run(create, capture_output=True, text=True)
    assert again.returncode == 1 and "already a round fms-2023-07" in again.stderr
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADERS, *ROWS])
    done = subprocess.run(
        [*cli, "import", str(path), "--round", "fms-2023-07"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "6 new" in done.stdout and "1 screened out" in done.stdout
    [summary] = round_summaries(sqlite_store)
    assert (summary.fieldwork_start.day, summary.fieldwork_end.day) == (1, 31)
    assert summary.provinces == ["PA05", "PA02"]  # Los Planes (Chiriquí) was added


def test_the_cli_speaks_spanish_with_lang_es(sqlite_round):
    cli = [sys.executable, "-c", "from opsreport.cli import main; main()",
           "--database", sqlite_round.url, "survey", "results"]  # fmt: skip

    def run(*args):
        env = {**os.environ, "COLUMNS": "200"}  # rich wraps tables to the terminal width
        return subprocess.run([*cli, *args], capture_output=True, text=True, env=env)

    english = run("r1", "--by", "fmp").stdout
    spanish = run("r1", "--by", "fmp", "--lang", "es").stdout
    assert "screened out" in english and "median" in english
    for heading in ("Ronda r1", "excluidas por el filtro inicial", "respuesta", "proporción",
                    "intervalo del 95 %", "punto de monitoreo", "Números (cuartiles)", "mediana",
                    "sensible", "selección múltiple", "nunca publique"):  # fmt: skip
        assert heading in spanish, heading
    for english_only in ("screened out", "answer", "share", "median", "multiple choice"):
        assert not re.search(rf"\b{english_only}\b", spanish), english_only
    assert "75 %" in spanish.replace("\xa0", " ")  # numbers follow the Spanish locale
    data = json.loads(run("r1", "--format", "json", "--lang", "es").stdout)
    assert data["note"].startswith("Las proporciones de selección múltiple")
    missing = run("nope", "--lang", "es")
    assert missing.returncode == 1 and "No existe la ronda de encuesta 'nope'" in missing.stderr


SURVEY_TEXT = [
    Path(__file__).resolve().parents[2] / "src/opsreport" / part
    for part in ("survey/results.py", "survey/results_export.py", "cli/survey/results.py")
]


def _messages_used() -> set[str]:
    from babel.messages.extract import extract_from_file

    found = set()
    for path in SURVEY_TEXT:
        for _line, message, _comments, _context in extract_from_file(
            "python", path, keywords={"_": None, "N_": None}
        ):
            found.add(message)
    return found


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_survey_message_is_in_the_catalogue(lang):
    from babel.messages.pofile import read_po

    from opsreport.survey.i18n import catalogue_path

    with catalogue_path(lang).open("rb") as po:
        translated = {m.id: m.string for m in read_po(po, locale=lang) if m.id}
    used = _messages_used()
    assert "Numbers (quartiles)" in used  # the extraction sees the CLI's headings
    missing = sorted(m for m in used if not translated.get(m))
    assert not missing, f"add to {catalogue_path(lang)}: {missing}"
    if lang == "es":
        same = {"n", "Q1", "Q3", "#"}
        untranslated = sorted(m for m in used if translated[m] == m and m not in same)
        assert not untranslated, f"not translated into Spanish: {untranslated}"
