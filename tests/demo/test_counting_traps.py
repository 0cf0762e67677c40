"""The demo makes a careless count wrong: repeat visits, repeat attendance, month sums."""

from __future__ import annotations

from demo_figures import LEGAL_RESIDING, MEDICAL_TRANSIT_ETRM, WORKSHOPS, rows, value


def test_more_legal_orientation_records_than_people(demo_store):
    records = value(demo_store, f"SELECT count(*) {LEGAL_RESIDING}")
    people = value(demo_store, f"SELECT count(DISTINCT person_id) {LEGAL_RESIDING}")
    assert records > people


def test_more_medical_care_records_than_people(demo_store):
    records = value(demo_store, f"SELECT count(*) {MEDICAL_TRANSIT_ETRM}")
    people = value(demo_store, f"SELECT count(DISTINCT r.person_id) {MEDICAL_TRANSIT_ETRM}")
    assert records > people


def test_workshop_participants_attend_several_sessions(demo_store):
    repeated = rows(
        demo_store,
        f"SELECT person_id FROM attendance WHERE event_id IN ({WORKSHOPS}) "
        "GROUP BY person_id HAVING count(*) > 1",
    )
    assert len(repeated) > 100


def test_summing_monthly_people_over_counts_the_two_months(demo_store):
    per_month = [
        value(
            demo_store,
            "SELECT count(DISTINCT person_id) FROM service_record "
            "WHERE activity_code = 'legal-orientation' "
            "AND population_group_code = 'migrant-residing' "
            "AND service_date BETWEEN :first AND :last",
            first=first,
            last=last,
        )
        for first, last in (("2023-08-01", "2023-08-31"), ("2023-09-01", "2023-09-30"))
    ]
    both = value(demo_store, f"SELECT count(DISTINCT person_id) {LEGAL_RESIDING}")
    assert sum(per_month) > both


def test_people_served_in_the_period_were_also_served_outside_it(demo_store):
    outside = value(
        demo_store,
        "SELECT count(DISTINCT person_id) FROM service_record "
        "WHERE activity_code = 'legal-orientation' "
        "AND (service_date < '2023-08-01' OR service_date > '2023-09-30') "
        f"AND person_id IN (SELECT person_id {LEGAL_RESIDING})",
    )
    assert outside > 0


def test_medical_care_that_must_not_count_exists_in_the_period(demo_store):
    away_or_not_transit = value(
        demo_store,
        "SELECT count(*) FROM service_record r JOIN site s ON s.code = r.site_code "
        "WHERE r.activity_code = 'medical-care' AND r.service_date "
        "BETWEEN '2023-08-01' AND '2023-09-30' "
        "AND (s.type <> 'etrm' OR r.population_group_code <> 'migrant-transit')",
    )
    assert away_or_not_transit > 0


def test_head_counts_exist_outside_the_period_only(demo_store):
    headcounts = rows(
        demo_store,
        "SELECT e.start_date, a.headcount_total, a.headcount_female + a.headcount_male "
        "FROM attendance a JOIN event e ON e.id = a.event_id WHERE a.person_id IS NULL",
    )
    assert headcounts
    for start, total, by_sex in headcounts:
        assert not ("2023-08-01" <= str(start) <= "2023-09-30")
        assert total == by_sex
