"""The web app's own phrases in English and Spanish, from gettext ``.po`` catalogues.

Figures, labels and definitions come translated from the indicator catalogue; what is
left is the app's chrome (headings, buttons, unit names). Those phrases live in
``web/locale/<lang>/LC_MESSAGES/messages.po`` and are read the way the report reads its
own catalogues (Babel, compiled in memory, no build step), so translators work with one
familiar format across the project.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from opsreport.i18n import catalogue_file, compiled

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"


def language(requested: str | None) -> str:
    """The language to answer in: the requested one when the app has it, else English."""
    return requested if requested in LANGUAGES else DEFAULT_LANGUAGE


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The web catalogue of ``lang`` (English needs none: its msgids are English)."""
    path = catalogue_file(LOCALE_DIR, lang)
    if not path.exists():
        return gettext.NullTranslations()
    return compiled(path, lang)


def gettext_for(lang: str):
    """The ``_()`` function of templates in ``lang``."""
    return translations(language(lang)).gettext
