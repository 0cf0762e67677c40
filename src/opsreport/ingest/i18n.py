"""The importer's messages in English and Spanish, from ``ingest/locale`` catalogues.

What is wrong with a rejected row, and how to fix it, is read by the clerk who typed the
file: the message is written in the interface language (``OPSREPORT_LANG``, else the
POSIX locale, else English; see :func:`opsreport.settings.interface_language`) read when
the message is made, so one process can import in either language and a test can set the
variable for one import (:func:`in_one_language` reads it once per import). A language
without a catalogue gives the English text.

Every message is written ``tr("literal")`` so that a test can list them by parsing the
source: no variables, no f-strings as the message (format afterwards with ``.format``).
Issue codes (``unknown-site``) are not translated: they are the same in every language.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import cache, wraps
from pathlib import Path
from typing import TypeVar

from opsreport.i18n import Catalogue
from opsreport.settings import interface_language

LOCALE_DIR = Path(__file__).parent / "locale"
_catalogue = Catalogue(LOCALE_DIR)

available_languages = _catalogue.available_languages
catalogue_path = _catalogue.path
F = TypeVar("F", bound=Callable)


@cache
def _gettext(lang: str):
    if lang not in _catalogue.available_languages():
        lang = "en"
    return _catalogue.translations(lang).gettext


def language() -> str:
    """The language the importer writes its messages in, now (``en`` without a catalogue)."""
    lang = interface_language()
    return lang if lang in _catalogue.available_languages() else "en"


_speaking: ContextVar[Callable[[str], str] | None] = ContextVar("ingest_speaking", default=None)


def in_one_language(function: F) -> F:
    """Run ``function`` with the interface language read once, when it is called.

    An import may make a message for each of millions of rows: reading the environment
    for each one cost about 8% of an import that rejects half its rows.
    """

    @wraps(function)
    def speaking(*args, **kwargs):
        token = _speaking.set(_gettext(interface_language()))
        try:
            return function(*args, **kwargs)
        finally:
            _speaking.reset(token)

    return speaking  # type: ignore[return-value]


def tr(message: str, lang: str | None = None) -> str:
    """``message`` in ``lang``, or else in the interface language (of the current import)."""
    if lang is None:
        chosen = _speaking.get()
        if chosen is not None:
            return chosen(message)
        lang = interface_language()
    return _gettext(lang)(message)


__all__ = [
    "LOCALE_DIR",
    "available_languages",
    "catalogue_path",
    "in_one_language",
    "language",
    "tr",
]
