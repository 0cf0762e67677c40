"""Excel workbooks, read in openpyxl's read-only mode so a large sheet streams.

Typed cells become text the validators understand: an Excel date becomes ``2023-08-15``
(never ambiguous), a whole number stored as a float becomes ``1990``. Merged title cells
hold their text in the first cell only, which the header search simply passes over.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path

from opsreport.errors import ImportError_
from opsreport.ingest.i18n import tr
from opsreport.ingest.readers import Row, RowStream


def _open(path: Path):
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ImportError_(
            tr("{file}: not a readable Excel workbook ({error}).").format(file=path.name, error=exc)
        ) from None


def chosen_sheet(path: Path, sheet: str | None) -> str:
    book = _open(path)
    try:
        return _sheet(book, path, sheet).title
    finally:
        book.close()


def _sheet(book, path: Path, sheet: str | None):
    if sheet is None:
        return book.worksheets[0]
    if sheet not in book.sheetnames:
        raise ImportError_(
            tr("{file} has no sheet '{sheet}'. Its sheets: {sheets}.").format(
                file=path.name, sheet=sheet, sheets=", ".join(book.sheetnames)
            )
        )
    return book[sheet]


def cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip()
    return text or None


def read_xlsx(path: Path, sheet: str | None) -> RowStream:
    book = _open(path)
    worksheet = _sheet(book, path, sheet)
    total = worksheet.max_row  # from the sheet's stated dimension; may be missing
    at = [0]

    def done() -> float | None:
        return min(at[0] / total, 1.0) if total else None

    return RowStream(_rows(book, worksheet, at), done)


def _rows(book, worksheet, at: list[int]) -> Iterator[Row]:
    try:
        for number, values in enumerate(worksheet.iter_rows(min_row=1, values_only=True), 1):
            at[0] = number
            yield number, [cell_text(v) for v in values]
    finally:
        book.close()
