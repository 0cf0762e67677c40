"""The command line: a thin shell over the library (options in, library call, output)."""

from __future__ import annotations

import sys

from opsreport.cli.app import app, state
from opsreport.cli.i18n import LANGUAGE, REQUESTED, available_languages, tr
from opsreport.cli.typer_words import click, speak, usage_message
from opsreport.errors import OpsreportError


def main() -> None:
    """Entry point: library errors become one red line and exit status 1.

    Typer's own words (usage line, --help, usage mistakes) are given the interface
    language here, when the command line starts, never at import: see
    :mod:`opsreport.cli.typer_words`.
    """
    import typer

    if REQUESTED != LANGUAGE:
        _warn_unknown_language()
    command = typer.main.get_command(app)
    speak(command)
    try:
        command(standalone_mode=False)
    except OpsreportError as exc:
        if state.debug:
            raise
        from rich.console import Console

        Console(stderr=True, soft_wrap=True).print(
            f"[bold red]{tr('Error:')}[/] {exc}", highlight=False
        )
        sys.exit(1)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # click usage errors and the unexpected
        if isinstance(exc, typer.Exit):
            sys.exit(exc.exit_code)
        if isinstance(exc, click().ClickException):
            _show_click_error(exc)
            sys.exit(exc.exit_code)
        if isinstance(exc, typer.Abort):
            click().echo(tr("Aborted!"), err=True)
            sys.exit(1)
        if state.debug:
            raise
        from rich.console import Console

        unexpected = tr("unexpected {error}: {message} (run again with --debug for the traceback)")
        Console(stderr=True, soft_wrap=True).print(
            f"[bold red]{tr('Error:')}[/] "
            + unexpected.format(error=type(exc).__name__, message=exc),
            highlight=False,
        )
        sys.exit(1)


def _show_click_error(exc) -> None:
    """A usage mistake as click shows it, in the interface language (English: click's)."""
    errors = click().exceptions
    if type(exc).show not in (errors.ClickException.show, errors.UsageError.show):
        exc.show()  # an error that prints itself its own way
        return
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = tr("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]
            )
        click().echo(f"{ctx.get_usage()}\n{hint}\n", err=True, color=ctx.color)
    click().echo(f"{tr('Error:')} {usage_message(exc)}", err=True)


def _warn_unknown_language() -> None:
    """OPSREPORT_LANG (or the locale) names a language the command line cannot speak."""
    import os

    if not os.environ.get("OPSREPORT_LANG", "").strip():
        return  # a locale such as fr_FR.UTF-8: English without a word, like most programs
    from rich.console import Console

    Console(stderr=True, soft_wrap=True).print(
        tr("OPSREPORT_LANG={lang}: the command line speaks {known}; using English.").format(
            lang=REQUESTED, known=", ".join(available_languages())
        ),
        highlight=False,
        markup=False,
    )


__all__ = ["app", "main"]
