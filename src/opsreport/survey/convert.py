"""Turn an instrument into what a field team deploys: the XLSForm workbook or its XForm.

Both go through the real thing: the workbook is written with openpyxl and the XForm is
what pyxform makes of exactly those bytes, so what we test is what Kobo or ODK receive.
"""

from __future__ import annotations

from pathlib import Path

from opsreport.errors import SurveyError
from opsreport.survey.instrument import Instrument
from opsreport.survey.xlsform import workbook_bytes


def to_xlsx(instrument: Instrument, path: str | Path) -> Path:
    """Write the instrument's XLSForm workbook (survey, choices, settings) to ``path``."""
    path = Path(path)
    path.write_bytes(workbook_bytes(instrument.workbook))
    return path


def to_xform(instrument: Instrument, warnings: list[str] | None = None) -> str:
    """The XForm XML of the instrument, converted by pyxform.

    pyxform's warnings are appended to ``warnings`` when given; a form pyxform rejects
    raises :class:`SurveyError` with pyxform's own message (it names sheet and row).
    """
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    found: list[str] = []
    try:
        result = convert(
            xlsform=workbook_bytes(instrument.workbook),
            warnings=found,
            pretty_print=True,
            file_type=".xlsx",
        )
    except PyXFormError as exc:
        raise SurveyError(
            f"{instrument.form_file}: pyxform cannot convert the form: {exc}"
        ) from None
    if warnings is not None:
        warnings.extend(found)
    return result.xform
