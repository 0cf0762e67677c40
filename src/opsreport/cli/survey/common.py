"""What the survey sub-commands share: the instrument argument's help, the --lang choices."""

from __future__ import annotations

from enum import StrEnum

from opsreport.cli.i18n import tr

INSTRUMENT_HELP = tr("A shipped instrument code (fms) or the path of an XLSForm (.xlsx or .yaml).")


class Language(StrEnum):
    en = "en"
    es = "es"
