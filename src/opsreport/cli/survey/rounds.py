"""opsreport survey rounds / survey round create: the rounds in the store."""

from __future__ import annotations

import datetime as dt

import typer
from rich.console import Console
from rich.table import Table

from opsreport.cli.i18n import tr
from opsreport.cli.survey.common import INSTRUMENT_HELP

ROUNDS_HELP = tr(
    "List the survey rounds in the store: fieldwork dates, provinces, responses.\n\n"
    "Screened-out responses (no consent, or already surveyed) are kept and counted here, but "
    "never enter a share."
)
CREATE_HELP = tr(
    "Create a survey round before importing its responses.\n\n"
    "Example: opsreport survey round create fms-2023-07 --instrument fms --start 2023-07-03\n"
    "--end 2023-07-28 --provinces PA05,PA02"
)


def register(survey_app: typer.Typer) -> None:
    survey_app.command("rounds", help=ROUNDS_HELP)(rounds)
    round_app = typer.Typer(name="round", help=tr("Create survey rounds."), no_args_is_help=True)
    round_app.command("create", help=CREATE_HELP)(round_create)
    survey_app.add_typer(round_app)


def rounds() -> None:
    from opsreport.cli.app import open_cli_store
    from opsreport.survey import round_summaries

    console = Console()
    summaries = round_summaries(open_cli_store())
    if not summaries:
        console.print(tr("No survey rounds in the store yet. Import a Kobo export to add one."))
        return
    table = Table(title=tr("Survey rounds"))
    for header in (tr("round"), tr("instrument"), tr("fieldwork"), tr("provinces")):
        table.add_column(header)
    for header in (tr("responses"), tr("screened out")):
        table.add_column(header, justify="right")
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


def _day(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        from opsreport.errors import SurveyError

        raise SurveyError(
            tr("{option}: '{text}' is not a date; write it as 2023-07-15.").format(
                option=option, text=text
            )
        ) from None


def round_create(
    code: str = typer.Argument(..., help=tr("The round's code, e.g. fms-2023-07.")),
    instrument: str = typer.Option("fms", "--instrument", help=INSTRUMENT_HELP),
    start: str = typer.Option(..., "--start", help=tr("First day of fieldwork (2023-07-03).")),
    end: str = typer.Option(..., "--end", help=tr("Last day of fieldwork (2023-07-28).")),
    provinces: str = typer.Option(
        "",
        "--provinces",
        help=tr("P-codes of the provinces surveyed, comma-separated: PA05,PA02."),
    ),
) -> None:
    from opsreport.cli.app import open_cli_store
    from opsreport.ingest.batch import current_user
    from opsreport.survey import load_instrument
    from opsreport.survey.rounds import create_round

    codes = [p.strip() for p in provinces.replace(" ", ",").split(",") if p.strip()]
    create_round(
        open_cli_store(),
        code,
        load_instrument(instrument),
        _day(start, "--start"),
        _day(end, "--end"),
        codes,
        actor=current_user(),
    )
    Console().print(
        tr("Created round {code} ({start} – {end}, {provinces}).").format(
            code=code, start=start, end=end, provinces=" ".join(codes) or tr("no provinces")
        )
    )
