"""Disaggregations: an indicator's figure per group of one or two dimensions, in the database.

Every cell is its own aggregate over the same records as the headline figure, grouped
by the dimensions' columns: distinct people are counted per cell (and per margin of a
cross-tab) with ``COUNT(DISTINCT …)``, never added up from smaller cells. A cross-tab is
three grouped queries (cells and the two margins), whatever the number of records.

A person's age group is the age at their latest counted service in the period (so each
person falls in one group); people known only by a birth year (workshop attendees) are
aged at the period's end. Anonymous head-counts of workshops have no nationality or age:
they go to the "not recorded" group, and to their sex when the head-count gives it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ibis

from opsreport.indicators import dimensions as dims_
from opsreport.indicators.catalogue import Indicator
from opsreport.indicators.context import Context
from opsreport.indicators.measures.activity import events, services
from opsreport.indicators.measures.roster import staff_on
from opsreport.indicators.measures.survey import (
    _answers,
    answer_counts,
    latest_rounds,
    respondents,
)
from opsreport.indicators.result import Breakdown, Cell, IndicatorResult
from opsreport.indicators.stats import share, weighted_share

Key = tuple[str | None, ...]
Raw = dict[Key, dict[str, float]]


def _grouped(ctx: Context, expr: Any, by: tuple[str, ...], **metrics: Any) -> Raw:
    """Rows of ``expr`` grouped by the columns ``d0``, ``d1``… named by ``by``."""
    columns = [f"d{i}" for i in range(len(by))]
    grouped = expr.group_by(columns) if columns else expr
    rows = ctx.tables.rows(grouped.aggregate(**metrics))
    out: Raw = {}
    for row in rows:
        key = tuple(None if row[c] is None else str(row[c]) for c in columns)
        out[key] = {name: float(row[name] or 0) for name in metrics}
    return out


def _month(column: Any) -> Any:
    return column.strftime("%Y-%m")


# ------------------------------------------------------------------ services


def _services_raw(indicator: Indicator, ctx: Context, by: tuple[str, ...]) -> Raw:
    s = services(indicator, ctx)
    if indicator.unit == "distinct-people" and any(d in dims_.PERSON_DIMENSIONS for d in by):
        return _people_raw(s, ctx, by)
    if any(d in dims_.PERSON_DIMENSIONS for d in by):
        s = _with_person(s, s.person_id, ctx)
    if "age-group" in by:
        per = s.group_by(a_person=s.person_id).aggregate(a_age=s.age_years.max())
        s = s.join(per, s.person_id == per.a_person)
    column = {**_person_columns(s, ctx), **_record_columns(s)}
    keyed = s.select(who=s.person_id, **{f"d{i}": column[d]() for i, d in enumerate(by)})
    metric = keyed.who.nunique() if indicator.unit == "distinct-people" else keyed.count()
    return _grouped(ctx, keyed, by, v=metric)


def _with_person(t: Any, person_id: Any, ctx: Context) -> Any:
    """``t`` joined with the person of ``person_id``: ``p_sex``, ``p_birth``, ``p_nat``."""
    p = ctx.tables.person
    p = p.select(p_id=p.id, p_sex=p.sex, p_birth=p.birth_year, p_nat=p.nationality)
    return t.join(p, person_id == p.p_id)


def _person_columns(t: Any, ctx: Context) -> dict[str, Callable[[], Any]]:
    """The person dimensions of ``t`` (joined by :func:`_with_person`); the age group is
    the counted age ``a_age`` when known, else the age at the period's end."""
    return {
        "sex": lambda: t.p_sex,
        "nationality": lambda: t.p_nat,
        "age-group": lambda: dims_.age_group(
            ibis.coalesce(t.a_age, dims_.age_at_period_end(t.p_birth, ctx.period))
        ),
    }


def _record_columns(s: Any) -> dict[str, Callable[[], Any]]:
    """The dimensions a service record carries itself (the others are its person's)."""
    return {
        "province": lambda: s.site_admin1,
        "site": lambda: s.site_code,
        "population-group": lambda: s.population_group_code,
        "topic": lambda: s.topic_code,
        "month": lambda: _month(s.service_date),
    }


# the person's columns a Parquet export carries on each service record (exports.CARRIED)
_CARRIED_PERSON = {
    "p_sex": "person_sex",
    "p_birth": "person_birth_year",
    "p_nat": "person_nationality",
}
# the person column each person dimension reads
_NEEDS = {"sex": "p_sex", "nationality": "p_nat", "age-group": "p_birth"}


