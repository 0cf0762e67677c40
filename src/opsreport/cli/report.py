"""opsreport report: write the monthly operational report of a period as PDF or HTML."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from opsreport.cli.i18n import output_language, tr


class ReportFormat(StrEnum):
    pdf = "pdf"
    html = "html"


def _language(value: str) -> str:
    from opsreport.report.i18n import available_languages

    known = available_languages()
    if value not in known:
        raise typer.BadParameter(
            tr("{value} has no report catalogue (known: {known})").format(
                value=repr(value), known=", ".join(known)
            )
        )
    return value


def default_output(spec_stem: str, period: str, lang: str, fmt: str) -> Path:
    """``monthly-operational-report-2023-08..2023-09-en.pdf`` in the current folder."""
    return Path(f"{spec_stem}-{period}-{lang}.{fmt}")


HELP = tr(
    "Write the report of a period, every figure computed from the store's records.\n\n"
    "Sections, sentences and figures follow the report specification (--spec). Without one, "
    "it is the Monthly Operational Report, in English or Spanish (--lang; the language of "
    "the command line itself is OPSREPORT_LANG).\n\n"
    "Examples:\n\n"
    "    opsreport report --period 2023-08..2023-09\n\n"
    "    opsreport report -p 2023-08..2023-09 --lang es --format html -o informe.html"
)


def register(app: typer.Typer) -> None:
    @app.command("report", help=HELP)
    def report(
        period: str = typer.Option(
            ...,
            "--period",
            "-p",
            help=tr(
                "The period: 2023-08, 2023-08..2023-09, 2023Q3, 2023 or 2023-08-01..2023-09-30."
            ),
        ),
        lang: str = typer.Option(
            output_language(),
            "--lang",
            "-l",
            callback=_language,
            help=tr(
                "Language of the report: en, es, or any language with a catalogue "
                "(default: the interface's)."
            ),
        ),
        fmt: ReportFormat = typer.Option(
            ReportFormat.pdf,
            "--format",
            "-f",
            help=tr("pdf (A4, for print and mail) or html (one self-contained file)."),
        ),
        spec: Path | None = typer.Option(
            None,
            "--spec",
            help=tr("A report specification (YAML) instead of the Monthly Operational Report."),
            exists=True,
            dir_okay=False,
        ),
        output: Path | None = typer.Option(
            None,
            "--output",
            "-o",
            help=tr("The file to write. Default: <report>-<period>-<lang>.<format> here."),
        ),
        public: bool = typer.Option(
            False,
            "--public",
            help=tr("For publication: small counts, table cells and chart values are not shown."),
        ),
    ) -> None:
        from opsreport.cli.app import open_cli_store
        from opsreport.indicators import Period
        from opsreport.report import DEFAULT_SPEC, load_spec, render_report

        parsed = Period.parse(period)
        loaded = load_spec(spec)  # a broken spec fails before the store opens
        store = open_cli_store()
        content = render_report(store, parsed, lang=lang, fmt=fmt.value, spec=loaded, public=public)
        target = output or default_output((spec or DEFAULT_SPEC).stem, period, lang, fmt.value)
        target.write_bytes(content)
        typer.echo(str(target))
