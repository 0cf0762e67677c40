"""The command line: a thin shell over the library (options in, library call, output)."""

from __future__ import annotations

import sys

from opsreport.cli.app import app, state
from opsreport.errors import OpsreportError


def main() -> None:
    """Entry point: library errors become one red line and exit status 1."""
    try:
        app(standalone_mode=False)
    except OpsreportError as exc:
        if state.debug:
            raise
        from rich.console import Console

        Console(stderr=True).print(f"[bold red]Error:[/] {exc}", highlight=False)
        sys.exit(1)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # click usage errors and the unexpected
        import click

        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(1)
        if state.debug:
            raise
        from rich.console import Console

        Console(stderr=True).print(
            f"[bold red]Error:[/] unexpected {type(exc).__name__}: {exc} "
            "(run again with --debug for the traceback)", highlight=False,
        )
        sys.exit(1)


__all__ = ["app", "main"]
