"""opsreport indicators: compute the catalogue's figures for a period and print them."""

from __future__ import annotations

import csv
import io
from enum import StrEnum
from pathlib import Path

import typer


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class Lang(StrEnum):
    en = "en"
    es = "es"


def _value_text(result, lang: str) -> str:
    from babel.numbers import format_decimal, format_percent

    if result.value is None:
        return "–"
    if result.unit in ("share", "ranking"):
        return format_percent(result.value, locale=lang)
    return format_decimal(result.value, locale=lang)


def _share_text(share) -> tuple[str, str]:
    if share is None:
        return "", ""
    flag = " (small n)" if share.small_n else ""
    return f"{share.n:g}{flag}", f"{share.low:.1%}–{share.high:.1%}"


def _table(results, lang: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    table.add_column("id", no_wrap=True)
    table.add_column("label", min_width=20)
    table.add_column("value", justify="right", no_wrap=True)
    table.add_column("unit", no_wrap=True)
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("95% interval", no_wrap=True)
    table.add_column("items", max_width=36, no_wrap=True, overflow="ellipsis")
    for result in results:
        share = result.share
        if result.unit == "ranking" and result.items:
            share = result.items[0].value
        n, interval = _share_text(share)
        items = ", ".join(item.code for item in result.items)
        table.add_row(
            result.id,
            result.label(lang),
            _value_text(result, lang),
            result.unit,
            n,
            interval,
            items,
        )
    Console().print(table)


def _csv(results, lang: str) -> str:
    """One row per indicator; then one row per item, with ``item`` set and ``kind`` item."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["id", "kind", "item", "label", "value", "unit", "n", "low", "high", "small_n", "group"]
    )
    for r in results:
        s = r.share
        writer.writerow(
            [r.id, "indicator", "", r.label(lang), _plain(r.value), r.unit, *(_share_cells(s)), ""]
        )
        for item in r.items:
            share = item.value if hasattr(item.value, "n") else None
            value = share.value if share else item.value
            writer.writerow(
                [
                    r.id,
                    "item",
                    item.code,
                    item.name(lang),
                    _plain(value),
                    r.unit,
                    *_share_cells(share),
                    item.group or "",
                ]
            )
    return out.getvalue()


def _plain(value) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _share_cells(share) -> list[str]:
    if share is None:
        return ["", "", "", ""]
    return [_plain(share.n), f"{share.low:.4f}", f"{share.high:.4f}", str(share.small_n).lower()]


def register(app: typer.Typer) -> None:
    @app.command("indicators")
    def indicators(
        period: str = typer.Option(
            ...,
            "--period",
            "-p",
            help="The period: 2023-08, 2023-08..2023-09, 2023Q3, 2023 or 2023-08-01..2023-09-30.",
        ),
        ids: list[str] | None = typer.Option(
            None,
            "--id",
            help="Only this indicator (repeat for several). Default: all.",
        ),
        output: Format = typer.Option(
            Format.table,
            "--format",
            "-f",
            help="table (readable), csv (one row per indicator, then its items) or json "
            "(the full results, machine-readable).",
        ),
        lang: Lang = typer.Option(Lang.en, "--lang", help="Language of labels: en or es."),
        catalogue: list[Path] | None = typer.Option(
            None,
            "--catalogue",
            help="A mission catalogue file (YAML) added on top of the "
            "shipped one; repeat for several.",
        ),
    ) -> None:
        """Compute the indicators of the catalogue for a period, in the database.

        Every figure is computed from the records of the store: distinct people are
        counted once over the whole period, shares carry their n and 95% interval.

        Examples:

            opsreport indicators --period 2023-08..2023-09

            opsreport indicators -p 2023Q3 --id staff --id digital-reach --format json
        """
        from opsreport.cli.app import open_cli_store
        from opsreport.indicators import Period, compute, load_catalogue, results_to_json

        parsed = Period.parse(period)
        loaded = load_catalogue(catalogue or None)
        selected = loaded.select(ids or None)  # unknown ids fail before the store opens
        store = open_cli_store()
        results = list(compute(store, parsed, [i.id for i in selected], loaded).values())
        if output is Format.json:
            typer.echo(results_to_json(results))
        elif output is Format.csv:
            typer.echo(_csv(results, lang.value), nl=False)
        else:
            typer.echo(f"{parsed.label(lang.value)} ({parsed.start} – {parsed.end})")
            _table(results, lang.value)
