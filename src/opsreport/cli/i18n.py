"""The command line's own words in English and Spanish, from ``cli/locale`` catalogues.

The interface language (``OPSREPORT_LANG``, else the POSIX locale, else English; see
:func:`opsreport.settings.interface_language`) is chosen once, when this module is
imported: Typer reads the help texts of commands and options when they are declared, so
``tr("…")`` in a declaration already returns the text in that language.

A command's own ``--lang`` option is something else: the language of what it produces (the
report, a template's headers, the labels of a table). Messages that follow it are
translated with ``tr("…", lang=…)``.

Every message is written ``tr("literal")`` so that a test can list them by parsing the
source: no variables, no f-strings as the message (format afterwards with ``.format``).
"""

from __future__ import annotations

from pathlib import Path

from opsreport.i18n import Catalogue
from opsreport.settings import interface_language

LOCALE_DIR = Path(__file__).parent / "locale"
_catalogue = Catalogue(LOCALE_DIR)

available_languages = _catalogue.available_languages
catalogue_path = _catalogue.path

REQUESTED = interface_language()
"""The language asked for by the environment; may lack a catalogue (then English)."""

LANGUAGE = REQUESTED if REQUESTED in available_languages() else "en"
"""The language the command line speaks in this process."""


def output_language(choices: tuple[str, ...] = ("en", "es")) -> str:
    """The default of a command's ``--lang``: the interface language when it is a choice.

    A clerk whose command line speaks Spanish gets Spanish templates, tables and reports
    without asking; ``--lang`` still chooses otherwise.
    """
    return LANGUAGE if LANGUAGE in choices else "en"


def tr(message: str, lang: str | None = None) -> str:
    """``message`` in the interface language, or in ``lang`` (a command's ``--lang``)."""
    return _catalogue.translate(lang or LANGUAGE, message)


def translate_typer() -> None:
    """Typer's own panel titles and marks in the interface language.

    Typer (0.29) keeps them as module constants of ``typer.rich_utils`` read when help is
    printed; the ones it writes in other places ("Usage:", the --help option's text, the
    messages of usage errors) stay English.
    """
    if LANGUAGE == "en":
        return
    from typer import rich_utils

    words = {
        "ARGUMENTS_PANEL_TITLE": tr("Arguments"),
        "OPTIONS_PANEL_TITLE": tr("Options"),
        "COMMANDS_PANEL_TITLE": tr("Commands"),
        "ERRORS_PANEL_TITLE": tr("Error"),
        "DEFAULT_STRING": tr("[default: {}]"),
        "ENVVAR_STRING": tr("[env var: {}]"),
        "REQUIRED_LONG_STRING": tr("[required]"),
        "ABORTED_TEXT": tr("Aborted."),
        "RICH_HELP": tr("Try [blue]'{command_path} {help_option}'[/] for help."),
    }
    for name, text in words.items():
        if hasattr(rich_utils, name):  # a newer Typer may have moved them: stay English
            setattr(rich_utils, name, text)


def _table_labels() -> dict[str, str]:
    return {
        "admin_unit": tr("admin unit"),
        "office": tr("office"),
        "site": tr("site"),
        "thematic_area": tr("thematic area"),
        "activity": tr("activity"),
        "topic": tr("topic"),
        "population_group": tr("population group"),
        "audience": tr("audience"),
        "donor": tr("donor"),
        "staff_member": tr("staff member"),
        "person": tr("person"),
        "service_record": tr("service record"),
        "event": tr("event"),
        "attendance": tr("attendance"),
        "channel_metric": tr("channel metric"),
        "survey_response": tr("survey response"),
        "survey_answer": tr("survey answer"),
        "survey_round": tr("survey round"),
        "transit_count": tr("transit count"),
    }


def counted(counts: dict[str, int]) -> str:
    """``{"service_record": 1, "person": 1}`` -> ``1 service record, 1 person``."""
    labels = _table_labels()
    return ", ".join(
        tr("{count} {table}").format(count=f"{n:,}", table=labels.get(t, t.replace("_", " ")))
        for t, n in counts.items()
    )


__all__ = [
    "LANGUAGE",
    "LOCALE_DIR",
    "REQUESTED",
    "available_languages",
    "counted",
    "tr",
    "translate_typer",
]
