"""Checking rows: turn the text of each cell into a typed value, or into an issue.

:class:`RowChecker` is built once per file from the kind's columns, the reference lists
and the date conventions, so the per-row work is a loop over precomputed converters.
Problems are returned as :class:`~opsreport.ingest.issues.Issue` records, never raised.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Sequence
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

import yaml

from opsreport.ingest.columns import Column, normalise
from opsreport.ingest.dates import DateProblem, parse_date, parse_month
from opsreport.ingest.i18n import tr
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
    if len(values) <= limit:
        return shown
    return shown + tr(" (and {count} more)").format(count=len(values) - limit)


def _unknown_code(codes: str) -> str:
    """The message of a value missing from the mission's list ``codes``."""
    messages = {
        "site": tr("'{value}' is not a site of the mission. Use one of: {codes}."),
        "activity": tr("'{value}' is not an activity of the mission. Use one of: {codes}."),
        "population_group": tr(
            "'{value}' is not a population group of the mission. Use one of: {codes}."
        ),
        "topic": tr("'{value}' is not a topic of the mission. Use one of: {codes}."),
        "audience": tr("'{value}' is not an audience of the mission. Use one of: {codes}."),
        "office": tr("'{value}' is not an office of the mission. Use one of: {codes}."),
        "province": tr("'{value}' is not a province of the mission. Use one of: {codes}."),
        "district": tr("'{value}' is not a district of the mission. Use one of: {codes}."),
    }
    return messages.get(codes) or tr("'{value}' is not a code of the mission. Use one of: {codes}.")


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
                    tr(
                        "The text has {length} characters; at most {longest} fit. Shorten it."
                    ).format(length=len(value), longest=longest),
                )
            return value

        return text
    if kind == "identifier":
        return identifier_hasher(secret_key())
    if kind in ("code", "codes"):
        lookup = ref.lookup(column.codes or "")
        slug = f"unknown-{(column.codes or 'code').replace('_', '-')}"

        def code(value: str) -> str:
            found = lookup.get(normalise(value))
            if found is None:
                raise CellProblem(
                    slug,
                    _unknown_code(column.codes or "").format(
                        value=value, codes=_shown(ref.codes(column.codes or ""))
                    ),
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
                    tr("'{value}' is not allowed here. Use one of: {choices}.").format(
                        value=value, choices=", ".join(column.choices)
                    ),
                )
            return found

        return choice
    if kind == "sex":

        def sex(value: str) -> str:
            found = SEXES.get(normalise(value))
            if found is None:
                raise CellProblem(
                    "invalid-sex",
                    tr(
                        "'{value}' is not a sex opsreport knows. "
                        "Write female, male, other or unknown."
                    ).format(value=value),
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
                    tr(
                        "'{value}' is not an ISO 3166-1 alpha-3 country code. Write the "
                        "three-letter code, e.g. VEN for Venezuela, COL for Colombia, HTI "
                        "for Haiti."
                    ).format(value=value),
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
                    tr(
                        "'{value}' is not a whole number. "
                        "Write digits only, without thousands separators."
                    ).format(value=value),
                )
            number = int(float(text)) if "." in text else int(text)
            if (low is not None and number < low) or (high is not None and number > high):
                raise CellProblem(
                    "out-of-range",
                    tr(
                        "{number} is outside the allowed range {low}–{high}. Check the number."
                    ).format(
                        number=number,
                        low="" if low is None else low,
                        high="" if high is None else high,
                    ),
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
                    tr("{day} is in the future. Check the year, day and month.").format(
                        day=day.isoformat()
                    ),
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
                    "future-date",
                    tr("{month} is in the future. Check the year and month.").format(
                        month=f"{first:%Y-%m}"
                    ),
                )
            return first

        return month
    raise ValueError(f"column type {kind!r} has no converter")


