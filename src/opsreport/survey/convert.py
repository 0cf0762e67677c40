"""Turn an instrument into what a field team deploys: the XLSForm workbook or its XForm.

Both go through the real thing: the workbook is written with openpyxl and the XForm is
what pyxform makes of exactly those bytes, so what we test is what Kobo or ODK receive.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from opsreport.errors import SurveyError
from opsreport.survey.i18n import tr
from opsreport.survey.instrument import Instrument
from opsreport.survey.xlsform import workbook_bytes


def to_xlsx(instrument: Instrument, path: str | Path) -> Path:
    """Write the instrument's XLSForm workbook (survey, choices, settings) to ``path``."""
    path = Path(path)
    path.write_bytes(workbook_bytes(instrument.workbook))
    return path


def to_xform(
    instrument: Instrument, warnings: list[str] | None = None, *, validate: bool = False
) -> str:
    """The XForm XML of the instrument, converted by pyxform.

    pyxform's warnings are appended to ``warnings`` when given; a form pyxform rejects
    raises :class:`SurveyError` with pyxform's own message (it names sheet and row).
    ``validate=True`` also runs ODK Validate (shipped with pyxform, needs Java), which
    parses the XForm the way ODK Collect does, expressions included.
    """
    from pyxform.errors import PyXFormError
    from pyxform.validators.odk_validate import ODKValidateError
    from pyxform.xls2xform import convert

    if validate and shutil.which("java") is None:
        raise SurveyError(
            tr(
                "ODK Validate needs Java: install a Java runtime (Debian: default-jre-headless) "
                "or leave out --validate."
            )
        )
    found: list[str] = []
    try:
        result = convert(
            xlsform=workbook_bytes(instrument.workbook),
            warnings=found,
            pretty_print=True,
            file_type=".xlsx",
            validate=validate,
        )
    except PyXFormError as exc:
        raise SurveyError(
            tr("{file}: pyxform cannot convert the form: {cause}").format(
                file=instrument.form_file, cause=exc
            )
        ) from None
    except ODKValidateError as exc:
        message = " ".join(str(exc).split())
        raise SurveyError(
            tr("{file}: ODK Validate rejects the form: {cause}").format(
                file=instrument.form_file, cause=message
            )
        ) from None
    if warnings is not None:
        warnings.extend(found)
    return result.xform
