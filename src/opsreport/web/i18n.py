"""The web app's own phrases in English and Spanish, from gettext ``.po`` catalogues.

Figures, labels and definitions come translated from the indicator catalogue; what is
left is the app's chrome (headings, buttons, unit names). Those phrases live in
``web/locale/<lang>/LC_MESSAGES/messages.po`` and are read the way the report reads its
own catalogues (Babel, compiled in memory, no build step), so translators work with one
familiar format across the project.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"


def language(requested: str | None) -> str:
    """The language to answer in: the requested one when the app has it, else English."""
    return requested if requested in LANGUAGES else DEFAULT_LANGUAGE


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The web catalogue of ``lang`` (English needs none: its msgids are English)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def gettext_for(lang: str):
    """The ``_()`` function of templates in ``lang``."""
    return translations(language(lang)).gettext