def _people_raw(s: Any, ctx: Context, by: tuple[str, ...]) -> Raw:
    """Distinct people per group when ``by`` has a person dimension: people first, then
    their attributes.

    The records are reduced to one row per person (and per group of the record's own
    dimensions, e.g. province) before the person table is joined, so the join and the
    grouping see the distinct people, not every record: counting those rows per cell is
    the cell's ``COUNT(DISTINCT person)``, since a person has one sex, nationality and
    age group. The age is the person's latest over all the counted records (as for the
    undisaggregated figure), so it is taken per person before the record groups. On
    DuckDB at 10M records this made a breakdown by age group 2.3-2.6 times faster than
    joining every record with its person and its age.

    When the records carry their person's sex, nationality and birth year (a Parquet
    export, ``exports.CARRIED``), the people are grouped with those columns and the person
    table is not joined at all: the same cells (the carried values are the person's), and
    at 10M records the whole benchmark workload took 0.89 of its time over the year.
    """
    own = [d for d in by if d not in dims_.PERSON_DIMENSIONS]
    record_column = _record_columns(s)
    carried = all(c in s.columns for c in _CARRIED_PERSON.values())
    # the carried person columns the groups need (one value per person: grouping by them
    # with the person makes no more rows)
    attrs = {_NEEDS[d]: s[_CARRIED_PERSON[_NEEDS[d]]] for d in by if d in _NEEDS} if carried else {}
    if own:
        people = s.select(who=s.person_id, **{f"r{i}": record_column[d]() for i, d in
                                              enumerate(own)}, **attrs).distinct()  # fmt: skip
        if "age-group" in by:
            per = s.group_by(a_person=s.person_id).aggregate(a_age=s.age_years.max())
            people = people.join(per, people.who == per.a_person)
    elif "age-group" in by:
        people = s.group_by(who=s.person_id, **attrs).aggregate(a_age=s.age_years.max())
    else:
        people = s.select(who=s.person_id, **attrs).distinct()
    j = people if carried else _with_person(people, people.who, ctx)
    column = {
        **_person_columns(j, ctx),
        **{d: (lambda i=i: j[f"r{i}"]) for i, d in enumerate(own)},
    }
    keyed = j.select(**{f"d{i}": column[d]() for i, d in enumerate(by)})
    return _grouped(ctx, keyed, by, v=keyed.count())  # one row per person and cell


# ------------------------------------------------------------------ events


def _event_columns(e: Any, ctx: Context, by: tuple[str, ...]) -> Any:
    """The events with one column per event-level dimension of ``by`` (topic: one row each)."""
    cols: dict[str, Any] = {"event_key": e.id}
    for d in by:
        if d == "province":
            cols[d] = e.site_admin1
        elif d == "site":
            cols[d] = e.site_code
        elif d == "audience":
            cols[d] = e.audience_code
        elif d == "month":
            cols[d] = _month(e.start_date)
    keyed = e.select(**{k.replace("-", "_"): v for k, v in cols.items()})
    if "topic" in by:
        et = ctx.tables.event_topic
        keyed = keyed.join(et, keyed.event_key == et.event_id).mutate(topic=et.topic_code)
        keyed = keyed.drop("event_id", "topic_code")
    return keyed


def _events_raw(indicator: Indicator, ctx: Context, by: tuple[str, ...]) -> Raw:
    e = events(indicator, ctx)
    keyed = _event_columns(e, ctx, by)
    if indicator.unit == "records":
        sel = keyed.select(who=keyed.event_key, **{f"d{i}": keyed[d] for i, d in enumerate(by)})
        return _grouped(ctx, sel, by, v=sel.who.nunique())
    a = ctx.tables.attendance
    joined = keyed.join(a, keyed.event_key == a.event_id)
    person_dims = [d for d in by if d in (*dims_.PERSON_DIMENSIONS, "population-group")]
    who = joined.person_id
    if person_dims:  # a left join: anonymous rows stay, with no person (so no person groups)
        p = ctx.tables.person
        p = p.select(
            p_id=p.id, p_sex=p.sex, p_birth=p.birth_year, p_nat=p.nationality,
            p_group=p.population_group_code,
        )  # fmt: skip
        joined = joined.left_join(p, joined.person_id == p.p_id)
        who = joined.p_id  # identified attendees the person table knows, as before
    person_col = {
        "sex": lambda t: t.p_sex,
        "nationality": lambda t: t.p_nat,
        "population-group": lambda t: t.p_group,
        "age-group": lambda t: dims_.age_group(dims_.age_at_period_end(t.p_birth, ctx.period)),
    }

    def col(t: Any, d: str) -> Any:
        return person_col[d](t) if d in person_col else t[d.replace("-", "_")]

    # one query: identified attendees (one distinct count per group) and the anonymous
    # rows' head-counts, which have no person and so fall in no person group
    anonymous = joined.person_id.isnull()
    sel = joined.select(
        who=who, anonymous=anonymous, hf=joined.headcount_female, hm=joined.headcount_male,
        ho=joined.headcount_other, ht=joined.headcount_total,
        **{f"d{i}": col(joined, d) for i, d in enumerate(by)},
    )  # fmt: skip
    rows = _grouped(
        ctx, sel, by, v=sel.who.nunique(), hf=sel.hf.sum(where=sel.anonymous),
        hm=sel.hm.sum(where=sel.anonymous), ho=sel.ho.sum(where=sel.anonymous),
        ht=sel.ht.sum(where=sel.anonymous),
    )  # fmt: skip
    raw: Raw = {key: {"v": sums["v"]} for key, sums in rows.items() if sums["v"]}
    # head-counts: by event-level groups; sex from the head-count's split
    for row_key, sums in rows.items():
        split = _headcount_split(sums) if "sex" in by else {None: sums["ht"]}
        for sex, count in split.items():
            if not count:
                continue
            key = tuple(
                sex if d == "sex" else None if d in person_dims else code
                for d, code in zip(by, row_key, strict=True)
            )
            raw.setdefault(key, {"v": 0.0})["v"] += count
    return raw


