"""The survey commands' own words in English and Spanish, from ``survey/locale`` catalogues.

Headings and messages of ``opsreport survey results`` are read by field teams in either
language, like the report; they go through gettext ``.po`` catalogues read by the shared
loader (:mod:`opsreport.i18n`), so a translator edits one file per language.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from opsreport.i18n import catalogue_file, compiled, languages_in

LOCALE_DIR = Path(__file__).parent / "locale"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark ``message`` for the catalogue without translating it yet."""
    return message


def available_languages() -> list[str]:
    return languages_in(LOCALE_DIR)


def catalogue_path(lang: str) -> Path:
    return catalogue_file(LOCALE_DIR, lang)


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang``; a language without one reads the English text."""
    path = catalogue_path(lang)
    return compiled(path, lang) if path.exists() else gettext.NullTranslations()


def translate(lang: str, message: str) -> str:
    return translations(lang).gettext(message)
