"""The mission file's errors in English and Spanish, from ``mission/locale`` catalogues.

The people who edit a mission file (the IMOs, the DTM team) read what is wrong with it in
the interface language: ``OPSREPORT_LANG``, else the POSIX locale, else English (see
:func:`opsreport.settings.interface_language`), read when the error is made. A language
without a catalogue gives the English text. The place of an error (file, line, key such as
``sites[3].type``) and the values of the file are never translated.

Every message is written ``tr("literal")`` so that a test can list them by parsing the
source: no variables, no f-strings as the message (format afterwards with ``.format``).
"""

from __future__ import annotations

from pathlib import Path

from opsreport.i18n import Catalogue

LOCALE_DIR = Path(__file__).parent / "locale"
_catalogue = Catalogue(LOCALE_DIR)

available_languages = _catalogue.available_languages
catalogue_path = _catalogue.path
tr = _catalogue.tr

__all__ = ["LOCALE_DIR", "available_languages", "catalogue_path", "tr"]
