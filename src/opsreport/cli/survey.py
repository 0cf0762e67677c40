"""opsreport survey: the survey instrument (XLSForm / XForm), its questions, the rounds."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

INSTRUMENT_HELP = "A shipped instrument code (fms) or the path of an XLSForm (.xlsx or .yaml)."


class FormFormat(StrEnum):
    xlsx = "xlsx"
    xml = "xml"


class Language(StrEnum):
    en = "en"
    es = "es"


survey_app = typer.Typer(
    name="survey",
    help="Survey instruments (the Flow Monitoring Survey XLSForm) and the rounds in the store.",
    no_args_is_help=True,
)


@survey_app.command("form")
def form(
    instrument: str = typer.Argument("fms", help=INSTRUMENT_HELP),
    format: FormFormat = typer.Option(  # noqa: A002 - the option is called --format
        FormFormat.xlsx,
        "--format",
        "-f",
        help="xlsx: the XLSForm to upload to KoboToolbox or ODK Central; "
        "xml: the XForm converted by pyxform.",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (default: <code>.xlsx or <code>.xml here)."
    ),
    validate: bool = typer.Option(
        False,
        "--validate",
        help="Also check the form with ODK Validate, as ODK Collect would read it (needs Java).",
    ),
) -> None:
    """Write a survey form ready to deploy on KoboToolbox / ODK.

    Example: opsreport survey form fms --format xlsx -o fms-2023.xlsx
    """
    from opsreport.survey import load_instrument, to_xform, to_xlsx

    console = Console()
    loaded = load_instrument(instrument)
    path = output or Path(f"{loaded.code}.{format.value}")
    warnings: list[str] = []
    xform = to_xform(loaded, warnings, validate=validate)  # the form must convert either way
    for warning in warnings:
        console.print(f"[yellow]pyxform warning:[/] {warning}", highlight=False)
    if format is FormFormat.xlsx:
        to_xlsx(loaded, path)
    else:
        path.write_text(xform, encoding="utf-8")
    console.print(
        f"Wrote {path} ({loaded.title('en')}, version {loaded.version}, "
        f"{len(loaded.questions)} questions)" + (", checked by ODK Validate." if validate else "."),
        highlight=False,
    )


@survey_app.command("questions")
def questions(
    instrument: str = typer.Argument("fms", help=INSTRUMENT_HELP),
    lang: Language = typer.Option(Language.en, "--lang", "-l", help="Language of the labels."),
    markdown: bool = typer.Option(
        False, "--markdown", help="Print Markdown tables of questions and choices (for docs)."
    ),
) -> None:
    """List the questions of an instrument: name, type, label, choices, sensitive flag.

    Sensitive questions (protection and needs) are never published below the
    suppression threshold.
    """
    from opsreport.survey import load_instrument, questions_markdown

    loaded = load_instrument(instrument)
    if markdown:
        typer.echo(questions_markdown(loaded), nl=False)
        return
    sensitive_word = "sensible" if lang is Language.es else "sensitive"
    table = Table(title=f"{loaded.title(lang.value)} ({loaded.code} {loaded.version})")
    for header in ("group", "name", "type"):
        table.add_column(header, no_wrap=True)
    table.add_column("label", overflow="fold", ratio=1)
    table.add_column("choices", justify="right")
    table.add_column(sensitive_word)
    for q in loaded.questions:
        table.add_row(
            q.group,
            q.name,
            f"{q.type} {q.list_name}" if q.list_name else q.type,
            q.label(lang.value) if q.asked else "",
            str(len(q.choices)) if q.is_select else "",
            ("sí" if lang is Language.es else "yes") if q.sensitive else "",
        )
    Console().print(table)


@survey_app.command("rounds")
def rounds() -> None:
    """List the survey rounds in the store: fieldwork dates, provinces, responses.

    Screened-out responses (no consent, or already surveyed) are kept and counted here,
    but never enter a share.
    """
    from opsreport.cli.app import open_cli_store
    from opsreport.survey import round_summaries

    console = Console()
    summaries = round_summaries(open_cli_store())
    if not summaries:
        console.print("No survey rounds in the store yet. Import a Kobo export to add one.")
        return
    table = Table(title="Survey rounds")
    for header in ("round", "instrument", "fieldwork", "provinces", "responses", "screened out"):
        justify = "right" if header in ("responses", "screened out") else "left"
        table.add_column(header, justify=justify)
    for summary in summaries:
        table.add_row(
            summary.code,
            summary.instrument,
            f"{summary.fieldwork_start.isoformat()} – {summary.fieldwork_end.isoformat()}",
            " ".join(summary.provinces),
            str(summary.responses),
            str(summary.screened_out),
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(survey_app)
