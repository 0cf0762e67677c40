"""Results as flat rows: one shape for CSV, HXL and spreadsheet exports.

Each indicator gives a ``figure`` row, then an ``item`` row per item of a list or
ranking (``dim1`` = ``item``); a breakdown adds one ``cell`` row per cell, a
``margin`` row per group of each dimension of a cross-tab, and a ``total`` row. Rows
name their groups by code and by name in the chosen language, carry the share's n and
interval when there is one, and say whether (and why) a value was suppressed, so a
published file explains its own gaps.

HXL (the Humanitarian Exchange Language) puts a hashtag under each column header, so
tools such as HDX read the file without a mapping: see :data:`HXL_COLUMNS` and
:data:`HXL_DIMENSIONS`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from opsreport.indicators.disclosure import DEFAULT_THRESHOLD, reason_text
from opsreport.indicators.period import Period
from opsreport.indicators.result import Cell, IndicatorResult

COLUMNS = (
    "indicator", "label", "row", "start", "end",
    "dim1", "group1", "group1_name", "dim2", "group2", "group2_name",
    "value", "unit", "n", "low", "high", "small_n", "multi_group",
    "suppressed", "reason", "previous", "change", "change_pct",
)  # fmt: skip
HXL_COLUMNS = {
    "indicator": "#indicator+code",
    "label": "#indicator+name",
    "row": "#meta+row",
    "start": "#date+start",
    "end": "#date+end",
    "dim1": "#meta+dimension+1",
    "dim2": "#meta+dimension+2",
    "value": "#value",
    "unit": "#indicator+unit",
    "n": "#sample+n",
    "low": "#value+ci_low",
    "high": "#value+ci_high",
    "small_n": "#meta+small_n",
    "multi_group": "#meta+multi_group",
    "suppressed": "#meta+suppressed",
    "reason": "#meta+reason",
    "previous": "#value+previous",
    "change": "#value+change",
    "change_pct": "#value+change+pct",
}
# dimension -> (hashtag of the group code, hashtag of its name)
HXL_DIMENSIONS = {
    "sex": ("#group+sex+code", "#group+sex+name"),
    "age-group": ("#group+age+code", "#group+age+name"),
    "nationality": ("#country+nationality+code", "#country+nationality+name"),
    "province": ("#adm1+code", "#adm1+name"),
    "site": ("#loc+code", "#loc+name"),
    "population-group": ("#population+type+code", "#population+type+name"),
    "audience": ("#group+audience+code", "#group+audience+name"),
    "topic": ("#sector+topic+code", "#sector+topic+name"),
    "channel": ("#channel+code", "#channel+name"),
    "month": ("#date+month", "#date+month+name"),
    "category": ("#group+category+code", "#group+category+name"),
    "unit": ("#org+unit+code", "#org+unit+name"),
    "office": ("#org+office+code", "#org+office+name"),
    "answer": ("#indicator+answer+code", "#indicator+answer+name"),
}
# the counted people's sex as HXL attributes (the HXL convention for disaggregated counts)
HXL_SEX = {"female": "+f", "male": "+m", "other": "+sex_other", "unknown": "+sex_unknown"}


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    return "" if value is None else value


def _base(result: IndicatorResult, period: Period, lang: str, row: str) -> dict[str, Any]:
    change = result.change
    return {
        "indicator": result.id,
        "label": result.label(lang),
        "row": row,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "unit": result.unit,
        "previous": _plain(change.previous) if change else "",
        "change": _plain(change.absolute) if change else "",
        "change_pct": _plain(change.percent) if change else "",
    }


def _value_parts(value: Any, share: Any, suppressed: bool, reason: str | None, lang, limit):
    parts = {
        "value": _plain(value),
        "n": "",
        "low": "",
        "high": "",
        "small_n": "",
        "suppressed": "yes" if suppressed else "",
        "reason": reason_text(reason, lang, limit) if reason else "",
    }
    if share is not None:
        parts.update(
            n=_plain(share.n),
            low=_plain(share.low),
            high=_plain(share.high),
            small_n="yes" if share.small_n else "",
        )
    return parts


def _groups(dims: tuple[str, ...], cell: Cell, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    names = cell.names(lang)
    for i in range(2):
        out[f"dim{i + 1}"] = dims[i] if i < len(dims) else ""
        out[f"group{i + 1}"] = _plain(cell.key[i]) if i < len(cell.key) else ""
        out[f"group{i + 1}_name"] = names[i] if i < len(names) else ""
    return out


def flat_rows(
    results: Iterable[IndicatorResult], period: Period, lang: str = "en"
) -> list[dict[str, Any]]:
    """Every figure, cell, margin and total as a row with the keys of :data:`COLUMNS`."""
    rows = []
    for r in results:
        b = r.breakdown
        limit = (b.threshold if b else None) or DEFAULT_THRESHOLD
        base = _base(r, period, lang, "figure")
        rows.append(
            {**dict.fromkeys(COLUMNS, ""), **base,
             **_value_parts(r.value, r.share, r.suppressed is not None, r.suppressed, lang,
                            limit)}
        )  # fmt: skip
        for item in r.items:
            share = item.value if hasattr(item.value, "n") else None
            row = {**dict.fromkeys(COLUMNS, ""), **_base(r, period, lang, "item")}
            row.update(dim1="item", group1=item.code, group1_name=item.name(lang))
            value = share.value if share else item.value
            row.update(_value_parts(value, share, False, None, lang, limit))
            rows.append(row)
        if b is None:
            continue
        multi = ", ".join(b.multi_group)
        for cell in b.cells:
            rows.append(_cell_row(r, period, lang, "cell", b.dimensions, cell, multi, limit))
        for dim, cells in b.margins.items():
            # a margin's group sits in the column of its dimension (2nd for the 2nd)
            dims = ("",) * b.dimensions.index(dim) + (dim,)
            for cell in cells:
                keyed = Cell(
                    ("",) * len(dims[:-1]) + cell.key,
                    ("",) * len(dims[:-1]) + cell.names_en,
                    ("",) * len(dims[:-1]) + cell.names_es,
                    cell.value, cell.share, cell.suppressed, cell.reason,
                )  # fmt: skip
                rows.append(_cell_row(r, period, lang, "margin", dims, keyed, multi, limit))
        total = {**dict.fromkeys(COLUMNS, ""), **_base(r, period, lang, "total")}
        total.update(_value_parts(b.total, None, b.total is None, b.total_reason, lang, limit))
        total.update(dim1=b.dimensions[0], dim2=b.dimensions[1] if len(b.dimensions) > 1 else "")
        total["multi_group"] = multi
        rows.append(total)
    return rows


def _cell_row(r, period, lang, kind, dims, cell: Cell, multi: str, limit: int) -> dict:
    row = {**dict.fromkeys(COLUMNS, ""), **_base(r, period, lang, kind)}
    row.update(_groups(dims, cell, lang))
    row.update(_value_parts(cell.value, cell.share, cell.suppressed, cell.reason, lang, limit))
    row["multi_group"] = multi
    return row


def hxl_header(rows: list[dict[str, Any]]) -> list[str]:
    """The hashtag row: group columns take the hashtags of the (single) dimension they hold."""
    tags = []
    for column in COLUMNS:
        tag = HXL_COLUMNS.get(column, "")
        for i in (1, 2):
            tabled = [row for row in rows if row["row"] in ("cell", "margin", "total")]
            dims = {row[f"dim{i}"] for row in tabled or rows if row[f"dim{i}"]}
            if column in (f"group{i}", f"group{i}_name"):
                dim = next(iter(dims)) if len(dims) == 1 else None
                code, name = HXL_DIMENSIONS.get(dim, (f"#meta+group+{i}", f"#meta+group+{i}+name"))
                tag = code if column == f"group{i}" else name
        tags.append(tag)
    return tags


def hxl_rows(rows: list[dict[str, Any]]) -> tuple[list[str], list[str], list[list[Any]]]:
    """Header, hashtag row and values of the HXL file.

    When a breakdown is by sex, each row also carries its value in the column of its sex
    (``#affected+f``, ``#affected+m``, …), the HXL way of disaggregating counts of people,
    so HXL tools can sum women and men without reading the group columns.
    """
    columns = list(COLUMNS)
    tags = hxl_header(rows)
    by_sex = any("sex" in (row["dim1"], row["dim2"]) for row in rows if row["row"] == "cell")
    if by_sex:
        for sex, attribute in HXL_SEX.items():
            columns.append(f"affected_{sex}")
            tags.append(f"#affected{attribute}")
    values = []
    for row in rows:
        line = [row[c] for c in COLUMNS]
        if by_sex:
            sex = (
                row["group1"]
                if row["dim1"] == "sex"
                else row["group2"]
                if row["dim2"] == "sex"
                else None
            )
            line += [row["value"] if sex == s else "" for s in HXL_SEX]
        values.append(line)
    return columns, tags, values
