"""Checking rows: turn the text of each cell into a typed value, or into an issue.

:class:`RowChecker` is built once per file from the kind's columns, the reference lists
and the date conventions, so the per-row work is a loop over precomputed converters.
Problems are returned as :class:`~opsreport.ingest.issues.Issue` records, never raised.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from opsreport.ingest.columns import Column, normalise
from opsreport.ingest.dates import DateProblem, parse_date, parse_month
from opsreport.ingest.issues import Issue
from opsreport.ingest.kinds import Options, RecordKind
from opsreport.ingest.reference import Reference
from opsreport.privacy import normalise_identifier
from opsreport.settings import secret_key

SEXES = {
    "female": "female",
    "f": "female",
    "woman": "female",
    "women": "female",
    "mujer": "female",
    "femenino": "female",
    "fem": "female",
    "male": "male",
    "m": "male",
    "man": "male",
    "men": "male",
    "hombre": "male",
    "masculino": "male",
    "masc": "male",
    "h": "male",
    "other": "other",
    "otro": "other",
    "otra": "other",
    "o": "other",
    "unknown": "unknown",
    "desconocido": "unknown",
    "no sabe": "unknown",
    "nr": "unknown",
}
KEY_PREFIX = "key:"  # see opsreport.ingest.export
_KEY = re.compile(r"[0-9a-f]{32}$")
INTEGER_LIMIT = 2**31 - 1  # the store's integer columns are 32-bit on PostgreSQL
_INTEGER = re.compile(r"^[+-]?\d+(\.0*)?$")


class CellProblem(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@cache
def countries() -> dict[str, str]:
    """Normalised ISO-3 code or English/Spanish name -> ISO-3 code."""
    data = yaml.safe_load((Path(__file__).with_name("countries.yaml")).read_text("utf-8"))
    table: dict[str, str] = {}
    for code, names in data.items():
        for name in names:
            table[normalise(name)] = code
        table[normalise(code)] = code
    return table


def _shown(values: list[str], limit: int = 12) -> str:
    shown = ", ".join(values[:limit])
    return shown + (f" (and {len(values) - limit} more)" if len(values) > limit else "")


def converter(
    column: Column, ref: Reference, convention: str | None, today: dt.date
) -> Callable[[str], Any]:
    """A function from a cell's text to its value, raising :class:`CellProblem`."""
    kind = column.type
    if kind == "text":
        longest = column.max_length

        def text(value: str) -> str:
            if len(value) > longest:
                raise CellProblem(
                    "text-too-long",
                    f"The text has {len(value)} characters; at most {longest} fit. Shorten it.",
                )
            return value

        return text
    if kind == "identifier":
        return identifier_hasher(secret_key())
    if kind in ("code", "codes"):
        lookup = ref.lookup(column.codes or "")
        what = (column.codes or "code").replace("_", " ")
        slug = f"unknown-{(column.codes or 'code').replace('_', '-')}"

        def code(value: str) -> str:
            found = lookup.get(normalise(value))
            if found is None:
                raise CellProblem(
                    slug,
                    f"'{value}' is not a {what} of the mission. Use one of: "
                    f"{_shown(ref.codes(column.codes or ''))}.",
                )
            return found

        if kind == "code":
            return code

        def codes(value: str) -> tuple[str, ...]:
            parts = value.split(";") if ";" in value else value.replace(",", " ").split()
            return tuple(dict.fromkeys(code(p.strip()) for p in parts if p.strip()))

        return codes
    if kind == "choice":
        choices = {normalise(c): c for c in column.choices}

        def choice(value: str) -> str:
            found = choices.get(normalise(value))
            if found is None:
                raise CellProblem(
                    f"invalid-{column.name.replace('_', '-')}",
                    f"'{value}' is not allowed here. Use one of: {', '.join(column.choices)}.",
                )
            return found

        return choice
    if kind == "sex":

        def sex(value: str) -> str:
            found = SEXES.get(normalise(value))
            if found is None:
                raise CellProblem(
                    "invalid-sex",
                    f"'{value}' is not a sex opsreport knows. "
                    "Write female, male, other or unknown.",
                )
            return found

        return sex
    if kind == "iso3":
        table = countries()

        def iso3(value: str) -> str:
            found = table.get(normalise(value))
            if found is None:
                raise CellProblem(
                    "unknown-nationality",
                    f"'{value}' is not an ISO 3166-1 "
                    "alpha-3 country code. Write the three-letter code, e.g. VEN "
                    "for Venezuela, COL for Colombia, HTI for Haiti.",
                )
            return found

        return iso3
    if kind == "integer":
        low = column.minimum
        high = column.maximum if column.maximum is not None else INTEGER_LIMIT

        def integer(value: str) -> int:
            text = value.replace(" ", "")
            if not _INTEGER.match(text):
                raise CellProblem(
                    "invalid-number",
                    f"'{value}' is not a whole number. "
                    "Write digits only, without thousands separators.",
                )
            number = int(float(text)) if "." in text else int(text)
            if (low is not None and number < low) or (high is not None and number > high):
                raise CellProblem(
                    "out-of-range",
                    f"{number} is outside the allowed range "
                    f"{'' if low is None else low}–{'' if high is None else high}."
                    " Check the number.",
                )
            return number

        return integer
    if kind == "date":

        def date(value: str) -> dt.date:
            try:
                day = parse_date(value, convention)
            except DateProblem as problem:
                raise CellProblem(problem.code, str(problem)) from None
            if day > today:
                raise CellProblem(
                    "future-date",
                    f"{day.isoformat()} is in the future. Check the year, day and month.",
                )
            return day

        return date
    if kind == "month":

        def month(value: str) -> dt.date:
            try:
                first = parse_month(value)
            except DateProblem as problem:
                raise CellProblem(problem.code, str(problem)) from None
            if first > today:
                raise CellProblem(
                    "future-date", f"{first:%Y-%m} is in the future. Check the year and month."
                )
            return first

        return month
    raise ValueError(f"column type {kind!r} has no converter")


