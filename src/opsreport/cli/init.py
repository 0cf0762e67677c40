"""opsreport init: create or upgrade the store, optionally loading a mission file."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console


def register(app: typer.Typer) -> None:
    @app.command("init")
    def init(
        mission: Path | None = typer.Option(
            None,
            "--mission",
            "-m",
            exists=False,
            help="A mission file (YAML) whose reference data is loaded after migrating.",
        ),
    ) -> None:
        """Create the store (or upgrade it to the newest schema) and load a mission file."""
        from opsreport.cli.app import open_cli_store
        from opsreport.mission import apply_mission_file, load_mission_file

        console = Console()
        mission_file = load_mission_file(mission) if mission else None
        store = open_cli_store(migrate=True)
        console.print(f"Store ready at {store.safe_url} (schema revision {store.revision()}).")
        if mission_file:
            counts = apply_mission_file(store, mission_file)
            summary = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in counts.items())
            console.print(f"Loaded {mission_file.path.name}: {summary}.")
