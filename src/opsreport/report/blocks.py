"""What each block type shows: one small function per ``type`` of the specification.

A function takes the block and a :class:`Phraser` (which fills the block's texts with the
period's figures) and returns the view the template draws, or ``None`` when the block has
nothing to show (a chart before its data exist). Adding a block type is adding a function
to :data:`VIEWS`, its keys to ``spec.BLOCK_TYPES`` and its branch to the template. Charts,
tables and the map are in ``visuals``, the methodology annex in ``annex``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from opsreport.errors import ReportError
from opsreport.indicators.result import IndicatorResult
from opsreport.report import phrasing
from opsreport.report.i18n import tr, translations
from opsreport.report.placeholders import (
    Context,
    PlaceholderError,
    Segment,
    fill,
)
from opsreport.report.spec import Block, ReportSpec

if TYPE_CHECKING:
    from opsreport.report.data import ReportData

DONOR_GROUPS = ("direct", "general")


class Phraser:
    """Fills the texts of one block, and remembers whether a share rests on few answers."""

    def __init__(
        self,
        block: Block,
        results: Mapping[str, IndicatorResult],
        context: Context,
        data: ReportData | None = None,
        spec: ReportSpec | None = None,
        data_as_of: str = "",
    ) -> None:
        self.block, self.results, self.context = block, results, context
        self.data, self.spec, self.data_as_of = data, spec, data_as_of
        self.lang = context.lang
        self.gettext = translations(context.lang).gettext
        self.small_n = False

    def __call__(self, key: str, text: str | None = None, capitalise: bool = True) -> Markup | None:
        text = text if text is not None else self.block.text(key, self.lang)
        if text is None:
            return None
        try:
            segments = fill(text, self.results, self.context, capitalise)
        except PlaceholderError as exc:
            raise ReportError(f"{self.block.at(key)}: {exc}") from None
        self.small_n = self.small_n or any(s.small_n for s in segments)
        return markup(segments)

    @property
    def result(self) -> IndicatorResult:
        """The result of the block's ``indicator``."""
        rid = self.block.indicator
        if rid not in self.results:
            problem = tr(
                "unknown indicator '{id}' (the indicator layer returned no result for it)"
            ).format(id=rid)
            raise ReportError(f"{self.block.at('indicator')}: {problem}")
        return self.results[rid]


def markup(segments: list[Segment]) -> Markup:
    """HTML of a filled text: figures in ``<span class="figure">``, few answers starred."""
    html = []
    for s in segments:
        text = str(escape(s.text))
        if s.figure:
            text = f'<span class="figure">{text}</span>'
        if s.small_n:
            text += '<sup class="small-n">*</sup>'
        html.append(text)
    return Markup("".join(html))


def headline(block: Block, phrase: Phraser) -> dict[str, Any]:
    phrase.result  # noqa: B018 - a missing result names this block, not a placeholder
    return {
        "figure": phrase("indicator", f"{{{block.indicator}}}"),
        "title": phrase("title"),
        "text": phrase("text", capitalise=False),
        "note": phrase("note"),
        "change": change(block, phrase),
    }


def change(block: Block, phrase: Phraser) -> dict[str, str] | None:
    """ "+12% compared with June and July 2023": the headline against the previous period.

    Shown only when the spec asks (``compare: previous``), both periods have a number,
    the previous one is not zero, and (in a public report) the engine hid neither.
    """
    data = phrase.data
    if block.options.get("compare") != "previous" or not data or data.previous is None:
        return None
    before = data.previous.get(block.indicator)
    now = phrase.result.value
    if before is None or not isinstance(before.value, int | float) or not before.value:
        return None
    if not isinstance(now, int | float):
        return None
    ratio = (now - before.value) / before.value
    whole = phrasing.whole_percent(abs(ratio))
    sign = "+" if ratio > 0 and whole else ("−" if ratio < 0 and whole else "±")
    text = phrase.gettext("{change} compared with {period}").format(
        change=sign + phrasing.percent(abs(ratio), phrase.lang),
        period=data.previous_label.get(phrase.lang, ""),
    )
    return {"text": text, "direction": "up" if ratio > 0 else "down" if ratio < 0 else "same"}


def sentence(block: Block, phrase: Phraser) -> dict[str, Any]:
    return {"text": phrase("text"), "note": phrase("note")}


def bullets(block: Block, phrase: Phraser) -> dict[str, Any]:
    items = block.options["items"]
    return {
        "intro": phrase("intro"),
        "items": [phrase(f"items[{i}]", item[phrase.lang]) for i, item in enumerate(items, 1)],
        "note": phrase("note"),
    }


def topic_list(block: Block, phrase: Phraser) -> dict[str, Any]:
    result = phrase.result
    facet = block.options.get("facet", "topic")
    names = [item.name(phrase.lang) for item in result.facets.get(facet, result.items)]
    label = block.text("label", phrase.lang) or phrase.gettext("Topics")
    return {"label": label, "topics": ", ".join(names)}


def nested_list(block: Block, phrase: Phraser) -> dict[str, Any]:
    """Items whose ``group`` is another item's code are listed under that item."""
    entries: list[dict[str, Any]] = []
    by_code: dict[str, dict[str, Any]] = {}
    for item in phrase.result.items:
        entry: dict[str, Any] = {"name": item.name(phrase.lang), "children": []}
        parent = by_code.get(item.group) if item.group else None
        (parent["children"] if parent else entries).append(entry)
        by_code[item.code] = entry
    return {"title": phrase("title"), "entries": entries}


def donor_list(block: Block, phrase: Phraser) -> dict[str, Any]:
    items = phrase.result.items
    headings = {
        "direct": phrase.gettext("Direct donors"),
        "general": phrase.gettext("General donors"),
        "other": phrase.gettext("Donors"),
    }
    groups = []
    for code in (*DONOR_GROUPS, "other"):
        names = [
            i.name(phrase.lang)
            for i in items
            if i.group == code or (code == "other" and i.group not in DONOR_GROUPS)
        ]
        if names:
            groups.append({"code": code, "heading": headings[code], "names": names})
    return {"title": phrase("title"), "groups": groups}


def _chart(block: Block, phrase: Phraser) -> dict[str, Any] | None:
    from opsreport.report import visuals

    return visuals.chart(block, phrase)


def _table(block: Block, phrase: Phraser) -> dict[str, Any] | None:
    from opsreport.report import visuals

    return visuals.table(block, phrase)


def _map(block: Block, phrase: Phraser) -> dict[str, Any] | None:
    from opsreport.report import visuals

    return visuals.site_map(block, phrase)


def _annex(block: Block, phrase: Phraser) -> dict[str, Any] | None:
    from opsreport.report.annex import annex

    return annex(block, phrase)


VIEWS: dict[str, Callable[[Block, Phraser], dict[str, Any] | None]] = {
    "headline": headline,
    "sentence": sentence,
    "text": sentence,
    "bullets": bullets,
    "topic-list": topic_list,
    "list": nested_list,
    "donor-list": donor_list,
    "chart": _chart,
    "table": _table,
    "map": _map,
    "annex": _annex,
}


def block_view(
    block: Block,
    results: Mapping[str, IndicatorResult],
    context: Context,
    data: ReportData | None = None,
    spec: ReportSpec | None = None,
    data_as_of: str = "",
) -> dict[str, Any] | None:
    """The view of one block for the template (None: nothing to show, leave it out)."""
    phrase = Phraser(block, results, context, data, spec, data_as_of)
    view = VIEWS[block.type](block, phrase)
    if view is None:
        return None
    return {"type": block.type, **view, "small_n": phrase.small_n}
