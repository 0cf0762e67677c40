"""Readers: one module per file format, each streaming a file's rows as lists of text.

Every reader yields ``(row_number, cells)`` from the top of the file, where the row number
is the one a spreadsheet program shows and each cell is stripped text or ``None``. Finding
the header, HXL hashtags and the end of the data is format-independent
(:mod:`opsreport.ingest.layout`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from opsreport.errors import ImportError_
from opsreport.ingest.i18n import tr

Row = tuple[int, list[str | None]]


class RowStream:
    """A file's rows, streamed, and how far through the file reading has got (0 to 1)."""

    def __init__(self, rows: Iterator[Row], done: Callable[[], float | None]) -> None:
        self._rows = rows
        self._done = done

    def __iter__(self) -> Iterator[Row]:
        return self._rows  # loops run the reader's own generator, not one more call a row

    def __next__(self) -> Row:
        return next(self._rows)

    def done(self) -> float | None:
        """The share of the file read so far, ``None`` when the size is unknown."""
        return self._done()


FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}


def file_format(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise ImportError_(
            tr(
                "{file}: opsreport reads .csv and .xlsx files. Save the sheet as one of "
                "them (in Excel: File > Save As > CSV UTF-8 or Excel Workbook)."
            ).format(file=path.name)
        ) from None


def read_rows(path: str | Path, sheet: str | None = None) -> RowStream:
    """The file's rows, streamed; raises :class:`ImportError_` if it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise ImportError_(tr("{path}: no such file.").format(path=path))
    if file_format(path) == "xlsx":
        from opsreport.ingest.readers.xlsxfile import read_xlsx

        return read_xlsx(path, sheet)
    from opsreport.ingest.readers.csvfile import read_csv

    return read_csv(path)


def sheet_name(path: str | Path, sheet: str | None) -> str | None:
    """The sheet actually read (the first one unless named), ``None`` for CSV."""
    path = Path(path)
    if file_format(path) != "xlsx":
        return None
    from opsreport.ingest.readers.xlsxfile import chosen_sheet

    return chosen_sheet(path, sheet)