def identifier_hasher(secret: bytes) -> Callable[[str], str]:
    """:func:`opsreport.privacy.person_key` made fast for millions of rows: same keys.

    The keyed hash is started once with the secret and copied per value (``hmac.new``
    would pad the key again every time), plain ASCII identifiers skip the Unicode
    normalisation (it changes nothing for them), and the keys of the last identifiers
    seen are remembered, as the same person comes back row after row.
    """
    started = hmac.new(secret, digestmod=hashlib.sha256)
    memory: dict[str, str] = {}

    def hashed(value: str) -> str:
        found = memory.get(value)
        if found is not None:
            return found
        if value.startswith(KEY_PREFIX) and _KEY.match(value, len(KEY_PREFIX)):
            return value[len(KEY_PREFIX) :]  # a key written by an export: already hashed
        if value.isascii():
            text = "".join(value.split()).upper()
        else:
            text = normalise_identifier(value)
        digest = started.copy()
        digest.update(text.encode())
        key = digest.hexdigest()[:32]
        if len(memory) >= REMEMBER:  # flat memory: forget all, start remembering again
            memory.clear()
        memory[value] = key
        return key

    return hashed


REMEMBER = 50_000  # distinct values remembered per column
PURE_TYPES = {"code", "codes", "choice", "sex", "iso3", "integer", "date", "month"}


def remembered(convert: Callable[[str], Any], column: Column) -> Callable[[str], Any]:
    """The converter, remembering its results: dates, codes and ages repeat row after row.

    Only columns whose values repeat are remembered (not identifiers or free text), and
    only so many values, so memory stays flat however long the file.
    """
    if column.type not in PURE_TYPES:
        return convert
    memory: dict[str, Any] = {}

    def convert_remembering(value: str) -> Any:
        try:
            return memory[value]
        except KeyError:
            result = convert(value)
            if len(memory) < REMEMBER:
                memory[value] = result
            return result

    return convert_remembering


class RowChecker:
    """Checks the rows of one file: ``positions`` maps column name -> index in a row."""

    def __init__(
        self,
        kind: RecordKind,
        positions: dict[str, int],
        headers: list[str],
        ref: Reference,
        options: Options,
        conventions: dict[str, str | None],
        file: str,
        sheet: str | None,
    ) -> None:
        self.kind, self.ref, self.options = kind, ref, options
        self.file, self.sheet = file, sheet
        self.headers = headers
        self.plan = [
            (
                c.name,
                positions[c.name],
                headers[positions[c.name]],
                c.required,
                remembered(converter(c, ref, conventions.get(c.name), options.today), c),
                c.label_en,
            )
            for c in kind.columns
            if c.name in positions
        ]
        self.header_of = {
            c.name: headers[positions[c.name]] if c.name in positions else c.label_en
            for c in kind.columns
        }
        self.position = positions
        self.key_names = kind.key

    def check(self, number: int, cells: list[str | None]) -> tuple[dict[str, Any], list[Issue]]:
        values: dict[str, Any] = {}
        issues: list[Issue] = []
        width = len(cells)
        for name, index, header, required, convert, _label in self.plan:
            raw = cells[index] if index < width else None
            if not raw:  # readers give None or non-empty text
                values[name] = None
                if required:
                    issues.append(
                        self.issue(
                            "missing-value",
                            number,
                            header,
                            None,
                            f"'{header}' is required and is empty on this row. "
                            "Fill it in and import the file again.",
                        )
                    )
                continue
            try:
                values[name] = convert(raw)
            except CellProblem as problem:
                values[name] = None
                issues.append(self.issue(problem.code, number, header, raw, str(problem)))
        if issues:
            return values, issues
        if self.kind.check_row is not None:
            for code, column, message in self.kind.check_row(values, self.ref, self.options):
                header = self.header_of.get(column) if column else None
                index = self.position.get(column) if column else None
                raw = cells[index] if index is not None and index < len(cells) else None
                issues.append(self.issue(code, number, header, raw, message))
        return values, issues

    def key_of(self, values: dict[str, Any]) -> Any:
        """The record key of a checked row: one value, or a tuple for several columns."""
        names = self.key_names
        return values.get(names[0]) if len(names) == 1 else tuple([values.get(k) for k in names])

    def duplicate(self, number: int, cells: list[str | None], first: int) -> Issue:
        """The issue of a row whose record key row ``first`` of the file already had."""
        shown = ", ".join(self.header_of[k] for k in self.kind.key)
        index = self.position[self.kind.key[0]]
        return self.issue(
            "duplicate-record",
            number,
            self.header_of[self.kind.key[0]],
            cells[index] if index < len(cells) else None,
            f"Row {first} already has this {shown}. Remove one of the two rows, or "
            "give them different IDs if they are different records.",
        )

    def issue(
        self, code: str, row: int, column: str | None, value: str | None, message: str
    ) -> Issue:
        return Issue(
            code=code,
            message=message,
            row=row,
            column=column,
            value=value,
            file=self.file,
            sheet=self.sheet,
        )
