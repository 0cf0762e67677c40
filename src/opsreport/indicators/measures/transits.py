"""Official transit counts (SNM): the period's crossings, the top nationalities, children.

Counts are stored per month (first day), so a period counts every month it touches. The
SNM publishes two tables of the same crossings, by nationality and by sex/age group: the
total and the ranking are read from the nationality rows, the share of children from the
group rows, so neither is counted twice. The source and the months covered travel with
every result, because a report must name where the figure comes from.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from opsreport.indicators import dimensions
from opsreport.indicators.catalogue import Indicator
from opsreport.indicators.context import Context, as_int, ranked, result
from opsreport.indicators.result import IndicatorResult, Item
from opsreport.indicators.stats import counted_share

CHILDREN = ("boys", "girls")
OTHER_NATIONALITY = "OOO"


@cache
def country_names() -> dict[str, tuple[str, str]]:
    """ISO-3 code -> (English, Spanish) short name, from the importer's country list
    (read once per process for the breakdowns and the transits: about 30 ms each with
    PyYAML's Python loader)."""
    names = dict(dimensions.countries())
    names[OTHER_NATIONALITY] = ("Other or unknown", "Otra o desconocida")
    return names


def _rows(ctx: Context, indicator: Indicator, kind: str) -> Any:
    t = ctx.tables.transit_count
    t = t.filter(t.month.between(ctx.period.start.replace(day=1), ctx.period.end))
    if "place" in indicator.filters:
        t = t.filter(t.place.isin(indicator.filters["place"]))
    return t.filter(t[kind].notnull())


def _meta(ctx: Context, table: Any) -> dict[str, Any]:
    """The sources and months the rows come from (one query)."""
    rows = ctx.tables.rows(
        table.group_by(month=table.month, source=table.source).aggregate(rows=table.count())
    )
    months = sorted({row["month"] for row in rows})
    return {
        "source": ", ".join(sorted({str(row["source"]) for row in rows})) or None,
        "months": [month.strftime("%Y-%m") for month in months],
        "months_covered": len(months),
    }


def measure_transits(indicator: Indicator, ctx: Context) -> IndicatorResult:
    if indicator.unit == "share":
        t = _rows(ctx, indicator, "group")
        groups = {
            row["key"]: as_int(row["total"])
            for row in ctx.tables.rows(t.group_by(key=t.group).aggregate(total=t["count"].sum()))
        }
        all_groups = sum(groups.values())
        children = sum(groups.get(g, 0) for g in CHILDREN)
        answer = counted_share(children, all_groups)
        meta = _meta(ctx, t)
        meta["per_group"] = dict(ranked(groups))
        return result(indicator, answer.value if answer else None, share=answer, meta=meta)
    if indicator.unit == "sum":
        return _total(indicator, ctx)
    t = _rows(ctx, indicator, "nationality")
    per_nationality = {
        row["key"]: as_int(row["total"])
        for row in ctx.tables.rows(t.group_by(key=t.nationality).aggregate(total=t["count"].sum()))
    }
    total = sum(per_nationality.values())
    meta = _meta(ctx, t)
    names = country_names()
    items = [
        Item(
            code=code,
            name_en=names.get(code, (code, code))[0],
            name_es=names.get(code, (code, code))[1],
            value=counted_share(count, total),
        )
        for code, count in sorted(
            ranked(per_nationality), key=lambda pair: pair[0] == OTHER_NATIONALITY
        )  # 'other or unknown' is not a nationality: it comes last, whatever its size
    ]
    meta["counts"] = dict(ranked(per_nationality))
    meta["total"] = total
    top = items[0].value if items else None
    return result(indicator, top.value if top else None, items=items, meta=meta)


def _total(indicator: Indicator, ctx: Context) -> IndicatorResult:
    """Crossings per month from the nationality rows, or from the month's published total
    when the month has no nationality rows (a total typed in alone)."""
    t = _rows(ctx, indicator, "month")
    by_nationality = t.nationality.notnull()
    only_total = t.nationality.isnull() & t.group.isnull()
    rows = ctx.tables.rows(
        t.group_by(month=t.month, source=t.source).aggregate(
            detailed=t["count"].sum(where=by_nationality),
            rows=by_nationality.sum(),
            published=t["count"].sum(where=only_total),
            totals=only_total.sum(),
        )
    )
    per_month: dict = {}
    sources: set[str] = set()
    for row in rows:
        if as_int(row["rows"]):
            value = as_int(row["detailed"])
        elif as_int(row["totals"]):
            value = as_int(row["published"])
        else:
            continue
        per_month[row["month"]] = per_month.get(row["month"], 0) + value
        sources.add(str(row["source"]))
    meta = {
        "source": ", ".join(sorted(sources)) or None,
        "months": [month.strftime("%Y-%m") for month in sorted(per_month)],
        "months_covered": len(per_month),
        "per_month": {month.strftime("%Y-%m"): n for month, n in sorted(per_month.items())},
    }
    return result(indicator, sum(per_month.values()) if per_month else None, meta=meta)
