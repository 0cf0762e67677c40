"""The report's translation catalogues, read from gettext ``.po`` files at run time.

The catalogues live in ``report/locale/<lang>/LC_MESSAGES/messages.po``. They are read
with Babel and compiled in memory, so there is no build step and no ``.mo`` file to keep
in step with its source. Adding a language is adding a catalogue (and a Babel locale,
which Babel already has for every language a mission is likely to write in).

Two languages meet here. The report's phrases (``_``, ``pgettext``) are in the language of
the report (``--lang``). What is wrong with a report specification, and the other errors
of this package, are read by whoever runs the command: ``tr("…")`` writes them in the
interface language (``OPSREPORT_LANG``, else the locale, else English; see
:func:`opsreport.settings.interface_language`) read when the error is made. Every error
is written ``tr("literal")`` (format afterwards with ``.format``) so that a test can list
them by parsing the source.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from babel.lists import format_list

from opsreport.errors import ReportError
from opsreport.i18n import Catalogue, catalogue_file, compiled, languages_in
from opsreport.settings import interface_language

LOCALE_DIR = Path(__file__).parent / "locale"
tr = Catalogue(LOCALE_DIR).tr


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
        raise ReportError(
            tr("There is no report catalogue for language {lang} (known: {known}).").format(
                lang=repr(lang), known=known
            )
        )
    return compiled(path, lang)


def _(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


def pgettext(lang: str, context: str, message: str) -> str:
    return translations(lang).pgettext(context, message)


def language() -> str:
    """The language ``tr`` writes in, now: the interface language, else English."""
    lang = interface_language()
    return lang if lang in available_languages() else "en"


def in_a_list(words: Iterable[str]) -> str:
    """``over and by`` in the interface language, for an error (``over y by``)."""
    return format_list(list(words), locale=language())
