"""The indicator engine's own words in English and Spanish, from its ``.po`` catalogues.

Group names of a breakdown (sexes, "Not recorded", roster categories, channels) and the
reasons disclosure control gives for a hidden figure are user-facing text, so they live
in ``indicators/locale/<lang>/LC_MESSAGES/messages.po`` like the report's phrases; the
code names them by their English text, marked with :func:`N_` so extraction finds them.
The errors of a mission's indicator catalogue file and of a period written wrong are
made with :func:`tr`, in the interface language read when the error is made.
"""

from __future__ import annotations

from pathlib import Path

from opsreport.i18n import N_, Catalogue

LOCALE_DIR = Path(__file__).parent / "locale"
_catalogue = Catalogue(LOCALE_DIR)

available_languages = _catalogue.available_languages
catalogue_path = _catalogue.path
translations = _catalogue.translations
translate = _catalogue.translate
pgettext = _catalogue.pgettext
tr = _catalogue.tr


def both(message: str) -> tuple[str, str]:
    """(English, Spanish) of one message: what breakdown cells and items carry."""
    return translate("en", message), translate("es", message)


__all__ = [
    "LOCALE_DIR",
    "N_",
    "available_languages",
    "catalogue_path",
    "translate",
    "translations",
    "pgettext",
    "tr",
    "both",
]
