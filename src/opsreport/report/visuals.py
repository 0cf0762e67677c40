"""The views of charts, breakdown tables and the map: figures drawn rather than phrased.

Each function returns ``None`` when the report has nothing to draw (no months computed,
no breakdown, no sites): the block is then left out, so a report rendered from results
alone, or for a mission without coordinates, still renders.

In a public report the figures come from the engine's public computation
(``compute(..., public=True)``): what it hid arrives as ``None`` and the block says so
under it; this module applies no threshold of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from opsreport.report import charts, phrasing
from opsreport.report.breakdown import AGE_GROUPS, SEXES, UNKNOWN_AGE
from opsreport.report.geography import map_svg
from opsreport.report.spec import Block

if TYPE_CHECKING:
    from opsreport.report.blocks import Phraser


def age_labels(gettext: Any) -> dict[str, str]:
    """Age groups as the axis and the table name them (in years; the table says so)."""
    labels = {group: group.replace("-", "–") for group in AGE_GROUPS}
    return labels | {UNKNOWN_AGE: gettext("Not known")}


def sex_labels(gettext: Any) -> dict[str, str]:
    return {
        "female": gettext("Women and girls"),
        "male": gettext("Men and boys"),
        "other": gettext("Other or not stated"),
    }


def _suppression_note(phrase: Phraser, hidden: bool) -> str | None:
    if not hidden:
        return None
    return phrase.gettext(
        "Groups of fewer than {number} people are not shown, nor one more group where "
        "the hidden one could be worked out from the total."
    ).format(number=phrase.context.threshold)


def _breakdown_rows(
    block: Block, phrase: Phraser
) -> tuple[list[str], list[str], dict[tuple[str, str], int | None], int] | None:
    data = phrase.data
    breakdown = data.breakdowns.get(block.indicator) if data else None
    if breakdown is None or not breakdown.cells:
        return None
    shown = breakdown.cells
    ages = [a for a in (*AGE_GROUPS, UNKNOWN_AGE) if any(k[0] == a for k in shown)]
    sexes = [s for s in SEXES if any(k[1] == s for k in shown)]
    return ages, sexes, shown, breakdown.total


def chart(block: Block, phrase: Phraser) -> dict[str, Any] | None:
    kind = block.options["kind"]
    lang = phrase.lang
    hidden = False
    if block.options.get("over") == "months":
        months = phrase.data.months if phrase.data else []
        if not months:
            return None
        ids = block.options.get("indicators") or [block.indicator]
        labels = [phrasing.short_month(first, lang) for first, _ in months]
        if len({first.year for first, _ in months}) > 1:
            labels = [
                f"{label} {first:%y}" for label, (first, _) in zip(labels, months, strict=True)
            ]
        labels_given = block.options.get("labels")
        if labels_given:
            names = [label[lang] for label in labels_given]
        else:
            names = [phrase.results[i].label(lang) if i in phrase.results else i for i in ids]
        rows = []
        for label, (_first, values) in zip(labels, months, strict=True):
            for rid, name in zip(ids, names, strict=True):
                value = values.get(rid)
                if value is None:  # the engine's public computation hid it
                    hidden = True
                rows.append({"month": label, "series": name, "value": value})
        svg = charts.months_chart(rows, labels, names, kind, lang)
    elif "by" in block.options:
        found = _breakdown_rows(block, phrase)
        if found is None:
            return None
        ages, sexes, shown, _total = found
        age_names, sex_names = age_labels(phrase.gettext), sex_labels(phrase.gettext)
        rows = [
            {"group": age_names[a], "part": sex_names[s], "value": shown.get((a, s))}
            for a in ages
            for s in sexes
        ]
        hidden = any(v is None for v in shown.values())
        groups, parts = [age_names[a] for a in ages], [sex_names[s] for s in sexes]
        if block.options["by"][0] == "sex":
            rows = [{"group": r["part"], "part": r["group"], "value": r["value"]} for r in rows]
            groups, parts = parts, groups
        axis = phrase.gettext("Age (years)") if block.options["by"][0] == "age-group" else None
        svg = charts.breakdown_chart(rows, groups, parts, kind, lang, axis)
    else:
        result = phrase.result
        facet = block.options.get("facet", "items")
        items = result.items if facet == "items" else result.facets.get(facet, [])
        counted = [(i, _count(i.value)) for i in items]
        # an item without a value in a public report is one the engine's disclosure hid
        hidden = phrase.context.public and any(v is None for _, v in counted)
        counted = [(i, v) for i, v in counted if v is not None][: block.options.get("top", 8)]
        if not counted:
            return None
        rows = [{"name": item.name(lang), "value": value} for item, value in counted]
        svg = charts.items_chart(rows, lang)
    return {
        "title": phrase("title"),
        "svg": Markup(svg),
        "note": phrase("note"),
        "suppression": _suppression_note(phrase, hidden),
    }


def _count(value: Any) -> float | None:
    """A count to draw: the value, or a share's numerator (a ranking of counted answers)."""
    if isinstance(value, int | float):
        return value
    return getattr(value, "numerator", None)


def table(block: Block, phrase: Phraser) -> dict[str, Any] | None:
    """The sex/age breakdown as a table with totals; hidden cells read "fewer than 5"."""
    found = _breakdown_rows(block, phrase)
    if found is None:
        return None
    ages, sexes, shown, total = found
    age_names, sex_names = age_labels(phrase.gettext), sex_labels(phrase.gettext)
    hidden_text = phrasing.fewer_than(phrase.context.threshold, phrase.lang)

    def cell(value: int | None) -> str:
        return hidden_text if value is None else phrasing.format_number(value, phrase.lang)

    rows = []
    for a in ages:
        values = [shown.get((a, s), 0) for s in sexes]
        known = None if any(v is None for v in values) else sum(values)
        rows.append(
            {"label": age_names[a], "cells": [cell(v) for v in values], "total": cell(known)}
        )
    column_totals = []
    for s in sexes:
        values = [shown.get((a, s), 0) for a in ages]
        column_totals.append(cell(None if any(v is None for v in values) else sum(values)))
    all_shown = all(v is not None for v in shown.values())
    return {
        "title": phrase("title"),
        "columns": [sex_names[s] for s in sexes],
        "rows": rows,
        "totals": column_totals,
        "total": cell(total),
        "total_label": phrase.gettext("Total"),
        "age_label": phrase.gettext("Age (years)"),
        "note": phrase("note"),
        "suppression": _suppression_note(phrase, not all_shown),
    }


def site_map(block: Block, phrase: Phraser) -> dict[str, Any] | None:
    data = phrase.data
    if data is None or not data.sites:
        return None
    activity = {
        item.code: int(item.value or 0) for item in phrase.result.items if item.value is not None
    }
    title = phrase("title")
    svg = map_svg(data.boundaries, data.sites, activity, title=str(title or ""))
    return {
        "title": title,
        "svg": Markup(svg),
        "note": phrase("note"),
        "legend_active": phrase.gettext("Site with activity in the period (larger: more records)"),
        "legend_quiet": phrase.gettext("Site without activity in the period"),
        "attribution": phrase("attribution") if data.boundaries else None,
    }
