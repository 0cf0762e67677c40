"""The rejected rows written back as files the clerk can fix and import again.

Same columns as the input file (its header texts), plus ``row`` (where it was in the
input) and ``message`` (every problem of the row, with how to fix it). CSV and XLSX.
"""

from __future__ import annotations

import csv
from pathlib import Path

from opsreport.ingest.batch import ImportReport


def _lines(report: ImportReport):
    width = len(report.headers)
    for line in report.rejected:
        cells = (list(line.cells) + [None] * width)[:width]
        message = " | ".join((f"{i.column}: " if i.column else "") + i.message for i in line.issues)
        yield [line.row, *cells, message]


def write_rejected(report: ImportReport, folder: str | Path) -> list[Path]:
    """Write ``<input>.rejected.csv`` and ``.xlsx`` in ``folder``; returns their paths."""
    from openpyxl import Workbook

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = Path(report.file).stem
    header = ["row", *report.headers, "message"]
    csv_path = folder / f"{stem}.rejected.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(_lines(report))
    xlsx_path = folder / f"{stem}.rejected.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet("rejected")
    sheet.append(header)
    for line in _lines(report):
        sheet.append(line)
    book.save(xlsx_path)
    return [csv_path, xlsx_path]
