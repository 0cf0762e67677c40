"""What a page shows of an indicator result: formatted figures, unit names, share texts.

The indicator layer answers with :class:`IndicatorResult` objects; this module only
formats them for people (digit grouping and percentages per language, "unique people"
versus "records") and sorts them into the dashboard's sections by what they are. It
never computes a figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from babel.numbers import format_decimal

from opsreport.indicators import Indicator, IndicatorResult, Item, Share
from opsreport.report.phrasing import format_number, percent
from opsreport.web.i18n import gettext_for

# gettext ids of the unit and period-rule names (extracted into web/locale/*.po)
UNIT_NAMES = {
    "records": "records",
    "distinct-people": "unique people",
    "participants": "unique participants",
    "sum": "total (sum)",
    "share": "share of respondents",
    "ranking": "ranking of answers",
    "as-of-count": "count on the last day",
    "list": "list",
}
PERIOD_RULES = {
    "within": "records dated within the period",
    "as-of-end": "as of the period's last day",
    "latest-round": "latest survey round ended on or before the period's last day",
}


# lists of places are read as counts of places with records
SOURCE_UNIT_NAMES = {"provinces": "provinces with records", "sites": "sites with records"}


def unit_name(unit: str, lang: str, source: str | None = None) -> str:
    if unit == "list" and source in SOURCE_UNIT_NAMES:
        return gettext_for(lang)(SOURCE_UNIT_NAMES[source])
    return gettext_for(lang)(UNIT_NAMES.get(unit, unit))


def period_rule_name(rule: str, lang: str) -> str:
    return gettext_for(lang)(PERIOD_RULES.get(rule, rule))


def number(value: Any, lang: str) -> str:
    """A count or sum for people to read; "–" when there is nothing to count."""
    if value is None:
        return "–"
    if isinstance(value, Share):
        return percent(value.value, lang)
    return format_number(value, lang)


@dataclass
class ShareView:
    whole: int  # whole percent, for bars
    percent: str
    n: str
    interval: str  # "72.9–82.3%"; empty for a complete count
    small_n: bool
    counted: bool = False  # a share of complete counts: exact, no sampling interval


def share_view(share: Share | None, lang: str) -> ShareView | None:
    if share is None:
        return None
    low, high = (format_decimal(x * 100, "0.0", locale=lang) for x in (share.low, share.high))
    return ShareView(
        whole=round(share.value * 100),
        percent=percent(share.value, lang),
        n=format_number(share.n, lang),
        interval=""
        if not share.sampled
        else f"{low}–{high} %"
        if lang == "es"
        else f"{low}–{high}%",
        small_n=share.small_n,
        counted=not share.sampled,
    )


@dataclass
class ItemView:
    code: str
    name: str
    value: str
    share: ShareView | None
    group: str | None
    bar: int = 0  # width in % for rankings


def item_views(items: list[Item], lang: str) -> list[ItemView]:
    views = []
    for item in items:
        share = item.value if isinstance(item.value, Share) else None
        views.append(
            ItemView(
                code=item.code,
                name=item.name(lang),
                value="" if item.value is None else number(item.value, lang),
                share=share_view(share, lang),
                group=item.group,
                bar=round(share.value * 100) if share else 0,
            )
        )
    return views


@dataclass
class Card:
    """One indicator as the dashboard shows it."""

    id: str
    label: str
    unit: str
    unit_name: str
    value: str
    share: ShareView | None = None
    items: list[ItemView] = field(default_factory=list)
    facets: dict[str, str] = field(default_factory=dict)  # facet -> "a, b and c"
    meta: dict[str, Any] = field(default_factory=dict)


# lists of places read as counts ("5 provinces", "12 sites"), so they are figure cards
PLACE_SOURCES = ("sites", "provinces")
FACET_NAMES = {"topic": "Topics", "province": "Provinces", "site": "Sites"}


def card(result: IndicatorResult, lang: str, source: str | None = None) -> Card:
    _ = gettext_for(lang)
    share = result.share
    if result.unit == "ranking" and result.items and isinstance(result.items[0].value, Share):
        share = result.items[0].value
    value = number(result.value, lang)
    if result.unit in ("share", "ranking") and share is not None:
        value = percent(share.value, lang)
    facets = {
        _(FACET_NAMES.get(name, name)): ", ".join(i.name(lang) for i in items)
        for name, items in result.facets.items()
        if items
    }
    return Card(
        id=result.id,
        label=result.label(lang),
        unit=result.unit,
        unit_name=unit_name(result.unit, lang, source),
        value=value,
        share=share_view(share, lang),
        items=item_views(result.items, lang),
        facets=facets,
        meta=dict(result.meta),
    )


@dataclass
class Dashboard:
    figures: list[Card]  # people reached: counts of people, participants, records, sums
    presence: list[Card]  # staff, offices, provinces and sites
    survey_round: Card | None
    shares: list[Card]
    rankings: list[Card]
    lists: list[Card]


def dashboard(
    results: Mapping[str, IndicatorResult], catalogue: Mapping[str, Indicator], lang: str
) -> Dashboard:
    """Sort results into the dashboard's sections by their unit and source, in order."""
    board = Dashboard([], [], None, [], [], [])
    for result in results.values():
        source = catalogue[result.id].source if result.id in catalogue else ""
        view = card(result, lang, source)
        if result.unit == "share":
            board.shares.append(view)
        elif result.unit == "ranking":
            board.rankings.append(view)
        elif source == "survey":
            board.survey_round = board.survey_round or view
        elif result.unit == "list" and source not in PLACE_SOURCES:
            board.lists.append(view)
        elif result.unit in ("as-of-count", "list"):
            board.presence.append(view)
        else:
            board.figures.append(view)
    return board


def meta_rows(meta: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """The result's ``meta`` as (name, text) rows for the indicator page."""
    import datetime as dt

    from opsreport.report.phrasing import long_date

    def text(value: Any) -> str:
        if isinstance(value, dt.date):
            return long_date(value, lang)
        if isinstance(value, Mapping):
            return ", ".join(f"{k}: {text(v)}" for k, v in value.items())
        if isinstance(value, bool) or value is None:
            return str(value).lower() if value is not None else "–"
        if isinstance(value, int | float):
            return number(value, lang)
        return str(value)

    return [(key.replace("_", " "), text(value)) for key, value in meta.items()]
