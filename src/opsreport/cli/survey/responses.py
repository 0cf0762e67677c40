"""opsreport survey import: a Kobo / ODK export of a form into a round."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from opsreport.cli.i18n import tr
from opsreport.cli.imports import rejected_rows_message, strict_message
from opsreport.cli.survey.common import INSTRUMENT_HELP

HELP = tr(
    "Import a Kobo / ODK export of a survey form into a round (idempotent by _uuid).\n\n"
    "Example: opsreport survey import fms-julio.xlsx --round fms-2023-07"
)


def register(survey_app: typer.Typer) -> None:
    survey_app.command("import", help=HELP)(import_responses)


def import_responses(
    file: Path = typer.Argument(..., help=tr("The Kobo / ODK export (.xlsx or .csv).")),
    round_code: str | None = typer.Option(
        None,
        "--round",
        help=tr(
            "The round the responses belong to; created if missing "
            "(default: <instrument>-<month of the first interview>)."
        ),
    ),
    instrument: str = typer.Option("fms", "--form", help=INSTRUMENT_HELP),
    sheet: str | None = typer.Option(None, "--sheet", help=tr("Sheet of an .xlsx export.")),
    dry_run: bool = typer.Option(False, "--dry-run", help=tr("Check only; write nothing.")),
    strict: bool = typer.Option(False, "--strict", help=tr("Import nothing if a row is rejected.")),
    rejected_out: Path | None = typer.Option(
        None,
        "--rejected-out",
        help=tr("Folder for the rejected-rows files (default: beside FILE)."),
    ),
) -> None:
    from opsreport.cli.app import open_cli_store
    from opsreport.errors import ImportError_
    from opsreport.ingest import import_file
    from opsreport.ingest.kinds.survey_responses import survey_responses_kind
    from opsreport.ingest.rejected import write_rejected
    from opsreport.survey import load_instrument, round_summaries

    console = Console()
    store = open_cli_store()
    kind = survey_responses_kind(load_instrument(instrument), round_code)
    report = import_file(store, file, kind, strict=strict, dry_run=dry_run, sheet=sheet)
    console.print(
        tr(
            "{file}: {read} responses read, {inserted} new, {updated} updated, "
            "{unchanged} unchanged, {rejected} rejected."
        ).format(
            file=report.file,
            read=f"{report.rows_read:,}",
            inserted=f"{report.inserted:,}",
            updated=f"{report.updated:,}",
            unchanged=f"{report.unchanged:,}",
            rejected=f"{report.rows_rejected:,}",
        ),
        highlight=False,
    )
    for code, count in report.issue_counts().items():
        console.print(f"  {code}: {count:,}", highlight=False)
    if report.rejected:
        console.print(rejected_rows_message(write_rejected(report, rejected_out or file.parent)))
    if dry_run:
        console.print(tr("Dry run: nothing was written."))
        return
    if not report.committed:
        raise ImportError_(strict_message(report.rows_rejected))
    for summary in round_summaries(store):
        if round_code in (None, summary.code):
            console.print(
                tr(
                    "Round {round}: {responses} responses ({screened} screened out), "
                    "fieldwork {start} – {end}, {provinces}."
                ).format(
                    round=summary.code,
                    responses=f"{summary.responses:,}",
                    screened=f"{summary.screened_out:,}",
                    start=summary.fieldwork_start,
                    end=summary.fieldwork_end,
                    provinces=" ".join(summary.provinces),
                ),
                highlight=False,
            )
