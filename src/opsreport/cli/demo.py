"""opsreport demo: build the demo mission (IOM Panama, 2023) into the store."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn
from rich.table import Table

from opsreport.cli.i18n import LANGUAGE, tr

KINDS = {
    "person": tr("people (pseudonymous)"),
    "service_record": tr("service records"),
    "event": tr("workshops and trainings"),
    "attendance": tr("attendance rows"),
    "staff_member": tr("staff roster lines"),
    "channel_metric": tr("digital-media figures"),
    "survey_round": tr("survey rounds"),
    "survey_response": tr("survey responses"),
    "survey_answer": tr("survey answers"),
}


HELP = tr(
    "Build the demo mission: IOM Panama with records for January to October 2023.\n\n"
    "Loads the demo mission file (offices, sites, areas of work, donors) and writes a year "
    "of record-level data: services, workshops and attendance, the staff roster, "
    "digital-media figures and two Flow Monitoring Survey rounds. Their figures for August "
    "and September 2023 are those of the Panama Monthly Operational Report.\n\n"
    "The store must hold no records yet; --fresh empties it first. People are stored only "
    "as keyed hashes of their demo identifiers."
)


def _step(step: str) -> str:
    """The progress bar's words for a step of the demo's build."""
    steps = {
        "reference data": tr("reference data"),
        "generating records": tr("generating records"),
        "done": tr("done"),
    }
    if step.startswith("importing "):
        return tr("importing {kind}").format(kind=step.removeprefix("importing "))
    return steps.get(step) or KINDS.get(step) or step.replace("_", " ")


def register(app: typer.Typer) -> None:
    @app.command("demo", help=HELP)
    def demo(
        seed: int = typer.Option(
            2023, "--seed", help=tr("Seed of the random draws; any seed gives the same figures.")
        ),
        fresh: bool = typer.Option(
            False,
            "--fresh",
            help=tr("Empty the store first (drops every table and all its data), then build."),
        ),
        emit_files: Path | None = typer.Option(
            None,
            "--emit-files",
            help=tr("Only write the demo's import files (with their bad rows) into this folder."),
        ),
    ) -> None:
        from babel.dates import format_date

        from opsreport.cli.app import open_cli_store
        from opsreport.demo import build_demo, reset_store
        from opsreport.settings import home

        console = Console()
        if emit_files is not None:
            from opsreport.demo.files import emit_files as write_files

            for written in write_files(emit_files, seed=seed):
                console.print(
                    tr("{path}  ({kind}; bad rows on purpose: {bad_rows})").format(
                        path=written.path, kind=written.kind, bad_rows=written.bad_rows
                    ),
                    highlight=False,
                )
            return
        store = open_cli_store(migrate=True)
        if fresh:
            reset_store(store)
        with Progress(
            TextColumn("{task.description:<22}"),
            BarColumn(),
            TaskProgressColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(tr("Building the demo"), total=None)

            def progress(step: str, done: int, total: int) -> None:
                description = _step(step)
                bar.update(task, description=description, completed=done, total=total)

            summary = build_demo(store, seed=seed, progress=progress, files=home() / "demo-files")
        console.print(tr("Demo mission built in {url}").format(url=store.safe_url), highlight=False)
        table = Table()
        table.add_column(tr("records"))
        table.add_column(tr("count"), justify="right")
        for name, label in KINDS.items():
            table.add_row(label, f"{summary.counts.get(name, 0):,}")
        console.print(table)
        rejected = sum(imported[4] for imported in summary.imports)
        day_pattern = tr("d MMMM y")  # a CLDR date pattern: 1 January 2023
        console.print(
            tr(
                "Imported {files} files from {folder} ({rejected} bad rows rejected on purpose: "
                "see 'opsreport batches' and {rejected_folder})."
            ).format(
                files=len(summary.imports),
                folder=summary.files,
                rejected=rejected,
                rejected_folder=summary.files / "rejected",
            ),
            highlight=False,
        )
        console.print(
            tr(
                "Records from {first} to {last} (seed {seed}), {people} people. "
                "Next, the report for August and September 2023:"
            ).format(
                first=format_date(summary.first_day, day_pattern, locale=LANGUAGE),
                last=format_date(summary.last_day, day_pattern, locale=LANGUAGE),
                seed=summary.seed,
                people=f"{summary.people:,}",
            ),
            highlight=False,
        )
        console.print("  opsreport report --period 2023-08..2023-09", highlight=False)
        console.print("  opsreport report --period 2023-08..2023-09 --lang es", highlight=False)
