"""The indicator engine's own words in English and Spanish, from its ``.po`` catalogues.

Group names of a breakdown (sexes, "Not recorded", roster categories, channels) and the
reasons disclosure control gives for a hidden figure are user-facing text, so they live
in ``indicators/locale/<lang>/LC_MESSAGES/messages.po`` like the report's phrases; the
code names them by their English text, marked with :func:`N_` so extraction finds them.
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


def pgettext(lang: str, context: str, message: str) -> str:
    return translations(lang).pgettext(context, message)


def both(message: str) -> tuple[str, str]:
    """(English, Spanish) of one message: what breakdown cells and items carry."""
    return translate("en", message), translate("es", message)
