"""The survey commands' own words in English and Spanish, from ``survey/locale`` catalogues.

Headings and messages of ``opsreport survey results`` are read by field teams in either
language, like the report; they go through gettext ``.po`` catalogues read by the shared
loader (:mod:`opsreport.i18n`), so a translator edits one file per language.

What is wrong with a survey form (an XLSForm, ``.xlsx`` or its YAML text) is read by the
DTM team who edits it: ``tr("…")`` writes it in the interface language (``OPSREPORT_LANG``,
else the locale, else English) read when the error is made. Sheet and column names
(``survey``, ``type``), question names and codes stay as written. Every error is written
``tr("literal")`` (format afterwards with ``.format``) so that a test can list them.
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
tr = _catalogue.tr

__all__ = [
    "LOCALE_DIR",
    "N_",
    "available_languages",
    "catalogue_path",
    "tr",
    "translate",
    "translations",
]
