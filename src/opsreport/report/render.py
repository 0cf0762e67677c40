"""Rendering a report: indicator results + specification → HTML or PDF.

The report layer never reads the store. :func:`render_report` asks the indicator layer
for the figures the specification needs, then :func:`render_from_results` phrases them
(``placeholders`` and ``phrasing``), lays them out with one Jinja2 template, and prints
the same HTML to an A4 PDF with WeasyPrint. The HTML is self-contained (CSS inlined), so
it can be mailed or published as one file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from opsreport.errors import ReportError
from opsreport.indicators.result import IndicatorResult
from opsreport.report import phrasing
from opsreport.report.blocks import block_view
from opsreport.report.data import ReportData, gather
from opsreport.report.i18n import tr, translations
from opsreport.report.placeholders import Context, proper_name_indicators
from opsreport.report.spec import ReportSpec, Section, load_spec

HERE = Path(__file__).parent
FORMATS = ("html", "pdf")
# In a two-column section these blocks start a new column (the blocks after them join it).
COLUMN_STARTERS = ("headline", "chart", "table", "map")


class ReportPeriod(Protocol):
    """What the report needs of a period (``opsreport.indicators.Period`` has it)."""

    start: date
    end: date

    def label(self, lang: str) -> str: ...


def render_report(
    store: Any,
    period: ReportPeriod | str,
    lang: str = "en",
    fmt: str = "html",
    spec: ReportSpec | str | Path | None = None,
    public: bool = False,
    generated_on: date | None = None,
) -> bytes:
    """The report of ``period`` from the records in ``store``, as HTML or PDF bytes.

    ``spec`` is a loaded specification or the path of one (default: the Monthly
    Operational Report). ``public=True`` asks the engine for every figure with disclosure
    control (``compute(..., public=True)``): the sentences then phrase what it hid.
    """
    from opsreport.indicators import Period, compute, load_catalogue
    from opsreport.indicators.disclosure import threshold_setting

    if not isinstance(spec, ReportSpec):
        spec = load_spec(spec)
    if isinstance(period, str):
        period = Period.parse(period)
    catalogue = load_catalogue()  # read once for every computation of this report
    results = compute(
        store,
        period,
        ids=sorted(spec.indicator_ids()),
        catalogue=catalogue,
        public=public,
        threshold=threshold_setting(),
    )
    data = gather(store, spec, period, public, catalogue)
    return _render(results, spec, period, lang, fmt, public, generated_on, data)


def render_from_results(
    results: Mapping[str, IndicatorResult],
    spec: ReportSpec | None,
    period: ReportPeriod,
    lang: str = "en",
    fmt: str = "html",
    *,
    public: bool = False,
    generated_on: date | None = None,
    data: ReportData | None = None,
) -> bytes:
    """Render already computed indicator results; tests and other outputs start here.

    ``data`` holds what charts, comparisons, breakdowns and the map need beyond the
    period's results (:func:`opsreport.report.data.gather`); without it those blocks are
    left out. With ``public=True`` the results pass through the engine's disclosure
    control first (as ``compute(..., public=True)`` would have done), so results computed
    elsewhere cannot publish a small figure.
    """
    if public:
        results = _protected(results)
    return _render(results, spec, period, lang, fmt, public, generated_on, data)


def _protected(results: Mapping[str, IndicatorResult]) -> dict[str, IndicatorResult]:
    """The results as a public computation gives them (already hidden values stay hidden)."""
    from opsreport.indicators import load_catalogue
    from opsreport.indicators.disclosure import protect, threshold_setting

    catalogue = load_catalogue()
    limit = threshold_setting()
    protected = {}
    for rid, result in results.items():
        source = catalogue[rid].source if rid in catalogue else ""
        protected[rid] = protect(result, source, limit)
    return protected


def _render(
    results: Mapping[str, IndicatorResult],
    spec: ReportSpec | None,
    period: ReportPeriod,
    lang: str,
    fmt: str,
    public: bool,
    generated_on: date | None,
    data: ReportData | None,
) -> bytes:
    spec = spec or load_spec()
    if fmt not in FORMATS:
        raise ReportError(
            tr("Unknown report format {format}: choose html or pdf.").format(format=repr(fmt))
        )
    if lang not in spec.languages:
        raise ReportError(
            tr("The report specification has no {lang} texts (it has {languages}).").format(
                lang=repr(lang), languages=", ".join(spec.languages)
            )
        )
    html = render_html(results, spec, period, lang, public, generated_on or date.today(), data)
    if fmt == "html":
        return html.encode("utf-8")
    return html_to_pdf(html)


def html_to_pdf(html: str) -> bytes:
    """Print the report's HTML on A4 with WeasyPrint (the same HTML as the .html output)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(HERE)).write_pdf()


