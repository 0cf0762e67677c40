"""opsreport demo: build the demo mission (IOM Panama, 2023) into the store."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn
from rich.table import Table

KINDS = {
    "person": "people (pseudonymous)",
    "service_record": "service records",
    "event": "workshops and trainings",
    "attendance": "attendance rows",
    "staff_member": "staff roster lines",
    "channel_metric": "digital-media figures",
    "survey_round": "survey rounds",
    "survey_response": "survey responses",
    "survey_answer": "survey answers",
}


HELP = (
    "Build the demo mission: IOM Panama with records for January to October 2023.\n\n"
    "Loads the demo mission file (offices, sites, areas of work, donors) and writes a year "
    "of record-level data: services, workshops and attendance, the staff roster, "
    "digital-media figures and two Flow Monitoring Survey rounds. Their figures for August "
    "and September 2023 are those of the Panama Monthly Operational Report.\n\n"
    "The store must hold no records yet; --fresh empties it first. People are stored only "
    "as keyed hashes of their demo identifiers."
)


def register(app: typer.Typer) -> None:
    @app.command("demo", help=HELP)
    def demo(
        seed: int = typer.Option(
            2023, "--seed", help="Seed of the random draws; any seed gives the same figures."
        ),
        fresh: bool = typer.Option(
            False,
            "--fresh",
            help="Empty the store first (drops every table and all its data), then build.",
        ),
        emit_files: Path | None = typer.Option(
            None,
            "--emit-files",
            help="Only write the demo's import files (with their bad rows) into this folder.",
        ),
    ) -> None:
        from opsreport.cli.app import open_cli_store
        from opsreport.demo import build_demo, reset_store
        from opsreport.settings import home

        console = Console()
        if emit_files is not None:
            from opsreport.demo.files import emit_files as write_files

            for written in write_files(emit_files, seed=seed):
                console.print(
                    f"{written.path}  ({written.kind}; bad rows on purpose: {written.bad_rows})",
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
            task = bar.add_task("Building the demo", total=None)

            def progress(step: str, done: int, total: int) -> None:
                bar.update(task, description=step.replace("_", " "), completed=done, total=total)

            summary = build_demo(store, seed=seed, progress=progress, files=home() / "demo-files")
        console.print(f"Demo mission built in {store.safe_url}", highlight=False)
        table = Table()
        table.add_column("records")
        table.add_column("count", justify="right")
        for name, label in KINDS.items():
            table.add_row(label, f"{summary.counts.get(name, 0):,}")
        console.print(table)
        rejected = sum(imported[4] for imported in summary.imports)
        console.print(
            f"Imported {len(summary.imports)} files from {summary.files} "
            f"({rejected} bad rows rejected on purpose: see 'opsreport batches' and "
            f"{summary.files / 'rejected'}).",
            highlight=False,
        )
        console.print(
            f"Records from {summary.first_day.day} {summary.first_day:%B %Y} to "
            f"{summary.last_day.day} {summary.last_day:%B %Y} (seed {summary.seed}), "
            f"{summary.people:,} people. Next, the report for August and September 2023:",
            highlight=False,
        )
        console.print("  opsreport report --period 2023-08..2023-09", highlight=False)
        console.print("  opsreport report --period 2023-08..2023-09 --lang es", highlight=False)
