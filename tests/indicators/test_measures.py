"""Each counting rule on small hand-made data, on SQLite and on PostgreSQL.

The stores are built record by record (see ``indicator_builder``), so every expected
figure can be checked by reading the test.
"""

import datetime as dt

import pytest
from indicator_builder import Builder

from opsreport.indicators import compute

D = dt.date
AUG_SEP = "2023-08..2023-09"


@pytest.fixture
def build(fresh_store):
    return Builder(fresh_store)


def value(build, indicator, period=AUG_SEP):
    return compute(build.store, period, [indicator])[indicator]


def test_distinct_people_count_a_person_once_across_months(build):
    build.service("ana", D(2023, 8, 3), topic="legal-work")
    build.service("ana", D(2023, 9, 20), topic="legal-family")  # same person again
    build.service("bea", D(2023, 9, 1), topic="legal-work")
    build.service("carl", D(2023, 7, 31))  # July only: outside the period
    build.service("dan", D(2023, 8, 10), group="migrant-transit")  # other group
    build.service("eve", D(2023, 8, 10), activity="medical-care")  # other activity
    result = value(build, "legal-orientation-residing")
    assert result.value == 2
    assert result.unit == "distinct-people"
    topics = {item.code: item.value for item in result.facets["topic"]}
    assert topics == {"legal-work": 2, "legal-family": 1}
    # topics follow the mission's order (family is listed first there), not the counts
    assert [item.name_es for item in result.facets["topic"]] == ["familia", "trabajo"]


def test_person_served_in_july_only_is_not_counted_but_is_in_july(build):
    build.service("carl", D(2023, 7, 31))
    assert value(build, "legal-orientation-residing").value == 0
    assert value(build, "legal-orientation-residing", "2023-07").value == 1


def test_medical_care_counts_only_etrm_sites_and_lists_their_provinces(build):
    for who, site in [("p1", "etrm-darien"), ("p2", "etrm-darien"), ("p3", "etrm-chiriqui")]:
        build.service(who, D(2023, 8, 5), "medical-care", "migrant-transit", site)
    build.service("p1", D(2023, 9, 5), "medical-care", "migrant-transit", "etrm-chiriqui")
    build.service("p4", D(2023, 8, 5), "medical-care", "migrant-transit", "legal-desk")
    result = value(build, "medical-care-transit-etrm")
    assert result.value == 3
    provinces = [(item.name_en, item.value) for item in result.facets["province"]]
    assert provinces == [("Darién", 2), ("Chiriquí", 2)] or provinces == [
        ("Chiriquí", 2),
        ("Darién", 2),
    ]
    assert [item.code for item in result.facets["province"]] == ["PA02", "PA05"]  # tie: code


def test_participants_are_distinct_people_plus_headcounts(build):
    build.event(D(2023, 8, 2), topics=("c4d",), people=("ana", "bea"))
    build.event(D(2023, 9, 2), topics=("c4d",), people=("ana", "carl"), headcount=10)
    build.event(D(2023, 7, 30), topics=("c4d",), people=("dan",))  # started in July
    build.event(
        D(2023, 8, 2),
        activity="capacity-training",
        audience="government",
        topics=("border-management",),
        people=("eve",),
        headcount=4,
    )
    workshops = value(build, "community-workshop-participants")
    assert workshops.value == 3 + 10
    assert workshops.meta == {"identified": 3, "headcount": 10}
    assert [(t.code, t.value) for t in workshops.facets["topic"]] == [("c4d", 13)]
    training = value(build, "partner-training-participants")
    assert training.value == 5
    assert training.facets["topic"][0].name_en == "border management"


def test_partner_training_excludes_other_audiences(build):
    build.event(
        D(2023, 8, 2), activity="capacity-training", audience="government", people=("a", "b")
    )
    build.event(
        D(2023, 8, 3),
        activity="capacity-training",
        audience="migrants-host-communities",
        people=("c",),
    )
    assert value(build, "partner-training-participants").value == 2


