"""Empty import templates: the header clerks should type under, and how to fill it in.

A CSV template is the header row plus the HXL hashtag row. An XLSX template adds a
drop-down list of allowed codes on each code column (taken from the store, or from the
demo mission file when there is no store yet) and a second sheet explaining each column.
"""

from __future__ import annotations

import csv
from pathlib import Path

from opsreport.ingest.columns import TYPES
from opsreport.ingest.kinds import RecordKind
from opsreport.ingest.reference import Reference

DATA_ROWS = 5000  # rows the drop-down lists cover in an XLSX template

HELP_HEADERS = {
    "en": ("Column", "HXL", "Required", "Type", "How to fill it in", "Allowed values"),
    "es": ("Columna", "HXL", "Obligatoria", "Tipo", "Cómo llenarla", "Valores permitidos"),
}


def allowed_values(column, reference: Reference | None) -> list[str]:
    if column.choices:
        return list(column.choices)
    if column.codes and reference is not None:
        return reference.codes(column.codes)
    return []


def write_template(
    kind: RecordKind,
    path: str | Path,
    *,
    fmt: str | None = None,
    lang: str = "en",
    reference: Reference | None = None,
) -> Path:
    """Write an empty template for ``kind``; the format follows the suffix unless given."""
    path = Path(path)
    fmt = fmt or ("xlsx" if path.suffix.lower() == ".xlsx" else "csv")
    labels = [c.label(lang) for c in kind.columns]
    tags = [c.hxl for c in kind.columns]
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(labels)
            writer.writerow(tags)
        return path
    _write_xlsx(kind, path, labels, tags, lang, reference)
    return path


def _write_xlsx(kind, path: Path, labels, tags, lang: str, reference) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = kind.name
    sheet.append(labels)
    sheet.append(tags)
    lists = book.create_sheet("lists")
    lists.sheet_state = "hidden"
    for i, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(i)
        head = sheet.cell(row=1, column=i)
        head.font = Font(bold=True)
        if column.required:
            head.fill = PatternFill("solid", fgColor="FFF2CC")
        sheet.cell(row=2, column=i).font = Font(italic=True, color="808080")
        sheet.column_dimensions[letter].width = max(14, len(labels[i - 1]) + 4)
        values = allowed_values(column, reference)
        if values and column.type != "codes":
            for r, value in enumerate(values, start=1):
                lists.cell(row=r, column=i, value=value)
            rule = DataValidation(
                type="list",
                formula1=f"=lists!${letter}$1:${letter}${len(values)}",
                allow_blank=not column.required,
                showErrorMessage=False,
            )
            rule.prompt = column.help(lang)
            rule.showInputMessage = True
            sheet.add_data_validation(rule)
            rule.add(f"{letter}3:{letter}{DATA_ROWS + 2}")
    sheet.freeze_panes = "A3"
    about = book.create_sheet("columns" if lang == "en" else "columnas", 1)
    about.append(HELP_HEADERS[lang])
    for cell in about[1]:
        cell.font = Font(bold=True)
    yes, no = ("yes", "no") if lang == "en" else ("sí", "no")
    for column in kind.columns:
        about.append(
            [
                column.label(lang),
                column.hxl,
                yes if column.required else no,
                TYPES[column.type],
                column.help(lang),
                ", ".join(allowed_values(column, reference)),
            ]
        )
    for letter, width in zip("ABCDEF", (28, 30, 12, 40, 70, 60), strict=True):
        about.column_dimensions[letter].width = width
    book.save(path)
