"""The generator is deterministic and meets its targets with any seed."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from demo_figures import figures

from opsreport.demo import build_demo, generate


def test_same_seed_gives_identical_rows():
    assert generate(2023).tables == generate(2023).tables


def test_another_seed_gives_other_rows_but_the_same_figures(sqlite_store):
    other = generate(7)
    assert other.tables["service_record"] != generate(2023).tables["service_record"]
    assert other.tables["attendance"] != generate(2023).tables["attendance"]
    build_demo(sqlite_store, seed=7)
    found = figures(sqlite_store)
    assert (found["P3"], found["P4"], found["P7"]) == (196, (153, 43), 25)
    assert (found["S1"], found["S2"], found["S3"], found["C1"]) == (112, 1432, 164, 309)
    assert (found["D1"], found["D2"], found["M1"]) == (78, 62, 7663)
    assert found["D4"] == ["economic", "insecurity_violence"]
    assert found["P5"] == 5 and 11 <= found["P6"] <= 14


def test_rows_use_the_store_column_names():
    from opsreport.store import models

    data = generate()
    for table, rows in data.tables.items():
        columns = set(models.Base.metadata.tables[table].columns.keys())
        assert set(rows[0]) <= columns, table


def test_services_run_from_january_to_october():
    months = {row["service_date"].month for row in generate()["service_record"]}
    assert months == set(range(1, 11))
    metric_months = {row["month"] for row in generate()["channel_metric"]}
    assert metric_months == {dt.date(2023, month, 1) for month in range(1, 11)}


def test_ages_match_birth_years():
    data = generate()
    births = {row["id"]: row["birth_year"] for row in data["person"]}
    for row in data["service_record"]:
        years = row["service_date"].year - births[row["person_id"]]
        assert row["age_years"] in (years - 1, years)


def test_people_in_transit_look_like_the_2023_flows():
    data = generate()
    transit = {
        row["id"]: row
        for row in data["person"]
        if row["population_group_code"] == "migrant-transit"
    }
    nationalities = [
        n for n, _ in Counter(p["nationality"] for p in transit.values()).most_common()
    ]
    assert nationalities[0] == "VEN"
    assert {"ECU", "HTI", "CHN", "COL"} <= set(nationalities[:6])
    ages = [row["age_years"] for row in data["service_record"] if row["person_id"] in transit]
    children = sum(age < 18 for age in ages) / len(ages)
    assert 0.1 < children < 0.4
    assert min(ages) == 0 and max(ages) >= 60
    sexes = Counter(p["sex"] for p in transit.values())
    assert sexes["female"] > 0.3 * len(transit) and sexes["male"] > 0.4 * len(transit)


def test_residing_migrants_come_mostly_from_the_region():
    residing = [
        row["nationality"]
        for row in generate()["person"]
        if row["population_group_code"] == "migrant-residing"
    ]
    top = [n for n, _ in Counter(residing).most_common(4)]
    assert top[0] == "VEN" and set(top) == {"VEN", "COL", "NIC", "CUB"}


def test_select_multiple_answers_include_the_main_answer():
    data = generate()
    chosen: dict[tuple[int, str], set[str]] = {}
    for row in data["survey_answer"]:
        chosen.setdefault((row["response_id"], row["question"]), set()).add(row["value"])
    pairs = {"main_info_source": "info_sources_route", "main_reason_leave": "reasons_leave"}
    checked = 0
    for (response, question), values in chosen.items():
        if question in pairs and (response, pairs[question]) in chosen:
            assert values <= chosen[(response, pairs[question])]
            checked += 1
    assert checked > 400


def test_screened_out_responses_have_only_screening_answers():
    data = generate()
    screened = [row for row in data["survey_response"] if row["screened_out"]]
    assert screened
    ids = {row["id"] for row in screened}
    questions = {row["question"] for row in data["survey_answer"] if row["response_id"] in ids}
    assert questions <= {"survey_date", "fmp", "consent", "previously_surveyed"}
    assert {(row["sex"], row["age"], row["nationality"]) for row in screened} == {(None,) * 3}


def test_survey_answers_use_the_shipped_form_questions_and_choices():
    data = generate()
    questions = data["survey_instrument"][0]["questions"]
    for row in data["survey_answer"]:
        question = questions[row["question"]]
        if "choices" in question:
            assert row["value"] in {c["name"] for c in question["choices"]}, row
    fmps = {c["name"] for c in questions["fmp"]["choices"]}
    assert {row["fmp"] for row in data["survey_response"]} <= fmps
    assert questions["incidents_route"]["sensitive"] is True


def test_main_reasons_of_each_round_rank_without_ties():
    """A tie would make the ranking chart's order depend on the database."""
    data = generate()
    for round_row in data["survey_round"]:
        ids = {r["id"] for r in data["survey_response"] if r["round_id"] == round_row["id"]}
        counts = Counter(
            a["value"]
            for a in data["survey_answer"]
            if a["question"] == "main_reason_leave" and a["response_id"] in ids
        )
        assert len(set(counts.values())) == len(counts), round_row["code"]