def test_staff_as_of_the_last_day(build):
    build.staff("s1", D(2020, 1, 1))
    build.staff("s2", D(2023, 9, 30), category="international")  # starts on the last day
    build.staff("s3", D(2021, 1, 1), end=D(2023, 9, 30), unit="PAC")  # ends on it: counted
    build.staff("s4", D(2021, 1, 1), end=D(2023, 9, 29))  # left the day before
    build.staff("s5", D(2023, 10, 1))  # not started yet
    results = compute(
        build.store, AUG_SEP, ["staff", "staff-national", "staff-international", "staff-mission"]
    )
    assert {key: r.value for key, r in results.items()} == {
        "staff": 3,
        "staff-national": 2,
        "staff-international": 1,
        "staff-mission": 2,
    }


def test_offices_open_at_period_end(build):
    results = compute(build.store, AUG_SEP, ["offices-open", "offices-capital", "sub-offices"])
    assert [(i.code, i.value, i.group) for i in results["offices-open"].items] == [
        ("co", 33, "country-office"),
        ("meteti", 4, "sub-office"),
    ]
    assert results["offices-capital"].value == 1
    assert results["sub-offices"].value == 1
    assert results["sub-offices"].facets["province"][0].name_en == "Darién"
    assert compute(build.store, "2018", ["sub-offices"])["sub-offices"].value == 0


def test_sites_and_regions_with_a_record_in_the_period(build):
    build.service("a", D(2023, 8, 1), site="etrm-darien")
    build.service("b", D(2023, 9, 30), site="etrm-darien")
    build.event(D(2023, 9, 1), site="legal-desk")
    build.service("c", D(2023, 10, 1), site="etrm-chiriqui")  # after the period
    results = compute(build.store, AUG_SEP, ["sites-active", "regions-active"])
    assert [(i.code, i.value) for i in results["sites-active"].items] == [
        ("etrm-darien", 2),
        ("legal-desk", 1),
    ]
    assert [i.code for i in results["regions-active"].items] == ["PA05", "PA12"]
    assert results["regions-active"].value == 2


def test_digital_reach_sums_the_months_of_the_period(build):
    build.metric(D(2023, 7, 1), 1000)
    build.metric(D(2023, 8, 1), 300)
    build.metric(D(2023, 9, 1), 200, channel="instagram")
    build.metric(D(2023, 9, 1), 50)
    build.metric(D(2023, 9, 1), 9999, metric="impressions")
    result = value(build, "digital-reach")
    assert result.value == 550
    assert result.meta["per_channel"] == {"facebook": 350, "instagram": 200}


def test_donors_active_in_the_period_grouped_by_type(build):
    build.donor("sweden", "general", D(2015, 1, 1), position=9)
    build.donor("canada", "direct", D(2020, 1, 1), position=2)
    build.donor("prm", "direct", D(2019, 1, 1), position=1)
    build.donor("koica", "direct", D(2021, 1, 1), end=D(2023, 6, 30), position=3)
    build.donor("late", "direct", D(2023, 10, 1), position=4)
    build.donor("ends-in-aug", "direct", D(2021, 1, 1), end=D(2023, 8, 1), position=5)
    result = value(build, "donors-active")
    assert [(i.code, i.group) for i in result.items] == [
        ("prm", "direct"),
        ("canada", "direct"),
        ("ends-in-aug", "direct"),
        ("sweden", "general"),
    ]


def _survey(build):
    questions = {
        "main_reason_leave": {
            "type": "select_one",
            "choices": {"economic": {"en": "Economic/financial", "es": "Económicas/financieras"}},
        }
    }
    fms = build.instrument("fms", questions)
    june = build.round(fms, "fms-2023-06", D(2023, 6, 1), D(2023, 6, 30))
    july = build.round(fms, "fms-2023-07", D(2023, 7, 1), D(2023, 7, 31), "PA05 PA02")
    build.round(fms, "fms-2023-10", D(2023, 10, 1), D(2023, 10, 31))  # ends after the period
    for _ in range(3):
        build.response(june, {"main_reason_leave": "insecurity_violence"})
    build.response(june, {"main_reason_leave": "economic"})
    for _ in range(6):
        build.response(
            july, {"main_info_source": "family_friends_migrated", "main_reason_leave": "economic"}
        )
    for _ in range(3):
        build.response(
            july, {"main_info_source": "social_media", "main_reason_leave": "insecurity_violence"}
        )
    build.response(july, {"main_reason_leave": "political"})  # did not answer the source
    build.response(july, {"main_info_source": "family_friends_migrated"}, screened_out=True)
    return july


