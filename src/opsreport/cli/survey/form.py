"""opsreport survey form: the XLSForm or XForm to deploy on KoboToolbox / ODK."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from opsreport.cli.i18n import tr
from opsreport.cli.survey.common import INSTRUMENT_HELP


class FormFormat(StrEnum):
    xlsx = "xlsx"
    xml = "xml"


HELP = tr(
    "Write a survey form ready to deploy on KoboToolbox / ODK.\n\n"
    "Example: opsreport survey form fms --format xlsx -o fms-2023.xlsx"
)


def register(survey_app: typer.Typer) -> None:
    survey_app.command("form", help=HELP)(form)


def form(
    instrument: str = typer.Argument("fms", help=INSTRUMENT_HELP),
    format: FormFormat = typer.Option(  # noqa: A002 - the option is called --format
        FormFormat.xlsx,
        "--format",
        "-f",
        help=tr(
            "xlsx: the XLSForm to upload to KoboToolbox or ODK Central; "
            "xml: the XForm converted by pyxform."
        ),
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help=tr("File to write (default: <code>.xlsx or <code>.xml here)."),
    ),
    validate: bool = typer.Option(
        False,
        "--validate",
        help=tr(
            "Also check the form with ODK Validate, as ODK Collect would read it (needs Java)."
        ),
    ),
) -> None:
    from opsreport.survey import load_instrument, to_xform, to_xlsx

    console = Console()
    loaded = load_instrument(instrument)
    path = output or Path(f"{loaded.code}.{format.value}")
    warnings: list[str] = []
    xform = to_xform(loaded, warnings, validate=validate)  # the form must convert either way
    for warning in warnings:
        console.print(f"[yellow]{tr('pyxform warning:')}[/] {warning}", highlight=False)
    if format is FormFormat.xlsx:
        to_xlsx(loaded, path)
    else:
        path.write_text(xform, encoding="utf-8")
    wrote = (
        tr(
            "Wrote {path} ({title}, version {version}, {questions} questions), "
            "checked by ODK Validate."
        )
        if validate
        else tr("Wrote {path} ({title}, version {version}, {questions} questions).")
    )
    console.print(
        wrote.format(
            path=path,
            title=loaded.title("en"),
            version=loaded.version,
            questions=len(loaded.questions),
        ),
        highlight=False,
    )
