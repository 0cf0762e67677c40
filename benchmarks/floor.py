"""The hand-written baselines the indicator engine is measured against.

Why: "fast" means nothing without a reference. Two are kept here, both computing the
same headline figures as the shipped catalogue (record-level indicators, plus the cheap
roster and reference counts so nothing is left out):

* :func:`sql_floor` — the few SQL queries a careful analyst would write by hand, run on
  the same engine (DuckDB over the same Parquet files, or the same SQLite file). The
  engine cannot reasonably beat it; the target is to stay within 1.3× of it on DuckDB.
* :func:`pandas_figures` — the straightforward pandas way: read the needed columns of
  each table, filter, ``nunique``, ``groupby``. The target is DuckDB ≥ 5× faster at 10M.

Both return ``{indicator id: value}`` so the benchmark can check they agree with the
engine before it compares their times (a fast wrong baseline proves nothing).
The filter codes are those of the shipped catalogue (``catalogue.yaml``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

# --------------------------------------------------------------------------- SQL

_SERVICES = """
SELECT COUNT(DISTINCT s.person_id) FROM service_record s JOIN site ON site.code = s.site_code
WHERE s.service_date BETWEEN '{start}' AND '{end}' {where}
"""
_SERVICES_FACET = """
SELECT {column}, COUNT(DISTINCT s.person_id) FROM service_record s
JOIN site ON site.code = s.site_code
WHERE s.service_date BETWEEN '{start}' AND '{end}' {where} AND {column} IS NOT NULL
GROUP BY {column}
"""
_PARTICIPANTS = """
SELECT COUNT(DISTINCT a.person_id), SUM(CASE WHEN a.person_id IS NULL THEN a.headcount_total END)
FROM attendance a JOIN event e ON e.id = a.event_id
WHERE e.start_date BETWEEN '{start}' AND '{end}' {where}
"""
_PARTICIPANTS_BY_TOPIC = """
SELECT t.topic_code, COUNT(DISTINCT a.person_id),
       SUM(CASE WHEN a.person_id IS NULL THEN a.headcount_total END)
FROM attendance a JOIN event e ON e.id = a.event_id JOIN event_topic t ON t.event_id = e.id
WHERE e.start_date BETWEEN '{start}' AND '{end}' {where}
GROUP BY t.topic_code
"""
_ROUNDS = """
SELECT r.id FROM survey_round r JOIN survey_instrument i ON i.id = r.instrument_id
WHERE i.code = 'fms' AND r.fieldwork_end <= '{end}'
ORDER BY r.fieldwork_end DESC, r.code DESC LIMIT 2
"""
_SHARE = """
SELECT COUNT(DISTINCT a.response_id),
       COUNT(DISTINCT CASE WHEN a.value = '{choice}' THEN a.response_id END)
FROM survey_answer a JOIN survey_response r ON r.id = a.response_id
WHERE r.round_id = {round_id}{answer_round} AND NOT r.screened_out AND a.question = '{question}'
"""
_RANKING = """
SELECT a.value, COUNT(DISTINCT a.response_id)
FROM survey_answer a JOIN survey_response r ON r.id = a.response_id
WHERE r.round_id = {round_id}{answer_round} AND NOT r.screened_out
  AND a.question = 'main_reason_leave'
GROUP BY a.value
"""
_ACTIVE_SITES = """
SELECT site.code, site.admin1_pcode, COUNT(*) FROM (
  SELECT site_code FROM service_record WHERE service_date BETWEEN '{start}' AND '{end}'
  UNION ALL
  SELECT site_code FROM event WHERE start_date BETWEEN '{start}' AND '{end}'
) x JOIN site ON site.code = x.site_code GROUP BY site.code, site.admin1_pcode
"""
_STAFF = """
SELECT COUNT(*), SUM(CASE WHEN category = 'national' THEN 1 ELSE 0 END),
       SUM(CASE WHEN category = 'international' THEN 1 ELSE 0 END),
       SUM(CASE WHEN unit = 'mission' THEN 1 ELSE 0 END)
