"""Charts as SVG made on the server: Altair specifications drawn by vl-convert.

vl-convert runs Vega in-process (no browser) and is given no base URL, so a chart can
never fetch anything: the data are inline. Labels (months, age groups, sexes, indicator
names) arrive already translated and in order; numbers on the axes follow the language's
d3 locale. The font is the one WeasyPrint has (DejaVu Sans), so text measured by Vega
is the text printed.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import vl_convert

FONT = "DejaVu Sans"
INK, MUTED, RULE = "#1d2733", "#5b6673", "#d5dce4"
# IOM blue, orange, teal, navy, then lighter tints for longer series
PALETTE = ["#0033a0", "#d9621b", "#00857c", "#0b2a5b", "#7a9cd6", "#f0a877", "#6cc4bb"]
D3_LOCALES = {"en": "en-US", "es": "es-ES"}
WIDTH, HEIGHT = 300, 150

CONFIG: dict[str, Any] = {
    "font": FONT,
    "background": "transparent",
    "view": {"stroke": None},
    "axis": {
        "labelColor": MUTED,
        "labelFontSize": 10,
        "titleColor": MUTED,
        "titleFontSize": 10,
        "titleFontWeight": "normal",
        "gridColor": RULE,
        "domainColor": RULE,
        "tickColor": RULE,
    },
    "legend": {
        "labelColor": INK,
        "labelFontSize": 10,
        "titleFontSize": 10,
        "titleColor": MUTED,
        "titleFontWeight": "normal",
        "orient": "bottom",
        "direction": "vertical",
        "labelLimit": 420,
        "symbolSize": 80,
    },
}


def to_svg(chart: alt.Chart, lang: str) -> str:
    """Draw an Altair chart; nothing is fetched (no base URL is allowed)."""
    svg = vl_convert.vegalite_to_svg(
        chart.to_dict(),
        allowed_base_urls=[],
        format_locale=D3_LOCALES.get(lang, "en-US"),
    )
    # the page sizes the drawing: keep its proportions, drop the fixed pixel size
    head, _, rest = svg.partition(">")
    head = head.replace('class="marks"', 'class="marks chart-svg"')
    return head + ' preserveAspectRatio="xMidYMid meet">' + rest


def _colour(field: str, order: list[str], title: str | None = None) -> alt.Color:
    return alt.Color(
        f"{field}:N",
        sort=order,
        scale=alt.Scale(domain=order, range=PALETTE[: len(order)]),
        title=title,
    )


def months_chart(
    rows: list[dict[str, Any]], months: list[str], series: list[str], kind: str, lang: str
) -> str:
    """Values by month (``rows``: month, series, value); one line or bar colour per series."""
    base = alt.Chart(alt.Data(values=rows)).properties(width=WIDTH, height=HEIGHT)
    x = alt.X("month:N", sort=months, title=None, axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", title=None, axis=alt.Axis(format="~s" if _big(rows) else ",d"))
    colour = _colour("series", series)
    if kind == "line":
        chart = base.mark_line(point=alt.OverlayMarkDef(size=30), strokeWidth=2.2).encode(
            x=x, y=y, color=colour
        )
    else:
        stack = "zero" if kind == "stacked-bar" else None
        chart = base.mark_bar(cornerRadiusEnd=1).encode(
            x=x,
            y=y.stack(stack) if stack else y,
            color=colour,
            xOffset=alt.XOffset("series:N", sort=series) if not stack else alt.XOffset(),
        )
    if len(series) == 1:
        chart = chart.encode(color=alt.value(PALETTE[0]))
    return to_svg(chart.configure(**CONFIG), lang)


def breakdown_chart(
    rows: list[dict[str, Any]],
    groups: list[str],
    parts: list[str],
    kind: str,
    lang: str,
    axis_title: str | None = None,
) -> str:
    """People by group (x) split by part (colour): the sex/age chart."""
    base = alt.Chart(alt.Data(values=rows)).properties(width=WIDTH, height=HEIGHT)
    x = alt.X("group:N", sort=groups, title=axis_title, axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", title=None, axis=alt.Axis(format=",d", tickMinStep=1))
    encoding: dict[str, Any] = {"x": x, "color": _colour("part", parts)}
    if kind == "stacked-bar":
        encoding["y"] = y.stack("zero")
    else:
        encoding["y"] = y.stack(None)
        encoding["xOffset"] = alt.XOffset("part:N", sort=parts)
    legend = CONFIG["legend"] | {"direction": "horizontal"}
    chart = base.mark_bar().encode(**encoding)
    return to_svg(chart.configure(**(CONFIG | {"legend": legend})), lang)


def items_chart(rows: list[dict[str, Any]], lang: str) -> str:
    """Horizontal bars of named items (``rows``: name, value), largest first."""
    names = [r["name"] for r in rows]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=PALETTE[0])
        .encode(
            y=alt.Y("name:N", sort=names, title=None, axis=alt.Axis(labelLimit=160)),
            x=alt.X("value:Q", title=None, axis=alt.Axis(format="~s")),
        )
        .properties(width=WIDTH - 80, height=18 * max(len(rows), 1))
    )
    text = chart.mark_text(align="left", dx=3, color=INK, fontSize=9).encode(
        text=alt.Text("value:Q", format=",d")
    )
    return to_svg((chart + text).configure(**CONFIG), lang)


def _big(rows: list[dict[str, Any]]) -> bool:
    return max((r["value"] or 0 for r in rows), default=0) >= 10_000
