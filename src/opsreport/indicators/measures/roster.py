"""As-of-end counts: staff on the roster and offices open on the period's last day.

A roster line counts when it started on or before the last day and has no end date or
ends on or after it; an office likewise with its opening and closing dates. Counting on
one day (not "at any time in the period") keeps the figure comparable month to month.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from functools import reduce
from typing import Any

from opsreport.indicators import fusion
from opsreport.indicators.catalogue import Indicator
from opsreport.indicators.context import Context, as_int, ranked, result
from opsreport.indicators.result import IndicatorResult


def staff_on(indicator: Indicator, ctx: Context) -> Any:
    """Roster lines in force on the period's last day that match the indicator's filters."""
    s = _in_force(ctx)
    tests = _staff_tests(indicator, s, ctx)
    return s.filter(*tests) if tests else s


def _in_force(ctx: Context) -> Any:
    s, end = ctx.tables.staff_member, ctx.period.end
    return s.filter(s.start_date <= end, s.end_date.isnull() | (s.end_date >= end))


def _staff_tests(indicator: Indicator, s: Any, ctx: Context) -> list[Any]:
    """The indicator's filters as tests of the roster lines ``s``."""
    tests = [
        s[column].isin(indicator.filters[name])
        for name, column in (("category", "category"), ("unit", "unit"), ("office", "office_code"))
        if name in indicator.filters
    ]
    if "office_type" in indicator.filters:
        o = ctx.tables.office
        tests.append(
            s.office_code.isin(o.filter(o.type.isin(indicator.filters["office_type"])).code)
        )
    return tests


def measure_staff(indicator: Indicator, ctx: Context) -> IndicatorResult:
    group = fusion.peers(ctx, indicator, lambda other: other.source == "staff")
    raw = fusion.fused(ctx, indicator, "staff", group, lambda g: _staff_counts(g, ctx))
    return result(indicator, as_int(raw[()]["v"]))


def _staff_counts(group: Sequence[Indicator], ctx: Context) -> dict[str, fusion.Raw]:
    """Every staff figure of the computation in one query: the roster lines in force,
    counted once per indicator with its own filters (``COUNT(*) FILTER (WHERE …)``)."""
    s = _in_force(ctx)
    counts = {}
    for n, indicator in enumerate(group):
        tests = _staff_tests(indicator, s, ctx)
        counts[f"v{n}"] = s.count(where=reduce(operator.and_, tests)) if tests else s.count()
    row = ctx.tables.rows(s.aggregate(**counts))[0]
    return {i.id: {(): {"v": fusion.number(row[f"v{n}"])}} for n, i in enumerate(group)}


def offices_open(indicator: Indicator, ctx: Context) -> Any:
    o, end = ctx.tables.office, ctx.period.end
    o = o.filter(o.opened_on <= end, o.closed_on.isnull() | (o.closed_on >= end))
    for name, column in (
        ("type", "type"),
        ("unit", "unit"),
        ("admin1", "admin1_pcode"),
        ("admin2", "admin2_pcode"),
    ):
        if name in indicator.filters:
            o = o.filter(o[column].isin(indicator.filters[name]))
    return o.order_by([o.opened_on, o.code])


def _whole_years(opened, end) -> int:
    return end.year - opened.year - ((end.month, end.day) < (opened.month, opened.day))


def measure_offices(indicator: Indicator, ctx: Context) -> IndicatorResult:
    rows = ctx.tables.rows(offices_open(indicator, ctx))
    end = ctx.period.end
    items = [
        ctx.item("office", row["code"], _whole_years(row["opened_on"], end), row["type"])
        for row in rows
    ]
    facets = {}
    if "province" in indicator.facets:
        counts: dict[str, int] = {}
        for row in rows:
            counts[row["admin1_pcode"]] = counts.get(row["admin1_pcode"], 0) + 1
        facets["province"] = [ctx.item("admin_unit", code, n) for code, n in ranked(counts)]
    return result(indicator, len(items), items=items, facets=facets)