def _headcount_split(sums: dict[str, float]) -> dict[str | None, float]:
    known = sums["hf"] + sums["hm"] + sums["ho"]
    return {
        "female": sums["hf"],
        "male": sums["hm"],
        "other": sums["ho"],
        "unknown": max(0.0, sums["ht"] - known),
    }


# ------------------------------------------------------------------ survey


def _survey_raw(indicator: Indicator, ctx: Context, by: tuple[str, ...], round_id: int) -> Raw:
    if indicator.unit in ("share", "ranking") and not indicator.weighted:
        return answer_counts(indicator, ctx, round_id, by)
    people = respondents(ctx, round_id, by)
    if indicator.unit == "records":
        return _grouped(ctx, people, by, v=people.count())
    a = _answers(round_id, indicator.one("question"), ctx)  # a weighted share
    chosen = ibis.ifelse(a.value.isin(indicator.filters["choice"]), 1, 0)
    per = a.group_by(a_rid=a.response_id).aggregate(hit=chosen.max())
    j = per.join(people, per.a_rid == people.rid)
    return _grouped(
        ctx, j, by, n=j.count(), k=j.hit.sum(), sw=j.w.sum(), sw2=(j.w * j.w).sum(),
        swk=(j.w * j.hit).sum(),
    )  # fmt: skip


# ------------------------------------------------------------------ others


def _channel_raw(indicator: Indicator, ctx: Context, by: tuple[str, ...]) -> Raw:
    m = ctx.tables.channel_metric
    m = m.filter(
        m.month.between(ctx.period.start.replace(day=1), ctx.period.end),
        m.metric.isin(indicator.filters["metric"]),
    )
    if "channel" in indicator.filters:
        m = m.filter(m.channel.isin(indicator.filters["channel"]))
    column = {"channel": m.channel, "month": _month(m.month)}
    sel = m.select(v=m.value, **{f"d{i}": column[d] for i, d in enumerate(by)})
    return _grouped(ctx, sel, by, v=sel.v.sum())


def _staff_raw(indicator: Indicator, ctx: Context, by: tuple[str, ...]) -> Raw:
    s = staff_on(indicator, ctx)
    column = {"category": s.category, "unit": s.unit, "office": s.office_code}
    sel = s.select(**{f"d{i}": column[d] for i, d in enumerate(by)})
    return _grouped(ctx, sel, by, v=sel.count())


RAW: dict[str, Callable[..., Raw]] = {
    "services": _services_raw,
    "events": _events_raw,
    "channel-metrics": _channel_raw,
    "staff": _staff_raw,
}


# ------------------------------------------------------------------ assembling


def _merge_rare(raw: Raw, position: int, rare: set[str]) -> Raw:
    """Rare nationalities folded into "other": exact, since a person has one nationality."""
    if not rare:
        return raw
    out: Raw = {}
    for key, numbers in raw.items():
        if key[position] in rare:
            key = (*key[:position], dims_.OTHER_GROUP, *key[position + 1 :])
        target = out.setdefault(key, dict.fromkeys(numbers, 0.0))
        for name_, number in numbers.items():
            target[name_] = target.get(name_, 0.0) + number
    return out


def _cell(indicator: Indicator, key: Key, numbers: dict[str, float], names) -> Cell:
    en, es = names(key)
    if "n" in numbers:
        if indicator.weighted and "sw" in numbers:
            s = weighted_share(numbers["sw"], numbers["sw2"], numbers["swk"])
        else:
            s = share(numbers["k"], numbers["n"])
        return Cell(key, en, es, s.value if s else None, share=s)
    value = numbers.get("v", 0.0)
    return Cell(key, en, es, int(value) if float(value).is_integer() else value)


