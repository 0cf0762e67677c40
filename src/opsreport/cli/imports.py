"""opsreport import / batches / undo / template: the importer on the command line."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

DATE_FORMAT_HELP = "How slashed dates are written: day-first (15/08/2023), month-first or iso."


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("batches")(batches_command)
    app.command("undo")(undo_command)
    app.command("template")(template_command)
    app.command("export")(export_command)


def import_command(
    kind: str = typer.Argument(..., help="services, events, attendance, channel-metrics, staff"),
    file: Path = typer.Argument(..., help="The CSV or XLSX file."),
    sheet: str | None = typer.Option(None, "--sheet", help="Sheet to read (default: first)."),
    mapping: Path | None = typer.Option(None, "--mapping", help="A mapping profile (YAML)."),
    date_format: str | None = typer.Option(None, "--date-format", help=DATE_FORMAT_HELP),
    strict: bool = typer.Option(False, "--strict", help="Import nothing if any row is rejected."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check the file; write nothing."),
    rejected_out: Path | None = typer.Option(
        None, "--rejected-out", help="Folder for the rejected rows (default: beside the file)."
    ),
    allow_non_transit_at_etrm: bool = typer.Option(
        False,
        "--allow-non-transit-at-etrm",
        help="Accept services at ETRMs for people not in transit.",
    ),
) -> None:
    """Import a file of records; rejected rows are kept and written out to fix."""
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from opsreport.cli.app import open_cli_store
    from opsreport.ingest import import_file
    from opsreport.ingest.rejected import write_rejected

    console = Console()
    store = open_cli_store()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(f"Reading {file.name}", total=None)

        def progress(rows: int, done: float | None) -> None:
            bar.update(task, description=f"Reading {file.name}: {rows:,} rows")
            if done is not None:
                bar.update(task, total=1.0, completed=done)

        report = import_file(
            store,
            file,
            kind,
            strict=strict,
            dry_run=dry_run,
            mapping=mapping,
            date_format=date_format,
            sheet=sheet,
            progress=progress,
            allow_non_transit_at_etrm=allow_non_transit_at_etrm,
        )
    summary = Table(
        title=f"{report.kind} from {report.file}"
        + (f" (sheet {report.sheet})" if report.sheet else "")
    )
    summary.add_column("")
    summary.add_column("rows", justify="right")
    for label, value in (
        ("read", report.rows_read),
        ("inserted", report.inserted),
        ("updated", report.updated),
        ("unchanged", report.unchanged),
        ("rejected", report.rows_rejected),
    ):
        summary.add_row(label, f"{value:,}")
    for code, count in report.issue_counts().items():
        summary.add_row(f"  {code}", f"{count:,}")
    console.print(summary)
    for warning in report.warnings:
        console.print(f"[yellow]Note:[/] {warning.where()}: {warning.message}", highlight=False)
    if report.totals_row:
        console.print(f"Stopped at the totals row {report.totals_row}.")
    if report.rejected:
        folder = rejected_out or file.parent
        paths = write_rejected(report, folder)
        console.print(f"Rejected rows, with what to fix: {paths[0]} and {paths[1].name}.")
    if dry_run:
        console.print("Dry run: nothing was written.")
    elif report.committed:
        console.print(f"Imported as batch {report.batch_id}.")
    else:
        from opsreport.errors import ImportError_

        raise ImportError_(f"--strict: nothing imported, {report.rows_rejected:,} rows rejected.")


def batches_command() -> None:
    """List import batches, newest first."""
    from opsreport.cli.app import open_cli_store
    from opsreport.ingest import list_batches

    table = Table(title="Import batches")
    for name in (
        "batch",
        "kind",
        "file",
        "imported",
        "by",
        "read",
        "accepted",
        "rejected",
        "status",
    ):
        numeric = name in ("read", "accepted", "rejected", "batch")
        # fold rather than cut: a file name shortened with "…" is no help in a narrow window
        table.add_column(name, justify="right" if numeric else "left", overflow="fold")
    for b in list_batches(open_cli_store()):
        table.add_row(
            str(b.id),
            b.kind,
            b.file_name,
            f"{b.imported_at:%Y-%m-%d %H:%M}",
            b.imported_by,
            f"{b.rows_read:,}",
            f"{b.rows_accepted:,}",
            f"{b.rows_rejected:,}",
            b.status,
        )
    Console().print(table)


def undo_command(
    batch: int = typer.Argument(..., help="The batch number ('opsreport batches')."),
) -> None:
    """Remove the records a batch imported and restore what it updated."""
    from opsreport.cli.app import open_cli_store
    from opsreport.ingest import undo_batch

    removed = undo_batch(open_cli_store(), batch)
    listed = ", ".join(f"{n:,} {t.replace('_', ' ')}" for t, n in removed.items())
    Console().print(f"Batch {batch} undone: removed {listed}.")


def template_command(
    kind: str = typer.Argument(..., help="services, events, attendance, channel-metrics, staff"),
    fmt: str = typer.Option("xlsx", "--format", help="csv or xlsx"),
    lang: str = typer.Option("en", "--lang", help="Header language: en or es."),
    output: Path | None = typer.Option(None, "-o", "--output", help="File to write."),
) -> None:
    """Write an empty import template (XLSX with drop-down lists, or CSV)."""
    from opsreport.errors import ImportError_
    from opsreport.ingest import get_kind
    from opsreport.ingest.template import write_template

    if fmt not in ("csv", "xlsx") or lang not in ("en", "es"):
        raise ImportError_("--format is csv or xlsx; --lang is en or es.")
    record_kind = get_kind(kind)
    path = output or Path(f"{kind}-template.{fmt}")
    write_template(record_kind, path, fmt=fmt, lang=lang, reference=_template_reference())
    Console().print(f"Wrote {path}.")


def export_command(
    kind: str = typer.Argument(..., help="services, events, attendance, channel-metrics, staff"),
    period: str = typer.Option(
        ..., "--period", "-p", help="The period: 2023-08, 2023-08..2023-09, 2023Q3 or 2023."
    ),
    output: Path = typer.Option(..., "-o", "--output", help="The CSV file to write."),
) -> None:
    """Write a period's records in the import template's layout, to import elsewhere."""
    from opsreport.cli.app import open_cli_store
    from opsreport.indicators import Period
    from opsreport.ingest.export import export_records

    chosen = Period.parse(period)
    written = export_records(open_cli_store(), kind, chosen.start, chosen.end, output)
    Console().print(f"Wrote {written:,} {kind} records of {period} to {output}.", highlight=False)


def _template_reference():
    """Codes from the store when it is initialised, else from the demo mission file."""
    from opsreport.cli.app import state
    from opsreport.errors import OpsreportError
    from opsreport.ingest.reference import load_reference, reference_from_mission_file
    from opsreport.store import open_store

    try:
        store = open_store(state.database)
        if store.is_initialised():
            reference = load_reference(store)
            if reference.entries:
                return reference
    except OpsreportError:
        pass
    from opsreport.mission import load_mission_file

    demo = Path(__file__).resolve().parent.parent / "demo" / "panama-mission.yaml"
    return reference_from_mission_file(load_mission_file(demo))
