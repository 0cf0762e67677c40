"""Lists read from the mission's reference data: areas of work and donors.

These tables are short catalogues kept by the mission, so their rows are the items
themselves; the period only decides which donors were active.
"""

from __future__ import annotations

from opsreport.indicators.catalogue import Indicator
from opsreport.indicators.context import Context, result
from opsreport.indicators.result import IndicatorResult, Item


def measure_thematic_areas(indicator: Indicator, ctx: Context) -> IndicatorResult:
    t = ctx.tables.thematic_area
    rows = ctx.tables.rows(t.order_by([t.position, t.code]))
    items = [
        Item(
            code=row["code"],
            name_en=row["name_en"],
            name_es=row["name_es"],
            group=row["parent_code"],
        )
        for row in rows
    ]
    return result(indicator, len(items), items=items)


def measure_donors(indicator: Indicator, ctx: Context) -> IndicatorResult:
    d, start, end = ctx.tables.donor, ctx.period.start, ctx.period.end
    d = d.filter(d.active_from <= end, d.active_to.isnull() | (d.active_to >= start))
    if "type" in indicator.filters:
        d = d.filter(d.type.isin(indicator.filters["type"]))
    rows = ctx.tables.rows(d.order_by([d.type, d.position, d.code]))
    items = [
        Item(code=row["code"], name_en=row["name_en"], name_es=row["name_es"], group=row["type"])
        for row in rows
    ]
    return result(indicator, len(items), items=items)
