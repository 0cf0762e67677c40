"""opsreport init: create or upgrade the store, optionally loading a mission file."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from opsreport.cli.i18n import counted, tr


def register(app: typer.Typer) -> None:
    @app.command(
        "init",
        help=tr("Create the store (or upgrade it to the newest schema) and load a mission file."),
    )
    def init(
        mission: Path | None = typer.Option(
            None,
            "--mission",
            "-m",
            exists=False,
            help=tr("A mission file (YAML) whose reference data is loaded after migrating."),
        ),
    ) -> None:
        from opsreport.cli.app import open_cli_store
        from opsreport.mission import apply_mission_file, load_mission_file

        console = Console()
        mission_file = load_mission_file(mission) if mission else None
        store = open_cli_store(migrate=True)
        console.print(
            tr("Store ready at {url} (schema revision {revision}).").format(
                url=store.safe_url, revision=store.revision()
            )
        )
        if mission_file:
            counts = apply_mission_file(store, mission_file)
            summary = counted(counts)
            console.print(
                tr("Loaded {file}: {summary}.").format(file=mission_file.path.name, summary=summary)
            )
