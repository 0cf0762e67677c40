"""The methodology annex: how every figure of the report was computed, from the catalogue.

Nobody writes the annex: it lists the indicators the specification uses, in the order
the report shows them, each with its catalogue definition, what it counts (unique people
or total records, …), which records of the period it takes, its data source, and for
survey shares the number of answers and the 95% interval. The closing lines say the
cut-off date, the small-sample rule and, in a public report, the suppression applied.
A reader can therefore check any figure against the records without asking anyone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from opsreport.report import phrasing
from opsreport.report.spec import Block

if TYPE_CHECKING:
    from opsreport.report.blocks import Phraser


def unit_phrases(gettext: Any) -> dict[str, str]:
    """What a figure counts, in a few words: above all, unique people or total records."""
    return {
        "records": gettext("total records"),
        "distinct-people": gettext("unique people"),
        "participants": gettext("participants (unique people plus anonymous head-counts)"),
        "sum": gettext("sum of reported values"),
        "share": gettext("share of respondents who answered"),
        "ranking": gettext("answers ranked by share of respondents"),
        "as-of-count": gettext("count on the last day"),
        "list": gettext("list"),
    }


def period_phrases(gettext: Any) -> dict[str, str]:
    return {
        "within": gettext("records dated in the period"),
        "as-of-end": gettext("as on the period's last day"),
        "latest-round": gettext("latest survey round ended by the period's end"),
    }


def source_phrases(gettext: Any) -> dict[str, str]:
    return {
        "services": gettext("service records"),
        "events": gettext("events and attendance"),
        "survey": gettext("Flow Monitoring Survey"),
        "channel-metrics": gettext("channel metrics"),
        "staff": gettext("staff list"),
        "offices": gettext("office list"),
        "sites": gettext("service records and events"),
        "provinces": gettext("service records and events"),
        "thematic-areas": gettext("the mission's areas of work"),
        "donors": gettext("donor list"),
        "transits": gettext("official transit counts (SNM)"),
    }


def _ids_in_order(phrase: Phraser) -> list[str]:
    seen: list[str] = []
    spec = phrase.spec
    if spec is None:
        return seen
    for block, _key, placeholder in spec.references():
        for rid in placeholder.ids if placeholder else (block.indicator,):
            if rid and rid not in seen:
                seen.append(rid)
    return seen


def annex(block: Block, phrase: Phraser) -> dict[str, Any]:
    from opsreport.indicators import load_catalogue

    gettext, lang = phrase.gettext, phrase.lang
    data_catalogue = phrase.data.catalogue if phrase.data else None
    catalogue = data_catalogue if data_catalogue is not None else load_catalogue()
    units, periods, sources = (
        unit_phrases(gettext),
        period_phrases(gettext),
        source_phrases(gettext),
    )
    entries = []
    for rid in _ids_in_order(phrase):
        indicator = catalogue.get(rid)
        result = phrase.results.get(rid)
        if indicator is None:
            continue
        facts = [
            units.get(indicator.unit, indicator.unit),
            periods.get(indicator.period, indicator.period),
            sources.get(indicator.source, indicator.source),
        ]
        share = result.share if result is not None else None
        if share is not None and not share.sampled:
            facts.append(
                gettext("n = {n}, a complete count (no sampling interval)").format(
                    n=phrasing.format_number(round(share.n), lang)
                )
            )
        elif share is not None:
            facts.append(
                gettext("n = {n}, 95% interval {low} to {high}").format(
                    n=phrasing.format_number(round(share.n), lang),
                    low=phrasing.percent(share.low, lang),
                    high=phrasing.percent(share.high, lang),
                )
            )
        entries.append(
            {
                "id": rid,
                "label": indicator.label(lang),
                "definition": indicator.definition(lang),
                "facts": " · ".join(facts),
            }
        )
    closing = [
        gettext(
            "Survey shares rest on a convenience sample; a share over fewer than 30 answers "
            "is starred: read it as a rough guide."
        ),
        gettext("Data cut-off: records dated up to {date}.").format(date=phrase.data_as_of),
    ]
    if phrase.context.public:
        closing.append(
            gettext(
                "Published version: counts and table cells of fewer than {number} people are "
                "not shown, nor one more cell where a hidden one could be worked out."
            ).format(number=phrase.context.threshold)
        )
    return {
        "title": phrase("title"),
        "intro": phrase("intro"),
        "entries": entries,
        "closing": " ".join(closing),
    }
