"""opsreport indicators: compute the catalogue's figures for a period and print or save them."""

from __future__ import annotations

import csv
import io
from enum import StrEnum
from pathlib import Path

import typer

from opsreport.cli.i18n import output_language, tr


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"
    hxl = "hxl"


class Lang(StrEnum):
    en = "en"
    es = "es"


def _value_text(value, unit: str, lang: str) -> str:
    from babel.numbers import format_decimal, format_percent

    if value is None:
        return "–"
    if unit in ("share", "ranking"):
        return format_percent(value, locale=lang, format="#,##0.0%")
    return format_decimal(value, locale=lang)


def _share_text(share) -> str:
    if share is None:
        return ""
    if not share.sampled:
        return f"n={share.n:g}, " + tr("complete count")
    flag = " " + tr("small n") if share.small_n else ""
    return f"n={share.n:g}{flag}, 95% {share.low:.1%}–{share.high:.1%}"


def _detail(result, lang: str) -> str:
    """The unit, n and interval, change and items: wraps, so the value column never goes."""
    from opsreport.indicators import reason_text

    share = result.share
    if result.unit == "ranking" and result.items:
        share = result.items[0].value if hasattr(result.items[0].value, "n") else None
    parts = [result.unit, _share_text(share)]
    if result.suppressed:
        parts.append(reason_text(result.suppressed, lang, _threshold(result)))
    if result.change and result.change.absolute is not None:
        pct = f" ({result.change.percent:+.1%})" if result.change.percent is not None else ""
        parts.append(f"{result.change.period}: {result.change.absolute:+g}{pct}")
    if result.items:
        codes = [item.code for item in result.items]
        parts.append(", ".join(codes[:6]) + (f" (+{len(codes) - 6})" if len(codes) > 6 else ""))
    return "; ".join(p for p in parts if p)


def _threshold(result) -> int:
    from opsreport.indicators.disclosure import threshold_setting

    return (result.breakdown.threshold if result.breakdown else None) or threshold_setting()


def _console():
    from rich.console import Console

    # 80 columns when not a terminal (a pipe, a file, a CI log), the terminal's width else
    return Console(width=None if Console().is_terminal else 80)


def _table(results, lang: str) -> None:
    from rich.table import Table

    table = Table(show_lines=False, expand=False)
    table.add_column(tr("indicator"), ratio=3, overflow="fold")
    table.add_column(tr("value"), justify="right", no_wrap=True, min_width=7)
    table.add_column(tr("detail"), ratio=2, overflow="fold")
    for r in results:
        table.add_row(f"{r.label(lang)}\n[dim]{r.id}[/dim]", _value_text(r.value, r.unit, lang),
                      _detail(r, lang))  # fmt: skip
    console = _console()
    console.print(table)
    for r in results:
        if r.breakdown is not None:
            _breakdown_table(console, r, lang)


def _breakdown_table(console, result, lang: str) -> None:
    from rich.table import Table

    from opsreport.indicators import reason_text

    b = result.breakdown
    table = Table(title=f"{result.id} × {' × '.join(b.dimensions)}", title_justify="left")
    for dim in b.dimensions:
        table.add_column(dim, overflow="fold")
    table.add_column(tr("value"), justify="right", no_wrap=True, min_width=7)
    table.add_column(tr("note"), overflow="fold")
    limit = b.threshold or _threshold(result)
    for cell in b.cells:
        note = reason_text(cell.reason, lang, limit) if cell.reason else _share_text(cell.share)
        value = _value_text(cell.value, result.unit, lang)
        table.add_row(*cell.names(lang), value, note)
    total_note = reason_text(b.total_reason, lang, limit) if b.total_reason else ""
    blanks = [""] * (len(b.dimensions) - 1)
    table.add_row(tr("total"), *blanks, _value_text(b.total, result.unit, lang), total_note)
    console.print(table)
    for dim, cells in b.margins.items():
        shown = ", ".join(
            f"{c.names(lang)[0]} {_value_text(c.value, result.unit, lang)}" for c in cells
        )
        console.print(f"{dim}: {shown}", soft_wrap=False)
    if b.multi_group:
        several = tr(
            "{dimensions}: one person can fall in several groups, "
            "so the cells may add up to more than the total."
        ).format(dimensions=", ".join(b.multi_group))
        console.print(f"[dim]{several}[/dim]")


def _csv(rows: list[dict], hxl: bool) -> str:
    from opsreport.indicators.tabular import COLUMNS, hxl_rows

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if hxl:
        columns, tags, values = hxl_rows(rows)
        writer.writerow(columns)
        writer.writerow(tags)
        writer.writerows(values)
    else:
        writer.writerow(COLUMNS)
        writer.writerows([row[c] for c in COLUMNS] for row in rows)
    return out.getvalue()