FROM staff_member WHERE start_date <= '{end}' AND (end_date IS NULL OR end_date >= '{end}')
"""
_OFFICES = """
SELECT COUNT(*), SUM(CASE WHEN admin2_pcode = 'PA1201' THEN 1 ELSE 0 END),
       SUM(CASE WHEN type = 'sub-office' THEN 1 ELSE 0 END)
FROM office WHERE opened_on <= '{end}' AND (closed_on IS NULL OR closed_on >= '{end}')
"""
_DIGITAL = """
SELECT SUM(value) FROM channel_metric
WHERE month BETWEEN '{month}' AND '{end}' AND metric = 'people-reached'
"""
_DONORS = """
SELECT COUNT(*) FROM donor
WHERE active_from <= '{end}' AND (active_to IS NULL OR active_to >= '{start}')
"""
_AREAS = "SELECT COUNT(*) FROM thematic_area"

LEGAL = "AND s.activity_code = 'legal-orientation' AND s.population_group_code = 'migrant-residing'"
MEDICAL = (
    "AND s.activity_code = 'medical-care' AND site.type = 'etrm' "
    "AND s.population_group_code = 'migrant-transit'"
)
WORKSHOPS = "AND e.activity_code = 'community-workshop'"
TRAININGS = (
    "AND e.activity_code = 'capacity-training' "
    "AND e.audience_code IN ('government', 'civil-society', 'private-sector')"
)
SHARES = {
    "fms-main-info-family": ("main_info_source", "family_friends_migrated"),
    "fms-no-regular-pathways": ("knew_regular_pathways", "no"),
    "fms-not-enough-info-danger": ("enough_info_danger", "no"),
    "fms-not-enough-info-insecurity": ("enough_info_insecurity", "no"),
    "fms-not-enough-info-difficulty": ("enough_info_difficulty", "no"),
}


def answer_round(execute) -> str:
    """The filter a hand-writer adds when the answers say their round (``round_id`` of a
    Parquet export, see ``opsreport.indicators.exports.CARRIED``): that round's row groups
    only. The store's own table has no such column."""
    try:
        execute("SELECT round_id FROM survey_answer LIMIT 0")
    except Exception:  # noqa: BLE001 - sqlite3 and duckdb raise their own errors
        return ""
    return " AND a.round_id = {round_id}"