def identifier_hasher(secret: bytes) -> Callable[[str], str]:
    """:func:`opsreport.privacy.person_key` made fast for millions of rows: same keys.

    HMAC-SHA256 (RFC 2104) is spelled out with the secret's two padded blocks hashed once:
    each value then costs two copies of a started SHA-256 and two short updates, about
    half of what ``hmac.new`` or even ``hmac.digest`` cost here, since both pad and hash
    the key again for every value. Plain ASCII identifiers skip the Unicode normalisation
    (it changes nothing for them). A key written by an export (``key:…``) is kept as it is.
    Which identifiers are remembered is up to the caller (:class:`ColumnCheck`).
    """
    block = hashlib.sha256().block_size
    if len(secret) > block:
        secret = hashlib.sha256(secret).digest()
    padded = secret.ljust(block, b"\0")
    inner_start = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
    outer_start = hashlib.sha256(bytes(b ^ 0x5C for b in padded))

    def hashed(value: str) -> str:
        if value.startswith(KEY_PREFIX) and _KEY.match(value, len(KEY_PREFIX)):
            return value[len(KEY_PREFIX) :]  # a key written by an export: already hashed
        if value.isascii():
            text = "".join(value.split()).upper()
        else:
            text = normalise_identifier(value)
        inner = inner_start.copy()
        inner.update(text.encode())
        outer = outer_start.copy()
        outer.update(inner.digest())
        return outer.hexdigest()[:32]

    return hashed


# distinct values remembered per column: flat memory, however long the file. Person IDs
# are the column with most: at 200,000, a 1M-row file of 367,000 people hashed 653,000
REMEMBER = 400_000


class Bad:
    """What a cell's check found wrong: the issue's code and message (cached per value)."""

    __slots__ = ("code", "message")

    def __init__(self, code: str, message: str) -> None:
        self.code, self.message = code, message