def test_survey_uses_the_latest_round_ended_by_the_period_end(build):
    _survey(build)
    result = value(build, "fms-round")
    assert result.meta["round"] == "fms-2023-07"
    assert result.meta["fieldwork_end"] == D(2023, 7, 31)
    assert result.meta["previous_round"] == "fms-2023-06"
    assert [i.name_en for i in result.items] == ["Darién", "Chiriquí"]
    assert result.value == 10  # respondents not screened out
    assert value(build, "fms-round", "2023-10").meta["round"] == "fms-2023-10"


def test_share_excludes_screened_out_and_non_answering(build):
    _survey(build)
    result = value(build, "fms-main-info-family")
    assert (result.share.numerator, result.share.n) == (6, 9)
    assert result.value == pytest.approx(6 / 9)
    assert result.share.small_n is True
    assert result.share.low < 6 / 9 < result.share.high


def test_ranking_with_previous_round_top(build):
    _survey(build)
    result = value(build, "fms-main-reason-ranking")
    assert [i.code for i in result.items] == ["economic", "insecurity_violence", "political"]
    assert result.items[0].name_es == "Económicas/financieras"
    assert result.items[0].value.n == 10
    assert result.items[0].value.numerator == 6
    assert result.meta["previous_round"] == "fms-2023-06"
    assert result.meta["previous_top"] == "insecurity_violence"


def test_no_round_yet_gives_no_value(build):
    result = value(build, "fms-main-info-family")
    assert result.value is None and result.share is None


MISSION_CATALOGUE = """\
indicators:
  - id: etrm-visits
    label_en: Visits at ETRMs
    label_es: Visitas en ETRM
    definition_en: Service records at ETRM sites.
    definition_es: Registros de servicios en sitios ETRM.
    unit: records
    source: services
    filters: {site_type: etrm, admin1: [PA05, PA02]}
    facets: [province, site]
  - id: workshops-held
    label_en: Workshops held
    label_es: Talleres realizados
    definition_en: Community workshops that started in the period.
    definition_es: Talleres comunitarios iniciados en el período.
    unit: records
    source: events
    filters: {activity: community-workshop, topic: c4d}
"""


def test_a_mission_catalogue_counts_records(build, tmp_path):
    from opsreport.indicators import load_catalogue

    path = tmp_path / "mission-indicators.yaml"
    path.write_text(MISSION_CATALOGUE, encoding="utf-8")
    catalogue = load_catalogue([path])
    build.service("p1", D(2023, 8, 5), "medical-care", "migrant-transit", "etrm-darien")
    build.service("p1", D(2023, 8, 6), "medical-care", "migrant-transit", "etrm-darien")
    build.service("p2", D(2023, 8, 6), "medical-care", "migrant-transit", "etrm-chiriqui")
    build.service("p3", D(2023, 8, 6), "medical-care", "migrant-transit", "legal-desk")
    build.event(D(2023, 8, 2), topics=("c4d",), people=("a",))
    build.event(D(2023, 8, 9), topics=("c4d", "border-management"))
    build.event(D(2023, 8, 9), topics=("border-management",))
    results = compute(build.store, AUG_SEP, ["etrm-visits", "workshops-held"], catalogue)
    visits = results["etrm-visits"]
    assert visits.value == 3  # records, not people
    assert [(i.code, i.value) for i in visits.facets["province"]] == [("PA05", 2), ("PA02", 1)]
    assert [i.name_en for i in visits.facets["site"]] == ["ETRM Darién", "ETRM Chiriquí"]
    assert results["workshops-held"].value == 2
