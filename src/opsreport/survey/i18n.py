"""The survey commands' own words in English and Spanish, from ``survey/locale`` catalogues.

Headings and messages of ``opsreport survey results`` are read by field teams in either
language, like the report; they go through gettext ``.po`` catalogues read by the shared
loader (:mod:`opsreport.i18n`), so a translator edits one file per language.
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

__all__ = ["LOCALE_DIR", "N_", "available_languages", "catalogue_path", "translate", "translations"]
