"""XLSForm workbooks as plain rows: read from .xlsx or from the text (YAML) form, write .xlsx.

An XLSForm is three sheets of rows (``survey``, ``choices``, ``settings``), each row a
mapping from column header to cell. opsreport keeps its shipped instruments as YAML with
exactly those headers, so a change to a question is a one-line diff, and turns them into a
workbook only when someone deploys the form. A mission's own modified ``.xlsx`` is read
into the same shape, so everything downstream works on either.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opsreport.errors import SurveyError
from opsreport.survey.i18n import tr

SHEETS = ("survey", "choices", "settings")


@dataclass
class Row:
    """One row of a sheet: its cells by column header and where it came from."""

    cells: dict[str, str]
    where: str  # "fms.yaml, line 42" or "fms.xlsx, survey sheet, row 12"

    def get(self, column: str, default: str = "") -> str:
        return self.cells.get(column, default)


@dataclass
class Workbook:
    """The rows of each sheet, in order, and the columns each sheet uses (in order)."""

    sheets: dict[str, list[Row]] = field(default_factory=dict)
    columns: dict[str, list[str]] = field(default_factory=dict)
    source: str = ""

    def rows(self, sheet: str) -> list[Row]:
        return self.sheets.get(sheet, [])


def _cell_text(value: Any, where: str, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        # YAML 1.1 reads an unquoted yes/no as a boolean; XLSForm wants the word
        raise SurveyError(
            tr(
                "{place}, column {column}: write yes/no/true/false in quotes so it stays text."
            ).format(place=where, column=repr(column))
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_workbook(path: str | Path) -> Workbook:
    """Read an XLSForm from ``.xlsx`` or from its YAML text form."""
    path = Path(path)
    if not path.exists():
        raise SurveyError(tr("{path}: no such XLSForm file.").format(path=path))
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _read_yaml(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    raise SurveyError(
        tr("{path}: an XLSForm must be an .xlsx workbook or its .yaml text form.").format(path=path)
    )


def _read_yaml(path: Path) -> Workbook:
    from opsreport.yamlfile import YamlSyntaxError, load_yaml

    try:
        data = load_yaml(path)
    except YamlSyntaxError as exc:
        raise SurveyError(
            tr("{file}, line {line}: not valid YAML ({cause})").format(
                file=exc.path, line=exc.line, cause=exc.cause
            )
        ) from None
    if not isinstance(data, dict):
        raise SurveyError(
            tr("{file}: expected the sheets survey, choices and settings.").format(file=path.name)
        )
    book = Workbook(source=str(path))
    line_at = tr("{file}, line {line}")  # the language read once per form, not per row
    for sheet, rows in data.items():
        if not isinstance(rows, list):
            where = line_at.format(file=path.name, line=data.line_of(sheet))
            raise SurveyError(
                tr("{place}: sheet {sheet} must be a list of rows.").format(
                    place=where, sheet=repr(sheet)
                )
            )
        book.sheets[sheet], book.columns[sheet] = [], []
        for index, raw in enumerate(rows):
            where = line_at.format(file=path.name, line=rows.line_of(index))
            if not isinstance(raw, dict):
                raise SurveyError(
                    tr("{place}: a row of sheet {sheet} must be a mapping.").format(
                        place=where, sheet=repr(sheet)
                    )
                )
            cells = {str(k): _cell_text(v, where, str(k)) for k, v in raw.items()}
            book.sheets[sheet].append(Row({k: v for k, v in cells.items() if v}, where))
            for column in cells:
                if column not in book.columns[sheet]:
                    book.columns[sheet].append(column)
    return book


def _read_xlsx(path: Path) -> Workbook:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for bad files
        raise SurveyError(
            tr("{file}: not a readable .xlsx workbook ({cause}).").format(file=path.name, cause=exc)
        ) from None
    book = Workbook(source=str(path))
    row_at = tr("{file}, {sheet} sheet, row {row}")  # the language read once per workbook
    try:
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = [_cell_text(h, path.name, "header") for h in next(rows, ())]
            book.columns[sheet.title] = [h for h in header if h]
            book.sheets[sheet.title] = []
            for number, values in enumerate(rows, start=2):
                where = row_at.format(file=path.name, sheet=sheet.title, row=number)
                cells = {
                    column: _cell_text(value, where, column)
                    for column, value in zip(header, values, strict=False)
                    if column
                }
                cells = {k: v for k, v in cells.items() if v}
                if cells:
                    book.sheets[sheet.title].append(Row(cells, where))
    finally:
        workbook.close()
    return book


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook as ``.xlsx`` bytes: one sheet per XLSForm sheet, headers first."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet_name in [s for s in SHEETS if s in book.sheets] + [
        s for s in book.sheets if s not in SHEETS
    ]:
        sheet = workbook.create_sheet(sheet_name)
        columns = book.columns.get(sheet_name, [])
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in book.sheets[sheet_name]:
            sheet.append([row.get(column) or None for column in columns])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            width = max([len(column)] + [len(r.get(column)) for r in book.sheets[sheet_name]])
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(width + 2, 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
