"""The report's translation catalogues, read from gettext ``.po`` files at run time.

The catalogues live in ``report/locale/<lang>/LC_MESSAGES/messages.po``. They are read
with Babel and compiled in memory, so there is no build step and no ``.mo`` file to keep
in step with its source. Adding a language is adding a catalogue (and a Babel locale,
which Babel already has for every language a mission is likely to write in).
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from opsreport.errors import ReportError

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"


def available_languages() -> list[str]:
    """The languages that have a catalogue, e.g. ``["en", "es"]``."""
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> gettext.GNUTranslations:
    """The gettext translations of ``lang``, compiled from its ``.po`` file."""
    path = catalogue_path(lang)
    if not path.exists():
        known = ", ".join(available_languages())
        raise ReportError(f"There is no report catalogue for language {lang!r} (known: {known}).")
    with path.open("rb") as po:
        catalog = read_po(po, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


def pgettext(lang: str, context: str, message: str) -> str:
    return translations(lang).pgettext(context, message)