def render_html(
    results: Mapping[str, IndicatorResult],
    spec: ReportSpec,
    period: ReportPeriod,
    lang: str,
    public: bool,
    generated_on: date,
    data: ReportData | None = None,
) -> str:
    gettext = translations(lang).gettext
    page = gettext("Page {page} of {pages}")
    from opsreport.indicators import load_catalogue
    from opsreport.indicators.disclosure import threshold_setting

    catalogue = data.catalogue if data is not None and data.catalogue is not None else None
    context = Context(
        lang=lang,
        public=public,
        threshold=threshold_setting(),
        proper_names=proper_name_indicators(catalogue or load_catalogue()),
    )
    data_as_of = phrasing.long_date(period.end, lang)

    def section(s: Section) -> dict | None:
        return _section(s, results, context, data, spec, data_as_of)

    document = {
        "lang": lang,
        "title": spec.title[lang],
        "mission": spec.mission[lang],
        "period": period.label(lang),
        "data_as_of": data_as_of,
        "generated_on": phrasing.long_date(generated_on, lang),
        "public": public,
        "threshold": context.threshold,
        "sections": [view for s in spec.sections if (view := section(s)) is not None],
        "css": Markup(_css()),
        "page_counter": Markup(_css_counter(page)),
    }
    return _environment(lang).get_template("report.html").render(**document)


@dataclass
class _Group:
    """Blocks shown together; a two-column section puts its groups side by side."""

    blocks: list[dict[str, Any]]

    @property
    def has_headline(self) -> bool:
        return any(block["type"] == "headline" for block in self.blocks)


def has_figures(result: IndicatorResult | None) -> bool:
    """Whether an indicator has anything to say for the period (a survey round may not)."""
    if result is None:
        return False
    return (
        result.value is not None
        or bool(result.items)
        or result.share is not None
        or result.suppressed is not None  # a public report says what it hid
    )


def _section(
    section: Section,
    results: Mapping[str, IndicatorResult],
    ctx: Context,
    data: ReportData | None,
    spec: ReportSpec,
    data_as_of: str,
) -> dict | None:
    view = {
        "id": section.id,
        "title": section.title[ctx.lang],
        "layout": section.layout,
        "accent": section.accent,
    }
    if not all(has_figures(results.get(rid)) for rid in section.requires):
        if section.otherwise is None:
            return None
        text = {"type": "text", "text": section.otherwise[ctx.lang], "small_n": False}
        return {**view, "layout": "one-column", "groups": [_Group([text])]}
    groups: list[_Group] = []
    for block in section.blocks:
        if not all(has_figures(results.get(rid)) for rid in block.options.get("requires", ())):
            if not block.options.get("otherwise"):
                continue
            text = block.options["otherwise"][ctx.lang]
            shown: dict | None = {"type": "text", "text": text, "small_n": False}
        else:
            shown = block_view(block, results, ctx, data, spec, data_as_of)
        if shown is None:
            continue
        starts_group = not groups or (
            section.layout == "two-column" and block.type in COLUMN_STARTERS
        )
        if starts_group:
            groups.append(_Group([shown]))
        else:
            groups[-1].blocks.append(shown)
    if not groups:
        return None
    return {**view, "groups": groups}


def _css_counter(template: str) -> str:
    """ "Page {page} of {pages}" as a CSS ``content`` value with page counters."""
    parts = []
    rest = template
    while rest:
        head, brace, tail = rest.partition("{")
        if head:
            parts.append('"' + head.replace('"', '\\"') + '"')
        if not brace:
            break
        name, _, rest = tail.partition("}")
        parts.append(f"counter({'pages' if name == 'pages' else 'page'})")
    return " ".join(parts)


@cache
def _css() -> str:
    return (HERE / "static" / "report.css").read_text(encoding="utf-8")


@cache
def _environment(lang: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)
    return env
