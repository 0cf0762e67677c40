"""Reading dates typed by people: ISO, day-first (15/08/2023) and month-first.

A date like ``03/04/2023`` means 3 April in Panama and 4 March in the United States.
opsreport never guesses: such a date is read only when the file's convention is declared
(``--date-format``) or shown by an unambiguous date in the same column (a day above 12).
"""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date

from opsreport.ingest.i18n import language, tr

DAY_FIRST = "day-first"
MONTH_FIRST = "month-first"
ISO = "iso"
DATE_FORMATS = (DAY_FIRST, MONTH_FIRST, ISO)

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_SLASHED = re.compile(
    r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$"
)


class DateProblem(ValueError):
    """A date that cannot be read; ``code`` is the issue slug, the text says how to fix it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000
    return year


def evidence(text: str) -> str | None:
    """Which convention an unambiguous slashed date proves (``day-first``/``month-first``)."""
    match = _SLASHED.match(text.strip())
    if not match:
        return None
    first, second, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
    if first > 12 and second <= 12:
        found, day, month = DAY_FIRST, first, second
    elif second > 12 and first <= 12:
        found, day, month = MONTH_FIRST, second, first
    else:
        return None
    try:  # 31/02/2023 is a typing error, not evidence of a convention
        dt.date(year, month, day)
    except ValueError:
        return None
    return found


def parse_date(text: str, convention: str | None = None) -> dt.date:
    """The date ``text`` means under ``convention``; raises :class:`DateProblem`."""
    text = text.strip()
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _make(year, month, day, text)
    match = _SLASHED.match(text)
    if not match:
        raise DateProblem(
            "invalid-date",
            tr("'{text}' is not a date. Write dates as 2023-08-15 or 15/08/2023.").format(
                text=text
            ),
        )
    first, second, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
    if convention == ISO:
        raise DateProblem(
            "invalid-date",
            tr(
                "'{text}' is not an ISO date, but the file's dates were declared ISO "
                "(2023-08-15). Write it as YYYY-MM-DD or import with another --date-format."
            ).format(text=text),
        )
    if convention is None:
        if first > 12 and second <= 12:
            convention = DAY_FIRST
        elif second > 12 and first <= 12:
            convention = MONTH_FIRST
        elif first == second:
            convention = DAY_FIRST  # 05/05/2023 reads the same either way
        else:
            raise DateProblem(
                "ambiguous-date",
                tr(
                    "'{text}' could be {one} or {other}. Write it as YYYY-MM-DD, or import "
                    "again with --date-format day-first (or month-first)."
                ).format(
                    text=text, one=_named(first, second, year), other=_named(second, first, year)
                ),
            )
    if convention == DAY_FIRST:
        return _make(year, second, first, text)
    return _make(year, first, second, text)


def _named(day: int, month: int, year: int) -> str:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return tr("day {day} of month {month}").format(day=day, month=month)
    lang = language()
    return format_date(date, tr("d MMMM y", lang), locale=lang)


def _make(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateProblem(
            "invalid-date",
            tr(
                "'{text}' is not a day of the calendar (day {day}, month {month}, year {year}). "
                "Check the day and the month."
            ).format(text=text, day=day, month=month, year=year),
        ) from None


def parse_month(text: str) -> dt.date:
    """A month as its first day: ``2023-08``, ``08/2023``, ``2023-08-01``."""
    text = text.strip()
    match = re.match(r"^(\d{4})[-/](\d{1,2})$", text) or None
    if match:
        year, month = int(match.group(1)), int(match.group(2))
    else:
        match = re.match(r"^(\d{1,2})[-/](\d{4})$", text)
        if match:
            month, year = int(match.group(1)), int(match.group(2))
        else:
            try:
                day = parse_date(text, ISO)
            except DateProblem:
                raise DateProblem(
                    "invalid-month",
                    tr("'{text}' is not a month. Write months as 2023-08.").format(text=text),
                ) from None
            return day.replace(day=1)
    if not 1 <= month <= 12:
        raise DateProblem(
            "invalid-month",
            tr("'{text}' has no month {month}. Write 2023-08.").format(text=text, month=month),
        )
    return dt.date(year, month, 1)
