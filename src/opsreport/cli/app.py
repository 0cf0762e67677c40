"""The Typer application, its global options, and the registration of every command."""

from __future__ import annotations

from dataclasses import dataclass

import typer

from opsreport import __version__
from opsreport.cli.i18n import tr


@dataclass
class State:
    database: str | None = None
    debug: bool = False


state = State()

app = typer.Typer(
    name="opsreport",
    help=tr("Turn a mission's operational records into its monthly operational report."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"opsreport {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    database: str | None = typer.Option(
        None,
        "--database",
        envvar="OPSREPORT_DATABASE_URL",
        help=tr("Database URL of the store (default: the SQLite file in $OPSREPORT_HOME)."),
    ),
    debug: bool = typer.Option(False, "--debug", help=tr("Show the full traceback on errors.")),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help=tr("Print the version and exit.")
    ),
) -> None:
    state.database = database
    state.debug = debug


def open_cli_store(migrate: bool = False):
    """The store named by --database / OPSREPORT_DATABASE_URL; must be initialised."""
    from opsreport.errors import StoreError
    from opsreport.store import open_store

    store = open_store(state.database)
    if migrate:
        store.migrate()
    elif not store.is_initialised():
        raise StoreError(
            tr(
                "The store at {url} is empty. Run 'opsreport init' first "
                "(or 'opsreport demo' to build the demo mission)."
            ).format(url=store.safe_url)
        )
    return store


def _register() -> None:
    from opsreport.cli import demo, imports, indicators, init, report, survey, web

    for module in (init, demo, imports, indicators, report, survey, web):
        module.register(app)


_register()
