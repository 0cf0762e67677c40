"""Where the mission works: sites and provinces with at least one record in the period.

A site is active when at least one service was delivered or one event started there in
the period; a province is active when one of its sites is. Each item's value is the
number of records (services and events) behind it.
"""

from __future__ import annotations

from typing import Any

import ibis

from opsreport.indicators.catalogue import Indicator
from opsreport.indicators.context import Context, as_int, result
from opsreport.indicators.result import IndicatorResult


def records_by_site(indicator: Indicator, ctx: Context) -> Any:
    """Services and events of the period, counted per site (with the site's columns)."""
    start, end = ctx.period.start, ctx.period.end
    s, e = ctx.tables.service_record, ctx.tables.event
    s = s.filter(s.service_date.between(start, end))
    e = e.filter(e.start_date.between(start, end))
    if "activity" in indicator.filters:
        s = s.filter(s.activity_code.isin(indicator.filters["activity"]))
        e = e.filter(e.activity_code.isin(indicator.filters["activity"]))
    both = ibis.union(s.select(key=s.site_code), e.select(key=e.site_code), distinct=False)
    per_site = both.group_by("key").aggregate(records=both.count())
    site = ctx.tables.site
    joined = per_site.join(site, per_site.key == site.code)
    for name, column in (
        ("site_type", "type"),
        ("admin1", "admin1_pcode"),
        ("admin2", "admin2_pcode"),
    ):
        if name in indicator.filters:
            joined = joined.filter(joined[column].isin(indicator.filters[name]))
    return joined


def measure_sites(indicator: Indicator, ctx: Context) -> IndicatorResult:
    joined = records_by_site(indicator, ctx)
    rows = ctx.tables.rows(joined.select("code", "records").order_by("code"))
    items = [ctx.item("site", row["code"], as_int(row["records"])) for row in rows]
    items.sort(key=lambda item: (item.name_en, item.code))
    return result(indicator, len(items), items=items)


def measure_provinces(indicator: Indicator, ctx: Context) -> IndicatorResult:
    joined = records_by_site(indicator, ctx)
    per_province = joined.group_by(key=joined.admin1_pcode).aggregate(
        records=joined.records.sum(), sites=joined.code.nunique()
    )
    rows = ctx.tables.rows(per_province.order_by("key"))
    items = [ctx.item("admin_unit", row["key"], as_int(row["records"])) for row in rows]
    sites = {row["key"]: as_int(row["sites"]) for row in rows}
    return result(indicator, len(items), items=items, meta={"sites_per_province": sites})
