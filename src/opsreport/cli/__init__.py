"""The command line: a thin shell over the library (options in, library call, output)."""

from __future__ import annotations

import sys

from opsreport.cli.app import app, state
from opsreport.errors import OpsreportError


def _click():
    """The click that Typer runs on: vendored as typer._click in newer Typer releases."""
    try:
        from typer import _click as click
    except ImportError:  # older Typer depends on click itself
        import click
    return click


def main() -> None:
    """Entry point: library errors become one red line and exit status 1."""
    try:
        app(standalone_mode=False)
    except OpsreportError as exc:
        if state.debug:
            raise
        from rich.console import Console

        Console(stderr=True, soft_wrap=True).print(f"[bold red]Error:[/] {exc}", highlight=False)
        sys.exit(1)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # click usage errors and the unexpected
        import typer

        if isinstance(exc, typer.Exit):
            sys.exit(exc.exit_code)
        if isinstance(exc, _click().ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, typer.Abort):
            sys.exit(1)
        if state.debug:
            raise
        from rich.console import Console

        Console(stderr=True, soft_wrap=True).print(
            f"[bold red]Error:[/] unexpected {type(exc).__name__}: {exc} "
            "(run again with --debug for the traceback)",
            highlight=False,
        )
        sys.exit(1)


__all__ = ["app", "main"]
