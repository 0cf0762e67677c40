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


def active_sites(indicator: Indicator, ctx: Context) -> list[dict[str, Any]]:
    """The active sites (``code``, ``admin1_pcode``, ``records``) by code: one query per
    computation and set of filters, which the sites and the provinces figures share (the
    shipped catalogue's two presence figures: one scan of the period's records, not two).
    """

    def read() -> list[dict[str, Any]]:
        joined = records_by_site(indicator, ctx)
        return ctx.tables.rows(joined.select("code", "admin1_pcode", "records").order_by("code"))

    return ctx.once(("active-sites", tuple(indicator.filters.items())), read)


def measure_sites(indicator: Indicator, ctx: Context) -> IndicatorResult:
    rows = active_sites(indicator, ctx)
    items = [ctx.item("site", row["code"], as_int(row["records"])) for row in rows]
    items.sort(key=lambda item: (item.name_en, item.code))
    return result(indicator, len(items), items=items)


def measure_provinces(indicator: Indicator, ctx: Context) -> IndicatorResult:
    """Provinces of the active sites: each with its sites' records and number of sites (a
    site is in one province, so adding up the short list of sites counts nothing twice)."""
    records: dict[str, int] = {}
    sites: dict[str, int] = {}
    for row in active_sites(indicator, ctx):
        key = row["admin1_pcode"]
        records[key] = records.get(key, 0) + as_int(row["records"])
        sites[key] = sites.get(key, 0) + 1
    codes = sorted(records)
    items = [ctx.item("admin_unit", key, records[key]) for key in codes]
    meta = {"sites_per_province": {key: sites[key] for key in codes}}
    return result(indicator, len(items), items=items, meta=meta)
