"""The seed report's figures, computed from a store with plain SQL written for the tests.

Independent of the indicator engine on purpose: these queries restate the definitions of
REPORT-TARGETS.md so the demo data is checked against the definitions, not against the
code that will later compute them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

START, END = dt.date(2023, 8, 1), dt.date(2023, 9, 30)
PERIOD = {"start": START, "end": END}


def rows(store, sql: str, **params) -> list[tuple]:
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), {**PERIOD, **params})]


def value(store, sql: str, **params):
    return rows(store, sql, **params)[0][0]


def on_roster(store, condition: str = "1 = 1") -> int:
    return value(
        store,
        "SELECT count(*) FROM staff_member WHERE start_date <= :end "
        f"AND (end_date IS NULL OR end_date >= :end) AND {condition}",
    )


ACTIVE_SITES = """
    SELECT site_code FROM service_record WHERE service_date BETWEEN :start AND :end
    UNION
    SELECT site_code FROM event WHERE start_date <= :end AND end_date >= :start
"""

LEGAL_RESIDING = """
    FROM service_record
    WHERE activity_code = 'legal-orientation' AND population_group_code = 'migrant-residing'
      AND service_date BETWEEN :start AND :end
"""

MEDICAL_TRANSIT_ETRM = """
    FROM service_record r JOIN site s ON s.code = r.site_code
    WHERE r.activity_code = 'medical-care' AND r.population_group_code = 'migrant-transit'
      AND s.type = 'etrm' AND r.service_date BETWEEN :start AND :end
"""


def events_in_period(activity: str, audiences: tuple[str, ...]) -> str:
    listed = ", ".join(f"'{a}'" for a in audiences)
    return (
        f"SELECT id FROM event WHERE activity_code = '{activity}' "
        f"AND audience_code IN ({listed}) AND start_date <= :end AND end_date >= :start"
    )


WORKSHOPS = events_in_period("community-workshop", ("migrants-host-communities",))
TRAININGS = events_in_period("capacity-training", ("government", "civil-society", "private-sector"))


def participants(store, events: str) -> int:
    """Distinct identified people plus head-count totals of the events."""
    people = value(
        store,
        f"SELECT count(DISTINCT person_id) FROM attendance WHERE event_id IN ({events})",
    )
    counted = value(
        store,
        "SELECT coalesce(sum(headcount_total), 0) FROM attendance "
        f"WHERE person_id IS NULL AND event_id IN ({events})",
    )
    return people + counted


def latest_round(store) -> tuple:
    return rows(
        store,
        "SELECT id, code, fieldwork_start, fieldwork_end, provinces FROM survey_round "
        "WHERE fieldwork_end <= :end ORDER BY fieldwork_end DESC",
    )[0]


def answers(store, round_code: str, question: str) -> dict[str, int]:
    """Respondents (not screened out) of a round per answer value of a question."""
    found = rows(
        store,
        "SELECT a.value, count(DISTINCT a.response_id) FROM survey_answer a "
        "JOIN survey_response r ON r.id = a.response_id "
        "JOIN survey_round o ON o.id = r.round_id "
        "WHERE o.code = :round AND a.question = :question AND r.screened_out = :no "
        "GROUP BY a.value",
        round=round_code,
        question=question,
        no=False,
    )
    return dict(found)


def share(store, round_code: str, question: str, choice: str) -> tuple[float, int]:
    """Percentage of respondents who answered ``question`` giving ``choice``, and n."""
    answered = value(
        store,
        "SELECT count(DISTINCT a.response_id) FROM survey_answer a "
        "JOIN survey_response r ON r.id = a.response_id "
        "JOIN survey_round o ON o.id = r.round_id "
        "WHERE o.code = :round AND a.question = :question AND r.screened_out = :no",
        round=round_code,
        question=question,
        no=False,
    )
    return 100 * answers(store, round_code, question).get(choice, 0) / answered, answered


def ranking(store, round_code: str, question: str) -> list[str]:
    counts = answers(store, round_code, question)
    return sorted(counts, key=lambda choice: -counts[choice])


def figures(store) -> dict:
    """Every figure of REPORT-TARGETS.md for August and September 2023."""
    round_id, round_code, _, fieldwork_end, provinces = latest_round(store)
    previous = rows(
        store,
        "SELECT code FROM survey_round WHERE fieldwork_end < :last ORDER BY fieldwork_end DESC",
        last=fieldwork_end,
    )
    not_enough = {
        aspect: share(store, round_code, f"enough_info_{aspect}", "no")[0]
        for aspect in ("danger", "insecurity", "difficulty")
    }
    return {
        "P1": value(
            store,
            "SELECT count(*) FROM office WHERE admin2_pcode = 'PA1201' AND opened_on <= :end "
            "AND (closed_on IS NULL OR closed_on >= :end)",
        ),
        "P2": rows(
            store,
            "SELECT code, admin1_pcode FROM office WHERE type = 'sub-office' "
            "AND opened_on <= :end AND (closed_on IS NULL OR closed_on >= :end)",
        ),
        "P3": on_roster(store),
        "P4": (
            on_roster(store, "category = 'national'"),
            on_roster(store, "category = 'international'"),
        ),
        "P5": value(
            store,
            f"SELECT count(DISTINCT admin1_pcode) FROM site WHERE code IN ({ACTIVE_SITES})",
        ),
        "P6": value(store, f"SELECT count(*) FROM ({ACTIVE_SITES}) AS active"),
        "P7": on_roster(store, "unit = 'mission'"),
        "A1": [r[0] for r in rows(store, "SELECT code FROM thematic_area ORDER BY position")],
        "S1": value(store, f"SELECT count(DISTINCT person_id) {LEGAL_RESIDING}"),
        "S1 topics": {r[0] for r in rows(store, f"SELECT DISTINCT topic_code {LEGAL_RESIDING}")},
        "S2": participants(store, WORKSHOPS),
        "S2 topics": {
            r[0]
            for r in rows(
                store, f"SELECT topic_code FROM event_topic WHERE event_id IN ({WORKSHOPS})"
            )
        },
        "S3": value(store, f"SELECT count(DISTINCT r.person_id) {MEDICAL_TRANSIT_ETRM}"),
        "S3 provinces": {
            r[0] for r in rows(store, f"SELECT DISTINCT s.admin1_pcode {MEDICAL_TRANSIT_ETRM}")
        },
        "D0": (
            round_code,
            fieldwork_end.month
            if hasattr(fieldwork_end, "month")
            else int(str(fieldwork_end)[5:7]),
            provinces,
        ),
        "D1": round(share(store, round_code, "main_info_source", "family_friends_migrated")[0]),
        "D2": round(share(store, round_code, "knew_regular_pathways", "no")[0]),
        "D3": not_enough,
        "D4": ranking(store, round_code, "main_reason_leave")[:2],
        "D4 previous top": ranking(store, previous[0][0], "main_reason_leave")[0]
        if previous
        else None,
        "C1": participants(store, TRAININGS),
        "C1 topics": {
            r[0]
            for r in rows(
                store, f"SELECT topic_code FROM event_topic WHERE event_id IN ({TRAININGS})"
            )
        },
        "M1": value(
            store,
            "SELECT sum(value) FROM channel_metric WHERE metric = 'people-reached' "
            "AND month BETWEEN :start AND :end",
        ),
        "O1": rows(
            store,
            "SELECT type, code FROM donor WHERE active_from <= :end "
            "AND (active_to IS NULL OR active_to >= :start) ORDER BY position, code",
        ),
        "round id": round_id,
    }
