"""Services and events: distinct people served, records, and workshop participants.

People are counted with ``COUNT(DISTINCT person_id)`` over the whole period and scope,
never summed across months or places: someone served in August and again in September
is one person. Participants are the distinct identified attendees of the matching
events plus the head-counts of anonymous attendance rows (which cannot be de-duplicated,
so they are added as they are).
"""

from __future__ import annotations

from typing import Any

from opsreport.indicators.catalogue import Indicator
from opsreport.indicators.context import Context, as_int, facet_items, result
from opsreport.indicators.result import IndicatorResult

# facet -> (column of the filtered records, reference table that names it)
_FACETS = {
    "topic": ("topic_code", "topic"),
    "province": ("site_admin1", "admin_unit"),
    "site": ("site_code", "site"),
}


def _with_site(records: Any, ctx: Context) -> Any:
    """Records joined to their site's type and P-codes (renamed to avoid clashes)."""
    site = ctx.tables.site
    sites = site.select(
        site_key=site.code,
        site_type=site.type,
        site_admin1=site.admin1_pcode,
        site_admin2=site.admin2_pcode,
    )
    return records.join(sites, records.site_code == sites.site_key)


def _site_filters(records: Any, indicator: Indicator) -> Any:
    for name, column in (
        ("site_type", "site_type"),
        ("admin1", "site_admin1"),
        ("admin2", "site_admin2"),
        ("site", "site_code"),
    ):
        if name in indicator.filters:
            records = records.filter(records[column].isin(indicator.filters[name]))
    return records


def services(indicator: Indicator, ctx: Context) -> Any:
    """The service records an indicator counts, with their site's type and P-codes."""
    key = ("services", ctx.period.start, ctx.period.end, tuple(indicator.filters.items()))
    return ctx.tables.view(key, lambda: _services(indicator, ctx))


def _services(indicator: Indicator, ctx: Context) -> Any:
    s = ctx.tables.service_record
    s = s.filter(s.service_date.between(ctx.period.start, ctx.period.end))
    for name, column in (
        ("activity", "activity_code"),
        ("population_group", "population_group_code"),
        ("topic", "topic_code"),
    ):
        if name in indicator.filters:
            s = s.filter(s[column].isin(indicator.filters[name]))
    return _site_filters(_with_site(s, ctx), indicator)


def events(indicator: Indicator, ctx: Context) -> Any:
    """The events that started in the period and match the indicator's filters."""
    key = ("events", ctx.period.start, ctx.period.end, tuple(indicator.filters.items()))
    return ctx.tables.view(key, lambda: _events(indicator, ctx))


def _events(indicator: Indicator, ctx: Context) -> Any:
    e = ctx.tables.event
    e = e.filter(e.start_date.between(ctx.period.start, ctx.period.end))
    for name, column in (("activity", "activity_code"), ("audience", "audience_code")):
        if name in indicator.filters:
            e = e.filter(e[column].isin(indicator.filters[name]))
    if "topic" in indicator.filters:
        et = ctx.tables.event_topic
        tagged = et.filter(et.topic_code.isin(indicator.filters["topic"]))
        e = e.filter(e.id.isin(tagged.event_id))
    return _site_filters(_with_site(e, ctx), indicator)


def measure_services(indicator: Indicator, ctx: Context) -> IndicatorResult:
    s = services(indicator, ctx)
    count = s.person_id.nunique() if indicator.unit == "distinct-people" else s.count()
    value = as_int(ctx.tables.scalar(count))
    facets = {}
    for facet in indicator.facets:
        column, table = _FACETS[facet]
        keyed = s.filter(s[column].notnull())
        metric = keyed.person_id.nunique() if indicator.unit == "distinct-people" else keyed.count()
        rows = ctx.tables.rows(keyed.group_by(key=keyed[column]).aggregate(value=metric))
        counts = {row["key"]: as_int(row["value"]) for row in rows}
        facets[facet] = facet_items(ctx, table, counts)
    return result(indicator, value, facets=facets)


def _participants(attendance: Any) -> dict[str, Any]:
    """People (distinct identified) and head-counts (anonymous rows) of attendance rows."""
    return {
        "people": attendance.person_id.nunique(),
        "headcount": attendance.headcount_total.sum(where=attendance.person_id.isnull()),
    }


def measure_events(indicator: Indicator, ctx: Context) -> IndicatorResult:
    e = events(indicator, ctx)
    if indicator.unit == "records":
        value = as_int(ctx.tables.scalar(e.count()))
        meta: dict[str, Any] = {}
    else:
        a = ctx.tables.attendance
        attended = a.filter(a.event_id.isin(e.id))
        row = ctx.tables.rows(attended.aggregate(**_participants(attended)))[0]
        people, headcount = as_int(row["people"]), as_int(row["headcount"])
        value = people + headcount
        meta = {"identified": people, "headcount": headcount}
    facets = {}
    for facet in indicator.facets:
        facets[facet] = _event_facet(facet, indicator, e, ctx)
    return result(indicator, value, facets=facets, meta=meta)


def _event_facet(facet: str, indicator: Indicator, e: Any, ctx: Context) -> list:
    """Participants (or events) per topic, province or site of the counted events."""
    if facet == "topic":
        et = ctx.tables.event_topic
        keyed = e.join(et, e.id == et.event_id).select(event_key=e.id, key=et.topic_code)
        table = "topic"
    else:
        column, table = _FACETS[facet]
        keyed = e.select(event_key=e.id, key=e[column])
    if indicator.unit == "records":
        rows = ctx.tables.rows(keyed.group_by("key").aggregate(value=keyed.event_key.nunique()))
        counts = {row["key"]: as_int(row["value"]) for row in rows}
    else:
        a = ctx.tables.attendance
        joined = keyed.join(a, keyed.event_key == a.event_id)
        parts = _participants(joined)
        rows = ctx.tables.rows(joined.group_by("key").aggregate(**parts))
        counts = {row["key"]: as_int(row["people"]) + as_int(row["headcount"]) for row in rows}
    return facet_items(ctx, table, counts)


__all__ = ["services", "events", "measure_services", "measure_events"]
