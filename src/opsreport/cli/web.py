"""opsreport serve (being written in this session)."""

import typer


def register(app: typer.Typer) -> None:
    pass
