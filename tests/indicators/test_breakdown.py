"""Disaggregation, weighted shares, change and public mode, on hand-made stores and the demo."""

from __future__ import annotations

import datetime as dt

import ibis
import pytest
from indicator_builder import Builder

from opsreport.errors import CatalogueError
from opsreport.indicators import compute, load_catalogue, reason_text
from opsreport.indicators.catalogue import Catalogue, read_catalogue_file

D = dt.date
LEGAL = "legal-orientation-residing"
WORKSHOP = "community-workshop-participants"


def cells(result) -> dict:
    return {c.key: c.value for c in result.breakdown.cells}


def test_people_are_counted_once_per_cell_and_once_in_the_total(fresh_store):
    b = Builder(fresh_store)
    # ana: two services in two provinces; ben: one in Darién; both women/men with ages
    b.service("ana", D(2023, 8, 3), site="legal-desk", age=30, sex="female", nationality="VEN")
    b.service("ana", D(2023, 9, 3), site="etrm-darien", age=30)
    b.service("ben", D(2023, 8, 9), site="etrm-darien", age=4, sex="male", nationality="COL")
    b.service("cai", D(2023, 8, 9), site="etrm-darien", age=None, sex="male")
    result = compute(fresh_store, "2023-08..2023-09", [LEGAL], by="province")[LEGAL]
    assert result.value == 3
    assert cells(result) == {("PA12",): 1, ("PA05",): 3}
    assert result.breakdown.multi_group == ("province",)  # ana counts in both provinces
    by_sex = compute(fresh_store, "2023-08..2023-09", [LEGAL], by=["sex"])[LEGAL]
    assert cells(by_sex) == {("female",): 1, ("male",): 2}
    assert by_sex.breakdown.multi_group == ()
    ages = compute(fresh_store, "2023-08..2023-09", [LEGAL], by=["age-group"])[LEGAL]
    assert cells(ages) == {("0-4",): 1, ("18-59",): 1, (None,): 1}
    assert [c.names_es[0] for c in ages.breakdown.cells][-1] == "Sin registro"


def test_a_cross_tab_has_margins_recomputed_not_summed(sqlite_store):
    b = Builder(sqlite_store)
    b.service("ana", D(2023, 8, 3), site="legal-desk", sex="female", nationality="VEN")
    b.service("ana", D(2023, 8, 4), site="etrm-darien")
    b.service("eva", D(2023, 8, 4), site="etrm-darien", sex="female", nationality="COL")
    result = compute(sqlite_store, "2023-08", [LEGAL], by=["sex", "province"])[LEGAL]
    assert cells(result) == {("female", "PA05"): 2, ("female", "PA12"): 1}
    sex_margin = {c.key: c.value for c in result.breakdown.margins["sex"]}
    assert sex_margin == {("female",): 2}  # not 3: ana is one woman
    names = {c.key: c.names_es for c in result.breakdown.cells}
    assert names[("female", "PA05")] == ("Mujer", "Darién")


def test_nationalities_carry_country_names_and_rare_ones_fold_into_other(sqlite_store):
    b = Builder(sqlite_store)
    for i in range(6):
        b.service(f"v{i}", D(2023, 8, 3), nationality="VEN")
    b.service("h", D(2023, 8, 3), nationality="HTI")
    b.service("c", D(2023, 8, 3), nationality="CMR")
    plain = compute(sqlite_store, "2023-08", [LEGAL], by="nationality")[LEGAL]
    assert {c.key[0]: c.names_es[0] for c in plain.breakdown.cells}["HTI"] == "Haití"
    folded = compute(sqlite_store, "2023-08", [LEGAL], by="nationality", other_below=3)[LEGAL]
    assert cells(folded) == {("VEN",): 6, ("other",): 2}
    assert folded.breakdown.cells[-1].names_en == ("Other nationalities",)


def test_workshop_participants_split_head_counts_by_sex_and_topics_are_multi_group(sqlite_store):
    b = Builder(sqlite_store)
    b.person("ana", sex="female")
    b.event(D(2023, 8, 2), topics=("c4d", "legal-work"), people=("ana",), headcount=10,
            headcount_sex=(4, 5, 0))  # fmt: skip
    result = compute(sqlite_store, "2023-08", [WORKSHOP], by="sex")[WORKSHOP]
    assert result.value == 11
    assert cells(result) == {("female",): 5, ("male",): 5, ("unknown",): 1}
    assert sum(cells(result).values()) == result.value
    topics = compute(sqlite_store, "2023-08", [WORKSHOP], by="topic")[WORKSHOP]
    assert cells(topics) == {("c4d",): 11, ("legal-work",): 11}
    assert "topic" in topics.breakdown.multi_group  # totals may exceed the figure
    nat = compute(sqlite_store, "2023-08", [WORKSHOP], by="nationality")[WORKSHOP]
    assert cells(nat) == {(None,): 11}  # nobody's nationality is recorded


