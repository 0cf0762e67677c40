"""The catalogue as Markdown, for docs/indicators.md (a test keeps the two in step)."""

from __future__ import annotations

from opsreport.indicators.catalogue import Catalogue, load_catalogue

START, END = "<!-- indicators:start -->", "<!-- indicators:end -->"


def _filters(values: dict[str, tuple[str, ...]]) -> str:
    if not values:
        return "–"
    return "; ".join(f"{key} = {', '.join(f'`{v}`' for v in vals)}" for key, vals in values.items())


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def catalogue_table(catalogue: Catalogue) -> list[str]:
    """The catalogue at a glance: one table row per indicator, linking to its section."""
    lines = [
        "| id | label (EN) | label (ES) | unit | source | rule | disaggregations |",
        "|---|---|---|---|---|---|---|",
    ]
    for ind in catalogue.values():
        dims = ", ".join(ind.disaggregations) or "–"
        if ind.multi_group:
            dims += " (multi-group topics)"
        lines.append(
            f"| [`{ind.id}`](#{ind.id}) | {_cell(ind.label_en)} | {_cell(ind.label_es)} | "
            f"`{ind.unit}` | `{ind.source}` | `{ind.period}` | {dims} |"
        )
    return [*lines, ""]


def catalogue_markdown(catalogue: Catalogue | None = None) -> str:
    """A summary table, then one section per indicator: labels, rule, filters, definitions."""
    catalogue = catalogue if catalogue is not None else load_catalogue()
    lines: list[str] = catalogue_table(catalogue)
    for ind in catalogue.values():
        lines += [
            f"#### `{ind.id}`",
            "",
            f"{ind.label_en} · *{ind.label_es}*",
            "",
            f"- unit `{ind.unit}`, source `{ind.source}`, period rule `{ind.period}`",
            f"- filters: {_filters(ind.filters)}",
            f"- facets: {', '.join(ind.facets) or '–'}; disaggregations (declared): "
            f"{', '.join(ind.disaggregations) or '–'}"
            + ("; a person can fall in several groups" if ind.multi_group else "")
            + ("; weighted" if ind.weighted else ""),
            f"- EN: {ind.definition_en}",
            f"- ES: {ind.definition_es}",
            "",
        ]
    return "\n".join(lines)


def replace_generated(text: str, catalogue: Catalogue | None = None) -> str:
    """``text`` with the part between the markers replaced by :func:`catalogue_markdown`."""
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{catalogue_markdown(catalogue)}{END}{tail}"
