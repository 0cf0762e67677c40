"""The words Typer and its Click print themselves, in the interface language.

Typer (0.29) runs on a copy of Click kept inside it (``typer._click``) from which Click's
``gettext`` calls were taken out: "Usage:", the ``--help`` option's "Show this message and
exit." and the messages of usage mistakes are plain English there, so no gettext catalogue
can reach them. Typer itself keeps a few ``gettext`` calls ("No such command …", "Missing
command."), but feeding those would take a compiled ``.mo`` file on disk, a process-wide
text domain and the ``LANGUAGE`` variable, which every child process (the importer's
checking process) and every other library in the process would inherit.

So the command line gives Typer its words through Click's own extension points, on its
own command tree, when :func:`opsreport.cli.main` starts, and only when the interface
language is not English (English output is Typer's, untouched):

- every command's ``context_class`` (Click's documented hook for its context): the
  context's help formatter (``formatter_class``) writes the usage line's prefix, and the
  context gives its command's ``--help`` option its help text;
- every command's ``options_metavar`` and every group's ``subcommand_metavar`` (parameters
  of ``typer.Typer()`` and ``app.command()``): the ``[OPTIONS]`` and
  ``COMMAND [ARGS]...`` of the usage line;
- Typer's panel titles and marks, module constants of ``typer.rich_utils`` read when help
  is printed (:func:`opsreport.cli.i18n.translate_typer`);
- a usage mistake's message, which ``main()`` prints itself: :func:`usage_message`
  words it again from the exception's fields (the parameter, the option, the value and
  the choices), and keeps Typer's English for a message it does not know.

Importing ``opsreport`` or ``opsreport.cli`` changes nothing in Typer: a program that
uses the library, or embeds the app, keeps Typer's words.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from opsreport.cli.i18n import LANGUAGE, tr, translate_typer


def click():
    """The click that Typer runs on: vendored as typer._click in newer Typer releases."""
    try:
        from typer import _click as vendored
    except ImportError:  # older Typer depends on click itself
        import click as vendored
    return vendored


def speak(command: Any) -> None:
    """Typer's words in the interface language for ``command`` and every command under it.

    ``command`` is the click command of the app (``typer.main.get_command(app)``); call
    this once, before running it. Nothing happens when the interface language is English.
    """
    if LANGUAGE == "en":
        return
    translate_typer()
    _walk(command)


def _walk(command: Any) -> None:
    command.context_class = _speaking(command.context_class)
    # the usage line's placeholders, parameters of typer.Typer() and app.command()
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = tr("[OPTIONS]")
    if getattr(command, "subcommand_metavar", None) == "COMMAND [ARGS]...":
        command.subcommand_metavar = tr("COMMAND [ARGS]...")
    for sub in (getattr(command, "commands", None) or {}).values():
        _walk(sub)


@cache
def _speaking(context_class: type) -> type:
    """``context_class`` whose help formatter and --help option speak the interface language."""

    class Formatter(context_class.formatter_class):
        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            super().write_usage(prog, args, tr("Usage: ") if prefix is None else prefix)

    class SpeakingContext(context_class):
        formatter_class = Formatter

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            option = self.command.get_help_option(self)
            if option is not None:
                option.help = tr("Show this message and exit.")

    return SpeakingContext


# ------------------------------------------------------------------ usage mistakes


def usage_message(exc: Any) -> str:
    """The message of a click usage error in the interface language.

    English is Typer's own message, unchanged; so is a message whose shape this module
    does not know (a newer Typer may word it differently).
    """
    english = exc.format_message()
    if LANGUAGE == "en":
        return english
    errors = click().exceptions
    if isinstance(exc, errors.MissingParameter):
        return _missing(exc) or english
    if isinstance(exc, errors.BadParameter):
        return _invalid(exc)
    if isinstance(exc, errors.NoSuchOption):
        return _no_such_option(exc) or english
    if isinstance(exc, errors.BadOptionUsage):
        return _option_usage(exc) or english
    return _usage(exc.message) or english


def _hint(exc: Any) -> str | None:
    """How click names the parameter of ``exc``: ``'kind'`` or ``'--format' / '-f'``."""
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint()
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(x) for x in hint)
    return hint or None


def _missing(exc: Any) -> str | None:
    name = _hint(exc)
    kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else None)
    if name is None or exc.message:
        return None
    missing = {
        "argument": tr("Missing argument {name}."),
        "option": tr("Missing option {name}."),
        "parameter": tr("Missing parameter {name}."),
    }
    if kind not in missing:
        return None
    text = missing[kind].format(name=name)
    extra = exc.param.get_missing_message(exc.ctx) if exc.param is not None else None
    if extra:
        head = "Choose from:"
        extra = tr("Choose from:") + extra[len(head) :] if extra.startswith(head) else extra
        text = f"{text} {extra}"
    return text


def _invalid(exc: Any) -> str:
    reason = _reason(exc)
    name = _hint(exc)
    if name is None:
        return tr("Invalid value: {reason}").format(reason=reason)
    return tr("Invalid value for {name}: {reason}").format(name=name, reason=reason)


_NOT_ONE_OF = re.compile(r"(?P<value>.+) is not one of (?P<choices>.+)\.", re.S)
_PATH = re.compile(
    r"(?P<what>file|dir|path) (?P<path>'.*') "
    r"(?P<problem>does not exist|is a file|is a directory|is not readable|is not writable)\.",
    re.S,
)


def _reason(exc: Any) -> str:
    """Why a value was refused: from pydantic's error type, or the shape of Typer's text."""
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors) and type(cause).__name__ == "ValidationError":
        found = errors()
        if found:
            error = found[0]
            value = repr(error.get("input"))
            kind = error.get("type")
            if kind in ("int_parsing", "int_type", "int_from_float"):
                return tr("{value} is not a whole number.").format(value=value)
            if kind in ("float_parsing", "float_type"):
                return tr("{value} is not a number.").format(value=value)
            if kind in ("bool_parsing", "bool_type"):
                return tr("{value} is neither yes nor no.").format(value=value)
            problem = (error.get("ctx") or {}).get("error")
            if kind == "value_error" and problem is not None:
                return _typer_reason(str(problem))
    return _typer_reason(exc.message)


def _typer_reason(message: str) -> str:
    choice = _NOT_ONE_OF.fullmatch(message)
    if choice:
        return tr("{value} is not one of {choices}.").format(**choice.groupdict())
    path = _PATH.fullmatch(message)
    if path:
        what = {"file": tr("the file"), "dir": tr("the folder"), "path": tr("the path")}
        problems = {
            "does not exist": tr("{what} {path} does not exist."),
            "is a file": tr("{what} {path} is a file."),
            "is a directory": tr("{what} {path} is a folder."),
            "is not readable": tr("{what} {path} cannot be read."),
            "is not writable": tr("{what} {path} cannot be written."),
        }
        text = problems[path["problem"]].format(what=what[path["what"]], path=path["path"])
        return text[:1].upper() + text[1:]
    return message


def _no_such_option(exc: Any) -> str | None:
    head = "No such option: "
    if not exc.message.startswith(head):
        return None
    text = tr("No such option: {option}").format(option=exc.message[len(head) :])
    if exc.possibilities:
        options = ", ".join(sorted(exc.possibilities))
        text = f"{text} {tr('(Possible options: {options})').format(options=options)}"
    return text


def _option_usage(exc: Any) -> str | None:
    option = repr(exc.option_name)
    if exc.message == f"Option {option} requires an argument.":
        return tr("Option {option} requires an argument.").format(option=option)
    if exc.message == f"Option {option} does not take a value.":
        return tr("Option {option} does not take a value.").format(option=option)
    many = re.fullmatch(rf"Option {re.escape(option)} requires (\d+) arguments\.", exc.message)
    if many:
        return tr("Option {option} requires {count} arguments.").format(
            option=option, count=many[1]
        )
    return None


_EXTRA = re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<arguments>.*)\)", re.S)
_NO_COMMAND = re.compile(r"No such command (?P<name>'.*?')(?:\. Did you mean (?P<like>.+)\?|\.)")
_TAKES = re.compile(r"Argument (?P<name>'.*') takes (?P<count>\d+) values\.")


def _usage(message: str) -> str | None:
    if message == "Missing command.":
        return tr("Missing command.")
    extra = _EXTRA.fullmatch(message)
    if extra:
        return tr("Unexpected extra arguments: {arguments}").format(**extra.groupdict())
    command = _NO_COMMAND.fullmatch(message)
    if command:
        text = tr("No such command {name}.").format(name=command["name"])
        if command["like"]:
            text = f"{text} {tr('Did you mean {commands}?').format(commands=command['like'])}"
        return text
    takes = _TAKES.fullmatch(message)
    if takes:
        return tr("Argument {name} takes {count} values.").format(**takes.groupdict())
    return None


__all__ = ["click", "speak", "usage_message"]