class ColumnCheck:
    """One column of a file, checked a chunk of rows at a time.

    The converter runs once per distinct value (remembered up to :data:`REMEMBER`
    values, successes and failures alike; when full, the older half is forgotten):
    dates, codes, ages and people repeat row after row, so most cells cost one
    dictionary look-up, done by a C loop over the chunk's column. Free text is not
    remembered (it rarely repeats); only its length is checked, over the whole column.
    """

    def __init__(self, column: Column, index: int, header: str, convert) -> None:
        self.column, self.name, self.index, self.header = column, column.name, index, header
        self.text = column.type == "text"
        self.convert = convert
        self.memory: dict[str | None, Any] = {}
        self.failing: set[str | None] = set()  # remembered values that are Bad
        self.missing = (
            Bad(
                "missing-value",
                tr(
                    "'{header}' is required and is empty on this row. "
                    "Fill it in and import the file again."
                ).format(header=header),
            )
            if column.required
            else None
        )

    def values(self, raw: Sequence[str | None]) -> tuple[Sequence[Any], dict[int, Bad]]:
        """The column's values (``None`` where a cell failed) and the failures by row."""
        if self.text:
            return self._text(raw)
        memory = self.memory
        distinct = set(raw)
        new = distinct.difference(memory)
        if new:
            if len(memory) + len(new) > REMEMBER:  # forget the older half
                memory = self.memory = dict(islice(memory.items(), len(memory) // 2, None))
                self.failing = {v for v in self.failing if v in memory}
                new = distinct.difference(memory)
            for value in new:
                memory[value] = found = self._convert(value)
                if type(found) is Bad:
                    self.failing.add(value)
        values = list(map(memory.__getitem__, raw))
        failing = self.failing.intersection(distinct) if self.failing else None
        if not failing:
            return values, {}
        bad = {}
        for i, value in enumerate(raw):
            if value in failing:
                bad[i] = memory[value]
                values[i] = None
        return values, bad

    def _convert(self, value: str | None) -> Any:
        if value is None:
            return self.missing
        try:
            return self.convert(value)
        except CellProblem as problem:
            return Bad(problem.code, str(problem))

    def _text(self, raw: Sequence[str | None]) -> tuple[Sequence[Any], dict[int, Bad]]:
        longest = self.column.max_length
        bad: dict[int, Bad] = {}
        if self.missing is not None and None in raw:
            bad = {i: self.missing for i, value in enumerate(raw) if value is None}
        if max(map(len, filter(None, raw)), default=0) > longest:
            for i, value in enumerate(raw):
                if value is not None and len(value) > longest:
                    bad[i] = self._convert(value)
        if not bad:
            return raw, bad
        values = list(raw)
        for i in bad:
            values[i] = None
        return values, bad


def _column(rows: list[list[str | None]], index: int) -> list[str | None]:
    """The cells at ``index`` of each row; a short row (ragged CSV) has none there."""
    try:
        return [cells[index] for cells in rows]
    except IndexError:
        return [cells[index] if index < len(cells) else None for cells in rows]


class RowChecker:
    """Checks the rows of one file: ``positions`` maps column name -> index in a row.

    :meth:`check_chunk` checks a chunk of rows column by column (see
    :class:`ColumnCheck`), then applies the kind's row rules to the rows whose cells
    all passed. When the kind says which rows may break a rule (``RecordKind.suspects``),
    only those rows are put together as dictionaries for the rules.
    """

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
        self.checks = [
            ColumnCheck(
                c,
                positions[c.name],
                headers[positions[c.name]],
                converter(c, ref, conventions.get(c.name), options.today),
            )
            for c in kind.columns
            if c.name in positions
        ]
        self.names = [check.name for check in self.checks]
        self.widest = max((check.index for check in self.checks), default=-1)
        self.header_of = {
            c.name: headers[positions[c.name]] if c.name in positions else c.label_en
            for c in kind.columns
        }
        self.position = positions
        self.key_names = kind.key

    def check_chunk(
        self, numbers: list[int], rows: list[list[str | None]]
    ) -> tuple[dict[str, Sequence[Any]], dict[int, list[Issue]], list[dict[str, Any]] | None]:
        """Check a chunk of rows (``numbers`` are their row numbers in the file).

        Returns the values column by column, the issues of the rows that have any (by
        position in the chunk, in column order, then the row rules'), and, unless the kind
        names its suspect rows, each row's values as a dictionary as the row rules left
        it (rules may add what the writer needs).
        """
        columns: dict[str, Sequence[Any]] = {}
        issues: dict[int, list[Issue]] = {}
        whole = rows and min(map(len, rows)) > self.widest
        for check in self.checks:
            # no row too short for the columns read: one list comprehension per column
            # read (half the time of transposing the rows with zip, which builds every
            # column, read or not, through a call per row and column)
            index = check.index
            raw = [cells[index] for cells in rows] if whole else _column(rows, index)
            values, bad = check.values(raw)
            columns[check.name] = values
            for i, found in bad.items():
                issues.setdefault(i, []).append(
                    self.issue(found.code, numbers[i], check.header, raw[i], found.message)
                )
        rule = self.kind.check_row
        suspects = self.kind.suspects
        if suspects is not None:
            if rule is not None:
                for i in suspects(columns, self.ref, self.options):
                    if i not in issues:
                        values = {name: columns[name][i] for name in self.names}
                        self._apply_rule(rule, values, numbers[i], rows[i], issues, i)
            return columns, issues, None
        names = self.names
        dicts = [
            dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)
        ]
        if not names:
            dicts = [{} for _ in rows]
        if rule is not None:
            for i, values in enumerate(dicts):
                if i not in issues:
                    self._apply_rule(rule, values, numbers[i], rows[i], issues, i)
        return columns, issues, dicts

    def _apply_rule(self, rule, values, number, cells, issues, i) -> None:
        for code, column, message in rule(values, self.ref, self.options):
            header = self.header_of.get(column) if column else None
            index = self.position.get(column) if column else None
            raw = cells[index] if index is not None and index < len(cells) else None
            issues.setdefault(i, []).append(self.issue(code, number, header, raw, message))

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
            tr(
                "Row {first} already has this {columns}. Remove one of the two rows, or "
                "give them different IDs if they are different records."
            ).format(first=first, columns=shown),
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