def breakdown(
    indicator: Indicator,
    ctx: Context,
    result: IndicatorResult,
    by: tuple[str, ...],
    other_below: int | None = None,
) -> Breakdown:
    """The cells (and, for two dimensions, the margins) of ``indicator`` by ``by``."""
    dims_.check(indicator, by)
    if indicator.source == "survey":
        rounds = latest_rounds(indicator.filters["instrument"], ctx, count=1)
        if not rounds:
            return Breakdown(dimensions=by, cells=[], total=None)
        round_id = rounds[0]["round_id"]

        def raw_of(d: tuple[str, ...]) -> Raw:
            return _survey_raw(indicator, ctx, d, round_id)
    else:

        def raw_of(d: tuple[str, ...]) -> Raw:
            return RAW[indicator.source](indicator, ctx, d)

    shown = (*by, "answer") if indicator.unit == "ranking" else by
    cells_raw = raw_of(by)
    margins_raw = {d: raw_of((d,)) for d in by} if len(by) == 2 else {}
    rare: set[str] = set()
    if other_below and "nationality" in by:
        base = margins_raw.get("nationality") or _collapse(cells_raw, by.index("nationality"))
        rare = {k[0] for k, v in base.items() if k[0] and _size(v) < other_below}
        if len(rare) < 2:  # one rare group alone is no grouping
            rare = set()
    if rare:
        cells_raw = _merge_rare(cells_raw, by.index("nationality"), rare)
        if "nationality" in margins_raw:
            margins_raw["nationality"] = _merge_rare(margins_raw["nationality"], 0, rare)

    answers = _answer_names(indicator, ctx) if "answer" in shown else None

    def names_of(dimensions: tuple[str, ...]):
        def names(key: Key) -> tuple[tuple[str, ...], tuple[str, ...]]:
            pairs = [
                answers(code) if answers and d == "answer" else dims_.name(d, code, ctx)
                for d, code in zip(dimensions, key, strict=True)
            ]
            return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)

        return names

    cells = [
        _cell(indicator, key, numbers, names_of(shown))
        for key, numbers in _ordered(cells_raw, shown)
    ]

    def margin(d: str) -> tuple[str, ...]:  # a ranking's margins are per answer too
        return (d, *shown[len(by) :])

    margins = {
        d: [_cell(indicator, k, v, names_of(margin(d))) for k, v in _ordered(raw, margin(d))]
        for d, raw in margins_raw.items()
    }
    multi = tuple(d for d in shown if _multi_group(indicator, d))
    total = result.share.value if result.share else result.value
    return Breakdown(dimensions=shown, cells=cells, margins=margins, multi_group=multi, total=total)


def _size(numbers: dict[str, float]) -> float:
    return numbers.get("v", numbers.get("n", 0.0))


def _collapse(raw: Raw, position: int) -> Raw:
    out: Raw = {}
    for key, numbers in raw.items():
        target = out.setdefault((key[position],), {})
        for name_, number in numbers.items():
            target[name_] = target.get(name_, 0.0) + number
    return out


def _ordered(raw: Raw, dimensions: tuple[str, ...]) -> list[tuple[Key, dict[str, float]]]:
    orders = [
        {code: i for i, code in enumerate(dims_.order(d, list({k[p] for k in raw})))}
        for p, d in enumerate(dimensions)
    ]
    return sorted(
        raw.items(), key=lambda kv: tuple(o[c] for o, c in zip(orders, kv[0], strict=True))
    )


def _multi_group(indicator: Indicator, dim: str) -> bool:
    """Whether one counted person (or answer) can fall in several groups of ``dim``."""
    if dim == "answer":
        return True  # multiple-choice answers; harmless for single choice (one answer each)
    if indicator.multi_group and dim == "topic":
        return True
    if (indicator.source, dim) in dims_.ALWAYS_MULTI:
        return True
    people = indicator.unit in ("distinct-people", "participants")
    return people and dim not in dims_.PERSON_DIMENSIONS


def _answer_names(indicator: Indicator, ctx: Context) -> Callable[[str | None], tuple[str, str]]:
    """Names of a question's answers, read once from the instrument (not once per cell)."""
    from opsreport.indicators.measures.survey import choice_item, instrument_questions

    rounds = latest_rounds(indicator.filters["instrument"], ctx, count=1)
    questions = instrument_questions(rounds[0]["instrument_id"], ctx) if rounds else {}

    def names(code: str | None) -> tuple[str, str]:
        if code is None:
            return dims_.not_recorded()
        item = choice_item(questions, indicator.one("question"), code)
        return item.name_en, item.name_es

    return names


__all__ = ["breakdown"]
