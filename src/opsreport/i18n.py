"""Reading gettext ``.po`` catalogues at run time, shared by every package that speaks.

Each package keeps its own ``locale/<lang>/LC_MESSAGES/messages.po`` (the report's
phrases, the indicator engine's group names and suppression reasons). They are read with
Babel and compiled in memory, so there is no build step and no ``.mo`` file to keep in
step with its source.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from opsreport.settings import interface_language

DOMAIN = "messages"


def catalogue_file(locale_dir: Path, lang: str) -> Path:
    """Where the catalogue of ``lang`` lives under a package's ``locale`` folder."""
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages_in(locale_dir: Path) -> list[str]:
    """The languages that have a catalogue under ``locale_dir``, e.g. ``["en", "es"]``."""
    return sorted(p.parent.parent.name for p in locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


@cache
def compiled(path: Path, lang: str) -> gettext.GNUTranslations:
    """The translations of one ``.po`` file, compiled once per process."""
    with path.open("rb") as po:
        catalog = read_po(po, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark ``message`` for the catalogue without translating it yet."""
    return message


class Catalogue:
    """One package's catalogues: a language without a ``.po`` file reads the English text."""

    def __init__(self, locale_dir: Path) -> None:
        self.locale_dir = locale_dir

    def available_languages(self) -> list[str]:
        return languages_in(self.locale_dir)

    def path(self, lang: str) -> Path:
        return catalogue_file(self.locale_dir, lang)

    def translations(self, lang: str) -> gettext.NullTranslations:
        path = self.path(lang)
        return compiled(path, lang) if path.exists() else gettext.NullTranslations()

    def translate(self, lang: str, message: str) -> str:
        return self.translations(lang).gettext(message)

    def pgettext(self, lang: str, context: str, message: str) -> str:
        return self.translations(lang).pgettext(context, message)

    def tr(self, message: str, lang: str | None = None) -> str:
        """``message`` in ``lang``, else in the interface language read now.

        For the errors a package raises: whoever runs the command reads them, in the
        language of their command line (``OPSREPORT_LANG``, else the locale); a language
        without a catalogue gives the English text.
        """
        return _gettext(self.locale_dir, lang or interface_language())(message)


@cache
def _gettext(locale_dir: Path, lang: str):
    path = catalogue_file(locale_dir, lang)
    return (compiled(path, lang) if path.exists() else gettext.NullTranslations()).gettext
