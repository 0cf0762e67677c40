"""Issues: what is wrong with a row, where, and how to fix it.

Bad data is data: validation yields :class:`Issue` records, it never raises. An issue
names the place the way the clerk sees it (file, sheet, the spreadsheet's row number, the
header text of the column) so the message can be acted on without opening the code.
"""

from __future__ import annotations

from dataclasses import dataclass

from opsreport.ingest.i18n import tr

ERROR = "error"  # the row is rejected
WARNING = "warning"  # the row is kept; the clerk should know


@dataclass(frozen=True)
class Issue:
    code: str  # kebab-case slug, e.g. ``unknown-site``
    message: str  # what is wrong and how to fix it, in plain words
    row: int | None = None  # the row number the spreadsheet shows
    column: str | None = None  # the header text as written in the file
    value: str | None = None  # the raw value as read
    file: str | None = None
    sheet: str | None = None
    severity: str = ERROR

    @property
    def rejects(self) -> bool:
        return self.severity == ERROR

    def where(self) -> str:
        """``file.csv, sheet S, row 4, column 'Sitio'``, in the interface language."""
        parts = [self.file] if self.file else []
        if self.sheet:
            parts.append(tr("sheet {sheet}").format(sheet=self.sheet))
        if self.row is not None:
            parts.append(tr("row {row}").format(row=self.row))
        if self.column:
            parts.append(tr("column '{column}'").format(column=self.column))
        return ", ".join(parts)
