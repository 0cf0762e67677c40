"""The report's translation catalogues, read from gettext ``.po`` files at run time.

The catalogues live in ``report/locale/<lang>/LC_MESSAGES/messages.po``. They are read
with Babel and compiled in memory, so there is no build step and no ``.mo`` file to keep
in step with its source. Adding a language is adding a catalogue (and a Babel locale,
which Babel already has for every language a mission is likely to write in).
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from opsreport.errors import ReportError
from opsreport.i18n import catalogue_file, compiled, languages_in

LOCALE_DIR = Path(__file__).parent / "locale"


def available_languages() -> list[str]:
    """The languages that have a catalogue, e.g. ``["en", "es"]``."""
    return languages_in(LOCALE_DIR)


def catalogue_path(lang: str) -> Path:
    return catalogue_file(LOCALE_DIR, lang)


@cache
def translations(lang: str) -> gettext.GNUTranslations:
    """The gettext translations of ``lang``, compiled from its ``.po`` file."""
    path = catalogue_path(lang)
    if not path.exists():
        known = ", ".join(available_languages())
        raise ReportError(f"There is no report catalogue for language {lang!r} (known: {known}).")
    return compiled(path, lang)


def _(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


def pgettext(lang: str, context: str, message: str) -> str:
    return translations(lang).pgettext(context, message)
