"""opsreport import / batches / undo / template: the importer on the command line."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from opsreport.cli.i18n import counted, output_language, tr

DATE_FORMAT_HELP = tr("How slashed dates are written: day-first (15/08/2023), month-first or iso.")
KINDS_HELP = tr("services, events, attendance, channel-metrics, staff")


def register(app: typer.Typer) -> None:
    app.command(
        "import",
        help=tr("Import a file of records; rejected rows are kept and written out to fix."),
    )(import_command)
    app.command("batches", help=tr("List import batches, newest first."))(batches_command)
    app.command(
        "undo", help=tr("Remove the records a batch imported and restore what it updated.")
    )(undo_command)
    app.command(
        "template", help=tr("Write an empty import template (XLSX with drop-down lists, or CSV).")
    )(template_command)
    app.command(
        "export",
        help=tr("Write a period's records in the import template's layout, to import elsewhere."),
    )(export_command)


def import_command(
    kind: str = typer.Argument(..., help=KINDS_HELP),
    file: Path = typer.Argument(..., help=tr("The CSV or XLSX file.")),
    sheet: str | None = typer.Option(None, "--sheet", help=tr("Sheet to read (default: first).")),
    mapping: Path | None = typer.Option(None, "--mapping", help=tr("A mapping profile (YAML).")),
    date_format: str | None = typer.Option(None, "--date-format", help=DATE_FORMAT_HELP),
    strict: bool = typer.Option(
        False, "--strict", help=tr("Import nothing if any row is rejected.")
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help=tr("Check the file; write nothing.")),
    rejected_out: Path | None = typer.Option(
        None, "--rejected-out", help=tr("Folder for the rejected rows (default: beside the file).")
    ),
    allow_non_transit_at_etrm: bool = typer.Option(
        False,
        "--allow-non-transit-at-etrm",
        help=tr("Accept services at ETRMs for people not in transit."),
    ),
) -> None:
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
        task = bar.add_task(tr("Reading {file}").format(file=file.name), total=None)

        def progress(rows: int, done: float | None) -> None:
            reading = tr("Reading {file}: {rows} rows").format(file=file.name, rows=f"{rows:,}")
            bar.update(task, description=reading)
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
    title = tr("{kind} from {file}").format(kind=report.kind, file=report.file)
    if report.sheet:
        title += " " + tr("(sheet {sheet})").format(sheet=report.sheet)
    summary = Table(title=title)
    summary.add_column("")
    summary.add_column(tr("rows"), justify="right")
    for label, value in (
        (tr("read"), report.rows_read),
        (tr("inserted"), report.inserted),
        (tr("updated"), report.updated),
        (tr("unchanged"), report.unchanged),
        (tr("rejected"), report.rows_rejected),
    ):
        summary.add_row(label, f"{value:,}")
    for code, count in report.issue_counts().items():
        summary.add_row(f"  {code}", f"{count:,}")
    console.print(summary)
    for warning in report.warnings:
        note = tr("Note:")
        console.print(f"[yellow]{note}[/] {warning.where()}: {warning.message}", highlight=False)
    if report.totals_row:
        console.print(tr("Stopped at the totals row {row}.").format(row=report.totals_row))
    if report.rejected:
        folder = rejected_out or file.parent
        paths = write_rejected(report, folder)
        console.print(rejected_rows_message(paths))
    if dry_run:
        console.print(tr("Dry run: nothing was written."))
    elif report.committed:
        console.print(tr("Imported as batch {batch}.").format(batch=report.batch_id))
    else:
        from opsreport.errors import ImportError_

        raise ImportError_(strict_message(report.rows_rejected))


def rejected_rows_message(paths) -> str:
    """Where the rejected rows went (the CSV with its fix column, and the report beside)."""
    return tr("Rejected rows, with what to fix: {file} and {report}.").format(
        file=paths[0], report=paths[1].name
    )


def strict_message(rejected: int) -> str:
    return tr("--strict: nothing imported, {rejected} rows rejected.").format(
        rejected=f"{rejected:,}"
    )


def batches_command() -> None:
    from opsreport.cli.app import open_cli_store
    from opsreport.ingest import list_batches

    table = Table(title=tr("Import batches"))
    columns = {
        "batch": tr("batch"),
        "kind": tr("kind"),
        "file": tr("file"),
        "imported": tr("imported"),
        "by": tr("by"),
        "read": tr("read"),
        "accepted": tr("accepted"),
        "rejected": tr("rejected"),
        "status": tr("status"),
    }
    for name, heading in columns.items():
        numeric = name in ("read", "accepted", "rejected", "batch")
        # fold rather than cut: a file name shortened with "…" is no help in a narrow window
        table.add_column(heading, justify="right" if numeric else "left", overflow="fold")
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
            _status(b.status),
        )
    Console().print(table)


def _status(status: str) -> str:
    return {"complete": tr("complete"), "undone": tr("undone")}.get(status, status)


def undo_command(
    batch: int = typer.Argument(..., help=tr("The batch number ('opsreport batches').")),
) -> None:
    from opsreport.cli.app import open_cli_store
    from opsreport.ingest.undo import undo

    done = undo(open_cli_store(), batch)
    console = Console()
    console.print(
        tr("Batch {batch} undone: removed {listed}.").format(
            batch=batch, listed=counted(done.removed)
        )
    )
    if done.restored:
        console.print(
            tr("Earlier records it had changed got their values back: {count}.").format(
                count=done.restored
            )
        )
    if done.later_kept:
        later = ", ".join(str(b) for b in done.later_kept)
        console.print(
            (
                tr("Batch {later}, imported later, changed none of its records: it stays as it is.")
                if len(done.later_kept) == 1
                else tr(
                    "Batches {later}, imported later, changed none of its records: they stay "
                    "as they are."
                )
            ).format(later=later)
        )


def template_command(
    kind: str = typer.Argument(..., help=KINDS_HELP),
    fmt: str = typer.Option("xlsx", "--format", help=tr("csv or xlsx")),
    lang: str = typer.Option(
        output_language(),
        "--lang",
        help=tr("Header language: en or es (default: the interface's)."),
    ),
    output: Path | None = typer.Option(None, "-o", "--output", help=tr("File to write.")),
) -> None:
    from opsreport.errors import ImportError_
    from opsreport.ingest import get_kind
    from opsreport.ingest.template import write_template

    if fmt not in ("csv", "xlsx") or lang not in ("en", "es"):
        raise ImportError_(tr("--format is csv or xlsx; --lang is en or es."))
    record_kind = get_kind(kind)
    path = output or Path(f"{kind}-template.{fmt}")
    write_template(record_kind, path, fmt=fmt, lang=lang, reference=_template_reference())
    Console().print(tr("Wrote {path}.").format(path=path))


def export_command(
    kind: str = typer.Argument(..., help=KINDS_HELP),
    period: str = typer.Option(
        ..., "--period", "-p", help=tr("The period: 2023-08, 2023-08..2023-09, 2023Q3 or 2023.")
    ),
    output: Path = typer.Option(..., "-o", "--output", help=tr("The CSV file to write.")),
) -> None:
    from opsreport.cli.app import open_cli_store
    from opsreport.indicators import Period
    from opsreport.ingest.export import export_records

    chosen = Period.parse(period)
    written = export_records(open_cli_store(), kind, chosen.start, chosen.end, output)
    Console().print(
        tr("Wrote {count} {kind} records of {period} to {output}.").format(
            count=f"{written:,}", kind=kind, period=period, output=output
        ),
        highlight=False,
    )


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