def _xlsx(rows: list[dict], path: Path, period, lang: str, public: bool, threshold: int) -> None:
    from openpyxl import Workbook

    from opsreport.indicators import REASONS, reason_text
    from opsreport.indicators.tabular import COLUMNS

    book = Workbook()
    readme = book.active
    readme.title = "README"
    # the workbook is output: it speaks the language of --lang, like its labels
    lines = [
        ["opsreport indicators"],
        [tr("period", lang=lang), str(period), period.label(lang)],
        [
            tr("public", lang=lang),
            tr("yes", lang=lang) if public else tr("no", lang=lang),
            tr("threshold {threshold}", lang=lang).format(threshold=threshold) if public else "",
        ],
        [],
        [
            tr(
                "Sheet 'figures': one row per figure, breakdown cell, margin and total "
                "(column 'row').",
                lang=lang,
            )
        ],
        [tr("Distinct people are recomputed for every cell and margin, never summed.", lang=lang)],
        [
            tr(
                "Dimensions listed in 'multi_group' let one person fall in several groups:",
                lang=lang,
            )
        ],
        [tr("their cells may add up to more than the total.", lang=lang)],
        [
            tr(
                "Shares: 'value' is the proportion (0-1), 'n' the respondents, 'low'/'high' the "
                "95% Wilson interval; 'small_n' marks n below 30.",
                lang=lang,
            )
        ],
        [],
        [tr("reason", lang=lang), tr("meaning", lang=lang)],
        *[[code, reason_text(code, lang, threshold)] for code in REASONS],
    ]
    for line in lines:
        readme.append(line)
    sheet = book.create_sheet("figures")
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row[c] for c in COLUMNS])
    sheet.freeze_panes = "A2"
    book.save(path)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


HELP = tr(
    "Compute the indicators of the catalogue for a period, in the database.\n\n"
    "Every figure is computed from the records of the store: distinct people are counted "
    "once over the whole period (and once per cell of a breakdown), shares carry their n "
    "and 95% interval.\n\n"
    "Examples:\n\n"
    "    opsreport indicators --period 2023-08..2023-09\n\n"
    "    opsreport indicators -p 2023Q3 --id staff --id digital-reach --format json\n\n"
    "    opsreport indicators -p 2023-08..2023-09 --id legal-orientation-residing\n"
    "    --by nationality,province --public --format hxl -o legal.csv"
)


def register(app: typer.Typer) -> None:
    @app.command("indicators", help=HELP)
    def indicators(
        period: str = typer.Option(
            ...,
            "--period",
            "-p",
            help=tr(
                "The period: 2023-08, 2023-08..2023-09, 2023Q3, 2023 or 2023-08-01..2023-09-30."
            ),
        ),
        ids: list[str] | None = typer.Option(
            None, "--id", help=tr("Only this indicator (repeat for several). Default: all.")
        ),
        by: str | None = typer.Option(
            None,
            "--by",
            help=tr("Break down by one or two dimensions, e.g. sex or nationality,province."),
        ),
        public: bool = typer.Option(
            False, "--public", help=tr("For publication: suppress small cells and say why.")
        ),
        threshold: int | None = typer.Option(
            None, "--threshold", min=1, help=tr("Suppression threshold in people (default 5).")
        ),
        other_below: int | None = typer.Option(
            None,
            "--other-below",
            min=1,
            help=tr("Fold nationalities with fewer people than this into 'other'."),
        ),
        compare: bool = typer.Option(
            False, "--compare", help=tr("Add the change against the previous comparable period.")
        ),
        output_format: Format = typer.Option(
            Format.table,
            "--format",
            "-f",
            help=tr("table (readable), csv, hxl (CSV with HXL hashtags), xlsx (needs -o) or json."),
        ),
        output: Path | None = typer.Option(
            None, "--output", "-o", help=tr("Write to this file instead of the screen.")
        ),
        lang: Lang = typer.Option(
            Lang(output_language()),
            "--lang",
            help=tr("Language of labels: en or es (default: the interface's)."),
        ),
        catalogue: list[Path] | None = typer.Option(
            None,
            "--catalogue",
            help=tr(
                "A mission catalogue file (YAML) added on top of the shipped one; "
                "repeat for several."
            ),
        ),
    ) -> None:
        from opsreport.cli.app import open_cli_store
        from opsreport.errors import OpsreportError
        from opsreport.indicators import Period, compute, load_catalogue, results_to_json
        from opsreport.indicators.disclosure import threshold_setting
        from opsreport.indicators.tabular import flat_rows

        if output_format is Format.xlsx and output is None:
            raise OpsreportError(tr("--format xlsx writes a workbook: give the file with -o FILE."))
        parsed = Period.parse(period)
        loaded = load_catalogue(catalogue or None)
        selected = loaded.select(ids or None)  # unknown ids fail before the store opens
        store = open_cli_store()
        results = list(
            compute(
                store, parsed, [i.id for i in selected] if ids else None, loaded, by=by,
                public=public, threshold=threshold, compare=compare, other_below=other_below,
            ).values()
        )  # fmt: skip
        if output_format is Format.json:
            _emit(results_to_json(results) + "\n", output)
        elif output_format in (Format.csv, Format.hxl):
            rows = flat_rows(results, parsed, lang.value)
            _emit(_csv(rows, output_format is Format.hxl), output)
        elif output_format is Format.xlsx:
            rows = flat_rows(results, parsed, lang.value)
            limit = threshold or threshold_setting()
            _xlsx(rows, output, parsed, lang.value, public, limit)
        else:
            if output is not None:
                raise OpsreportError(tr("The table format prints to the screen; use csv or xlsx."))
            typer.echo(f"{parsed.label(lang.value)} ({parsed.start} – {parsed.end})")
            _table(results, lang.value)