def sql_floor(execute, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The headline figures by hand-written SQL; ``execute(sql)`` returns rows as tuples."""
    p = {"start": start.isoformat(), "end": end.isoformat(), "month": start.replace(day=1)}
    carried = answer_round(execute)
    out: dict[str, Any] = {}
    staff = execute(_STAFF.format(**p))[0]
    names = ("staff", "staff-national", "staff-international", "staff-mission")
    out.update(zip(names, staff, strict=True))
    offices = execute(_OFFICES.format(**p))[0]
    out.update(zip(("offices-open", "offices-capital", "sub-offices"), offices, strict=False))
    sites = execute(_ACTIVE_SITES.format(**p))
    out["sites-active"] = len(sites)
    out["regions-active"] = len({row[1] for row in sites})
    out["areas-of-work"] = execute(_AREAS)[0][0]
    out["legal-orientation-residing"] = execute(_SERVICES.format(where=LEGAL, **p))[0][0]
    execute(_SERVICES_FACET.format(where=LEGAL, column="s.topic_code", **p))
    out["medical-care-transit-etrm"] = execute(_SERVICES.format(where=MEDICAL, **p))[0][0]
    execute(_SERVICES_FACET.format(where=MEDICAL, column="site.admin1_pcode", **p))
    for key, where in (
        ("community-workshop-participants", WORKSHOPS),
        ("partner-training-participants", TRAININGS),
    ):
        people, heads = execute(_PARTICIPANTS.format(where=where, **p))[0]
        out[key] = (people or 0) + (heads or 0)
        execute(_PARTICIPANTS_BY_TOPIC.format(where=where, **p))
    rounds = [row[0] for row in execute(_ROUNDS.format(**p))]
    if rounds:
        latest = rounds[0]
        out["fms-round"] = execute(
            f"SELECT COUNT(*) FROM survey_response WHERE round_id = {latest} AND NOT screened_out"
        )[0][0]
        for key, (question, choice) in SHARES.items():
            n, k = execute(_SHARE.format(
                round_id=latest, question=question, choice=choice,
                answer_round=carried.format(round_id=latest),
            ))[0]  # fmt: skip
            out[key] = k / n if n else None
        ranking = []
        for round_id in rounds:
            here = carried.format(round_id=round_id)
            rows = execute(_RANKING.format(round_id=round_id, answer_round=here))
            n = execute(_SHARE.format(
                round_id=round_id, question="main_reason_leave", choice="", answer_round=here
            ))  # fmt: skip
            total = n[0][0]
            ranking.append(max((c / total for _v, c in rows), default=None))
        out["fms-main-reason-ranking"] = ranking[0]
    out["digital-reach"] = execute(_DIGITAL.format(**p))[0][0]
    out["donors-active"] = execute(_DONORS.format(**p))[0][0]
    return out


# --------------------------------------------------------------------------- pandas


def pandas_figures(
    parquet: Path, start: dt.date, end: dt.date, dims: tuple[str, ...] = ()
) -> tuple[dict[str, Any], dict[tuple, Any]]:
    """The record-level headline figures (and cells by ``dims``) the way pandas does it.

    Reads the needed columns of whole tables (no pushdown), then filters, ``nunique``s
    and groups in memory. The roster and reference figures are left out: they are tiny
    either way. Returns the figures and ``{(indicator id, dim, group): value}``.
    """
    import pandas as pd

    def read(table: str, columns: list[str]) -> pd.DataFrame:
        return pd.read_parquet(parquet / f"{table}.parquet", columns=columns)

    start_ts, end_ts = pd.Timestamp(start), pd.Timestamp(end)
    out: dict[str, Any] = {}
    site = read("site", ["code", "type", "admin1_pcode"])
    s = read(
        "service_record",
        ["person_id", "activity_code", "service_date", "site_code", "population_group_code",
         "topic_code", "age_years"],
    )  # fmt: skip
    s = s[(pd.to_datetime(s.service_date) >= start_ts) & (pd.to_datetime(s.service_date) <= end_ts)]
    s = s.merge(site, left_on="site_code", right_on="code")
    legal = s[
        (s.activity_code == "legal-orientation") & (s.population_group_code == "migrant-residing")
    ]
    out["legal-orientation-residing"] = legal.person_id.nunique()
    legal.dropna(subset=["topic_code"]).groupby("topic_code").person_id.nunique()
    medical = s[
        (s.activity_code == "medical-care")
        & (s.type == "etrm")
        & (s.population_group_code == "migrant-transit")
    ]
    out["medical-care-transit-etrm"] = medical.person_id.nunique()
    medical.groupby("admin1_pcode").person_id.nunique()

    e = read("event", ["id", "activity_code", "audience_code", "start_date", "site_code"])
    e = e[(pd.to_datetime(e.start_date) >= start_ts) & (pd.to_datetime(e.start_date) <= end_ts)]
    a = read(
        "attendance",
        ["event_id", "person_id", "headcount_female", "headcount_male", "headcount_other",
         "headcount_total"],
    )  # fmt: skip
    participants = {}
    topics = read("event_topic", ["event_id", "topic_code"])
    for key, chosen in (
        ("community-workshop-participants", e[e.activity_code == "community-workshop"]),
        (
            "partner-training-participants",
            e[
                (e.activity_code == "capacity-training")
                & e.audience_code.isin(["government", "civil-society", "private-sector"])
            ],
        ),
    ):
        participants[key] = chosen
        att = a[a.event_id.isin(chosen.id)]
        out[key] = int(att.person_id.nunique() + att[att.person_id.isna()].headcount_total.sum())
        by_topic = att.merge(topics, on="event_id")
        by_topic.groupby("topic_code").person_id.nunique()

    both = pd.concat([s[["site_code"]], e[["site_code"]]]).merge(
        site, left_on="site_code", right_on="code"
    )
    out["sites-active"] = both.site_code.nunique()
    out["regions-active"] = both.admin1_pcode.nunique()

    rounds = read("survey_round", ["id", "instrument_id", "code", "fieldwork_end"])
    instruments = read("survey_instrument", ["id", "code"])
    fms = instruments[instruments.code == "fms"].id
    rounds = rounds[
        rounds.instrument_id.isin(fms) & (pd.to_datetime(rounds.fieldwork_end) <= end_ts)
    ]
    rounds = rounds.sort_values(["fieldwork_end", "code"], ascending=False).head(2)
    responses_full = read(
        "survey_response",
        ["id", "round_id", "screened_out", "sex", "age", "nationality", "province_pcode"],
    )
    responses = responses_full
    answers = read("survey_answer", ["response_id", "question", "value"])
    kept = responses[~responses.screened_out]
    if len(rounds):
        latest = rounds.id.iloc[0]
        mine = kept[kept.round_id == latest]
        out["fms-round"] = len(mine)
        ans = answers[answers.response_id.isin(mine.id)]
        for key, (question, choice) in SHARES.items():
            q = ans[ans.question == question]
            n = q.response_id.nunique()
            out[key] = q[q.value == choice].response_id.nunique() / n if n else None
        tops = []
        for round_id in rounds.id:
            q = answers[
                answers.response_id.isin(kept[kept.round_id == round_id].id)
                & (answers.question == "main_reason_leave")
            ]
            counts = q.groupby("value").response_id.nunique()
            tops.append(counts.max() / q.response_id.nunique())
        out["fms-main-reason-ranking"] = tops[0]
    m = read("channel_metric", ["month", "metric", "value"])
    m = m[
        (pd.to_datetime(m.month) >= pd.Timestamp(start.replace(day=1)))
        & (pd.to_datetime(m.month) <= end_ts)
        & (m.metric == "people-reached")
    ]
    out["digital-reach"] = int(m.value.sum())
    cells: dict[tuple, Any] = {}
    if not dims:
        return out, cells
    person = read("person", ["id", "sex", "nationality", "birth_year"])
    for dim in dims:
        for key, chosen in (
            ("legal-orientation-residing", legal),
            ("medical-care-transit-etrm", medical),
        ):
            if dim == "age-group":
                ages = (
                    chosen.groupby("person_id").age_years.max() if "age_years" in chosen else None
                )
                groups = _age_groups(ages).value_counts()
            else:
                column = {"sex": "sex", "nationality": "nationality", "province": "admin1_pcode"}[
                    dim
                ]
                frame = (
                    chosen.merge(person, left_on="person_id", right_on="id")
                    if dim != "province"
                    else chosen
                )
                groups = frame.groupby(column).person_id.nunique()
            cells.update({(key, dim, g): int(v) for g, v in groups.items()})
        for key, chosen in participants.items():
            att = (
                a[a.event_id.isin(chosen.id)]
                .merge(chosen[["id", "site_code"]], left_on="event_id", right_on="id")
                .merge(site, left_on="site_code", right_on="code")
            )
            ident = att.dropna(subset=["person_id"]).merge(
                person, left_on="person_id", right_on="id", suffixes=("", "_p")
            )
            if dim == "age-group":
                ident = ident.assign(group=_age_groups(end.year - ident.birth_year))
            else:
                column = {"sex": "sex", "nationality": "nationality", "province": "admin1_pcode"}[
                    dim
                ]
                ident = ident.assign(group=ident[column])
            counts = {
                (key, dim, g): int(v) for g, v in ident.groupby("group").person_id.nunique().items()
            }
            heads = att[att.person_id.isna()]
            if dim == "sex":
                for sex, col in (
                    ("female", "headcount_female"),
                    ("male", "headcount_male"),
                    ("other", "headcount_other"),
                ):
                    if col in heads and heads[col].sum():
                        counts[(key, dim, sex)] = counts.get((key, dim, sex), 0) + int(
                            heads[col].sum()
                        )
            elif dim == "province":
                for g, v in heads.groupby("admin1_pcode").headcount_total.sum().items():
                    counts[(key, dim, g)] = counts.get((key, dim, g), 0) + int(v)
            cells.update(counts)
        if len(rounds):
            r = responses_full[responses_full.id.isin(mine.id)]
            column = {"sex": "sex", "nationality": "nationality", "province": "province_pcode"}.get(
                dim
            )
            r = r.assign(group=_age_groups(r.age) if dim == "age-group" else r[column])
            for key, (question, choice) in SHARES.items():
                q = ans[ans.question == question].merge(
                    r[["id", "group"]], left_on="response_id", right_on="id"
                )
                n = q.groupby("group").response_id.nunique()
                k = q[q.value == choice].groupby("group").response_id.nunique()
                cells.update({(key, dim, g): k.get(g, 0) / v for g, v in n.items() if v})
            q = ans[ans.question == "main_reason_leave"].merge(
                r[["id", "group"]], left_on="response_id", right_on="id"
            )
            q.groupby(["group", "value"]).response_id.nunique()
    return out, cells


def _age_groups(ages):
    import pandas as pd

    return pd.cut(
        ages, bins=[-1, 4, 11, 17, 59, 200], labels=["0-4", "5-11", "12-17", "18-59", "60+"]
    ).astype(str)


# --------------------------------------------------------------------------- breakdowns

AGE_GROUP = (
    "CASE WHEN {age} IS NULL THEN NULL WHEN {age} <= 4 THEN '0-4' WHEN {age} <= 11 THEN '5-11' "
    "WHEN {age} <= 17 THEN '12-17' WHEN {age} <= 59 THEN '18-59' ELSE '60+' END"
)
_SERVICE_CELLS = """
SELECT {column}, COUNT(DISTINCT s.person_id) FROM service_record s
JOIN site ON site.code = s.site_code {person}
WHERE s.service_date BETWEEN '{start}' AND '{end}' {where} GROUP BY {column}
"""
_SERVICE_AGE_CELLS = """
SELECT {age_group}, COUNT(*) FROM (
  SELECT s.person_id, MAX(s.age_years) AS age FROM service_record s
  JOIN site ON site.code = s.site_code
  WHERE s.service_date BETWEEN '{start}' AND '{end}' {where} GROUP BY s.person_id
) x GROUP BY {age_group}
"""
_ATTENDEE_CELLS = """
SELECT {column}, COUNT(DISTINCT a.person_id) FROM attendance a
JOIN event e ON e.id = a.event_id JOIN site ON site.code = e.site_code
JOIN person p ON p.id = a.person_id
WHERE e.start_date BETWEEN '{start}' AND '{end}' {where} GROUP BY {column}
"""
_HEADCOUNT_CELLS = """
SELECT {column}, SUM(a.headcount_female), SUM(a.headcount_male), SUM(a.headcount_other),
       SUM(a.headcount_total)
FROM attendance a JOIN event e ON e.id = a.event_id JOIN site ON site.code = e.site_code
WHERE a.person_id IS NULL AND e.start_date BETWEEN '{start}' AND '{end}' {where}
GROUP BY {column}
"""
_SHARE_CELLS = """
SELECT {column}, COUNT(DISTINCT a.response_id),
       COUNT(DISTINCT CASE WHEN a.value = '{choice}' THEN a.response_id END)
FROM survey_answer a JOIN survey_response r ON r.id = a.response_id
WHERE r.round_id = {round_id}{answer_round} AND NOT r.screened_out AND a.question = '{question}'
GROUP BY {column}
"""
_RANKING_CELLS = """
SELECT {column}, a.value, COUNT(DISTINCT a.response_id)
FROM survey_answer a JOIN survey_response r ON r.id = a.response_id
WHERE r.round_id = {round_id}{answer_round} AND NOT r.screened_out
  AND a.question = 'main_reason_leave'
GROUP BY {column}, a.value
"""
SERVICE_COLUMNS = {"sex": "p.sex", "nationality": "p.nationality", "province": "site.admin1_pcode"}
# the same columns when the services carry their person's (a Parquet export: no person join)
CARRIED_SERVICE_COLUMNS = {
    **SERVICE_COLUMNS,
    "sex": "s.person_sex",
    "nationality": "s.person_nationality",
}


def carried_person(execute) -> bool:
    """Whether the services carry their person's columns (``person_sex``… of a Parquet
    export, see ``opsreport.indicators.exports.CARRIED``): a hand-writer reads them there
    instead of joining the person table. The store's own table has no such columns."""
    try:
        execute("SELECT person_sex, person_nationality FROM service_record LIMIT 0")
    except Exception:  # noqa: BLE001 - sqlite3 and duckdb raise their own errors
        return False
    return True