def test_a_dimension_the_indicator_does_not_offer_is_refused_naming_both(sqlite_store):
    with pytest.raises(CatalogueError, match="'medical-care-transit-etrm'.*'audience'"):
        compute(sqlite_store, "2023-08", ["medical-care-transit-etrm"], by="audience")
    with pytest.raises(CatalogueError, match="one or two"):
        compute(sqlite_store, "2023-08", [LEGAL], by="sex,province,site")


def test_a_catalogue_cannot_declare_a_dimension_its_source_lacks(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "indicators:\n  - id: reach\n    label_en: R\n    label_es: R\n    definition_en: d\n"
        "    definition_es: d\n    unit: sum\n    source: channel-metrics\n"
        "    filters: {metric: people-reached}\n    disaggregations: [sex]\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError, match="indicator 'reach', disaggregations.*'sex'"):
        read_catalogue_file(path)


def _weighted_catalogue(tmp_path) -> Catalogue:
    path = tmp_path / "weighted.yaml"
    path.write_text(
        "indicators:\n  - id: w-family\n    label_en: W\n    label_es: W\n"
        "    definition_en: d\n    definition_es: d\n    unit: share\n    source: survey\n"
        '    filters: {instrument: fms, question: q, choice: "yes"}\n    weighted: true\n'
        "    disaggregations: [sex]\n",
        encoding="utf-8",
    )
    return load_catalogue([path])


def test_weighted_shares_use_the_kish_effective_n(sqlite_store, tmp_path):
    b = Builder(sqlite_store)
    rnd = b.round(b.instrument(), "R1", D(2023, 7, 1), D(2023, 7, 31))
    b.response(rnd, {"q": "yes"}, weight=3.0, sex="female")
    b.response(rnd, {"q": "no"}, weight=1.0, sex="female")
    b.response(rnd, {"q": "no"}, weight=1.0, sex="male")
    catalogue = _weighted_catalogue(tmp_path)
    result = compute(sqlite_store, "2023-08", ["w-family"], catalogue, by="sex")["w-family"]
    assert result.value == pytest.approx(3 / 5)
    assert result.share.n == pytest.approx(25 / 11)  # (Σw)² / Σw² = 25 / 11
    assert result.share.small_n
    female = result.breakdown.cells[0]
    assert female.value == pytest.approx(3 / 4)
    assert female.share.low <= female.value <= female.share.high


def test_multiple_choice_rankings_may_add_up_to_more_than_all(sqlite_store):
    b = Builder(sqlite_store)
    rnd = b.round(b.instrument(), "R1", D(2023, 7, 1), D(2023, 7, 31))
    b.response(rnd, {"main_reason_leave": ["economic", "insecurity_violence"]}, sex="male")
    b.response(rnd, {"main_reason_leave": ["economic"]}, sex="male")
    ranking = "fms-main-reason-ranking"
    result = compute(sqlite_store, "2023-08", [ranking], by="sex")[ranking]
    shares = {c.key: c.value for c in result.breakdown.cells}
    assert shares == {("male", "economic"): 1.0, ("male", "insecurity_violence"): 0.5}
    assert sum(shares.values()) > 1
    assert result.breakdown.dimensions == ("sex", "answer")
    assert "answer" in result.breakdown.multi_group


def test_change_against_the_previous_period(sqlite_store):
    b = Builder(sqlite_store)
    for who in "abcd":
        b.service(who, D(2023, 7, 10))
    for who in "ab":
        b.service(who, D(2023, 8, 10))
    change = compute(sqlite_store, "2023-08", [LEGAL], compare=True)[LEGAL].change
    assert (change.period, change.previous, change.absolute, change.percent) == (
        "2023-07", 4, -2, -0.5,
    )  # fmt: skip


def test_public_mode_hides_small_cells_and_the_one_that_would_give_them_away(sqlite_store):
    b = Builder(sqlite_store)
    sites = {"legal-desk": 12, "etrm-darien": 7, "etrm-chiriqui": 2}
    for site, count in sites.items():
        for i in range(count):
            b.service(f"{site}-{i}", D(2023, 8, 3), site=site)
    result = compute(sqlite_store, "2023-08", [LEGAL], by="province", public=True)[LEGAL]
    shown = {c.key[0]: (c.value, c.reason) for c in result.breakdown.cells}
    assert shown == {
        "PA02": (None, "small-cell"),
        "PA05": (None, "secondary"),  # else 21 - 12 - 7 would give Chiriquí's 2
        "PA12": (12, None),
    }
    assert result.value == 21 and result.breakdown.total == 21
    assert "5" in reason_text("small-cell", "es", result.breakdown.threshold)
    stricter = compute(sqlite_store, "2023-08", [LEGAL], by="province", public=True, threshold=13)
    assert all(c.suppressed for c in stricter[LEGAL].breakdown.cells)
    # the private computation shows everything
    private = compute(sqlite_store, "2023-08", [LEGAL], by="province")[LEGAL]
    assert not any(c.suppressed for c in private.breakdown.cells)


def test_public_mode_hides_a_small_headline_and_survey_shares_on_few_answers(sqlite_store):
    b = Builder(sqlite_store)
    b.service("ana", D(2023, 8, 3))
    rnd = b.round(b.instrument(), "R1", D(2023, 7, 1), D(2023, 7, 31))
    for answer in ("family_friends_migrated", "social_media", "social_media"):
        b.response(rnd, {"main_info_source": answer})
    results = compute(sqlite_store, "2023-08", [LEGAL, "fms-main-info-family"], public=True)
    assert results[LEGAL].value is None and results[LEGAL].suppressed == "small-cell"
    share = results["fms-main-info-family"]
    assert share.share is None and share.suppressed == "small-base"


def test_sensitive_questions_never_show_answers_of_fewer_than_the_threshold(sqlite_store):
    b = Builder(sqlite_store)
    questions = {"main_info_source": {"type": "select_one", "sensitive": True}}
    rnd = b.round(b.instrument(questions=questions), "R1", D(2023, 7, 1), D(2023, 7, 31))
    for i in range(40):
        answer = "family_friends_migrated" if i < 2 else "social_media"
        b.response(rnd, {"main_info_source": answer})
    ids = ["fms-main-info-family"]
    public = compute(sqlite_store, "2023-08", ids, public=True)["fms-main-info-family"]
    assert public.value is None and public.suppressed == "sensitive"
    assert compute(sqlite_store, "2023-08", ids)["fms-main-info-family"].value == 2 / 40


def test_demo_single_group_cells_add_up_to_the_seed_figure(demo_store):
    results = compute(demo_store, "2023-08..2023-09", [LEGAL, WORKSHOP], by="sex")
    for result in results.values():
        assert sum(cells(result).values()) == result.value


@pytest.mark.filterwarnings("ignore:.*infer_string:Warning")
def test_demo_nationality_by_province_in_public_shows_what_was_hidden_and_why(demo_store):
    result = compute(demo_store, "2023-08..2023-09", [LEGAL],
                     by=["nationality", "province"], public=True)[LEGAL]  # fmt: skip
    reasons = {c.reason for c in result.breakdown.cells if c.suppressed}
    assert reasons == {"small-cell", "secondary"}
    assert all(c.value is None for c in result.breakdown.cells if c.suppressed)
    assert all(c.value >= 5 for c in result.breakdown.cells if not c.suppressed and c.value)


def test_a_cross_tab_is_three_queries_whatever_the_records(demo_store):
    con = ibis.sqlite.connect(demo_store.engine.url.database)
    statements: list[str] = []
    con.con.set_trace_callback(statements.append)
    try:
        compute(con, "2023-08..2023-09", [LEGAL])
        plain = len(statements)
        compute(con, "2023-08..2023-09", [LEGAL], by=["nationality", "province"])
    finally:
        con.disconnect()

    def aggregates(part: list[str]) -> int:  # queries reading the service records
        return sum('"service_record"' in s for s in part)

    # the headline and its facet as before, then the cells and the two margins
    assert aggregates(statements[plain:]) == aggregates(statements[:plain]) + 3


def test_roster_and_channel_breakdowns_are_named_in_both_languages(sqlite_store):
    b = Builder(sqlite_store)
    b.staff("s1", D(2020, 1, 1), category="national")
    b.staff("s2", D(2020, 1, 1), category="international")
    b.staff("s3", D(2020, 1, 1), end=D(2023, 8, 15), category="national")  # gone by the end
    b.metric(D(2023, 8, 1), 100, channel="website")
    b.metric(D(2023, 9, 1), 50, channel="website")
    b.metric(D(2023, 9, 1), 7, channel="x")
    staff = compute(sqlite_store, "2023-08..2023-09", ["staff"], by="category")["staff"]
    assert {c.names_es[0]: c.value for c in staff.breakdown.cells} == {
        "Internacional": 1,
        "Nacional": 1,
    }
    reach = compute(sqlite_store, "2023-08..2023-09", ["digital-reach"], by="channel,month")
    table = reach["digital-reach"].breakdown
    assert {c.names_es: c.value for c in table.cells} == {
        ("Sitio web", "agosto de 2023"): 100,
        ("Sitio web", "septiembre de 2023"): 50,
        ("X", "septiembre de 2023"): 7,
    }
    assert table.total == reach["digital-reach"].value == 157