SURVEY_COLUMNS = {
    "sex": "r.sex",
    "nationality": "r.nationality",
    "province": "r.province_pcode",
    "age-group": AGE_GROUP.format(age="r.age"),
}


def sql_cells(execute, start: dt.date, end: dt.date, dim: str) -> dict[tuple, Any]:
    """Every cell by ``dim`` of the indicators that offer it, by hand-written SQL.

    Returns ``{(indicator id, group): value}`` for counts and shares (rankings are
    computed but not returned). Distinct people are counted per cell, never summed; a
    person's age group for services is their age at their latest counted service, for
    workshop attendees their age at the period's end, as the engine defines them.
    """
    p = {"start": start.isoformat(), "end": end.isoformat()}
    cells: dict[tuple, Any] = {}
    carried = carried_person(execute)
    service_columns = CARRIED_SERVICE_COLUMNS if carried else SERVICE_COLUMNS
    person = "" if carried else "JOIN person p ON p.id = s.person_id"
    for key, where in (
        ("legal-orientation-residing", LEGAL),
        ("medical-care-transit-etrm", MEDICAL),
    ):
        if dim == "age-group":
            age = AGE_GROUP.format(age="x.age")
            rows = execute(_SERVICE_AGE_CELLS.format(where=where, age_group=age, **p))
        else:
            column = service_columns[dim]
            rows = execute(_SERVICE_CELLS.format(where=where, column=column, person=person, **p))
        cells.update({(key, group): value for group, value in rows})
    for key, where in (
        ("community-workshop-participants", WORKSHOPS),
        ("partner-training-participants", TRAININGS),
    ):
        column = (
            AGE_GROUP.format(age=f"({end.year} - p.birth_year)")
            if dim == "age-group"
            else SERVICE_COLUMNS[dim]
        )
        rows = execute(_ATTENDEE_CELLS.format(where=where, column=column, **p))
        counts = {(key, group): value for group, value in rows}
        event_column = "site.admin1_pcode" if dim == "province" else "NULL"
        for group, female, male, other, total in execute(
            _HEADCOUNT_CELLS.format(where=where, column=event_column, **p)
        ):
            if dim == "sex":
                known = (female or 0) + (male or 0) + (other or 0)
                split = {"female": female, "male": male, "other": other, "unknown": total - known}
            else:
                split = {group: total}
            for name, count in split.items():
                if count:
                    counts[(key, name)] = counts.get((key, name), 0) + count
        cells.update(counts)
    rounds = [row[0] for row in execute(_ROUNDS.format(**p))]
    if rounds:
        here = answer_round(execute).format(round_id=rounds[0])
        for key, (question, choice) in SHARES.items():
            rows = execute(
                _SHARE_CELLS.format(
                    round_id=rounds[0],
                    question=question,
                    choice=choice,
                    column=SURVEY_COLUMNS[dim],
                    answer_round=here,
                )  # fmt: skip
            )
            cells.update({(key, group): k / n for group, n, k in rows if n})
        execute(_RANKING_CELLS.format(
            round_id=rounds[0], column=SURVEY_COLUMNS[dim], answer_round=here
        ))  # fmt: skip
        execute(_SHARE_CELLS.format(
            round_id=rounds[0], question="main_reason_leave", choice="", column=SURVEY_COLUMNS[dim],
            answer_round=here,
        ))  # fmt: skip
    return cells
