"""Report periods: the span of dates an indicator is computed over.

A period is two inclusive dates. People write periods the way reports name them, so
:meth:`Period.parse` reads ``2023-08`` (a month), ``2023-08..2023-09`` (a run of months),
``2023Q3`` (a quarter), ``2023`` (a year) and ``2023-08-01..2023-09-30`` (any dates).
:meth:`Period.label` gives the name a report prints, in English or Spanish, with month
names from Babel so other languages need no code.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import format_date, get_month_names

from opsreport.errors import PeriodError
from opsreport.indicators.i18n import tr

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

# How a run of months is joined, per language: two months, three or more, and whether
# the year takes a "de" (Spanish writes "agosto de 2023").
_JOIN = {
    "en": {"and": "and", "to": "to", "of": ""},
    "es": {"and": "y", "to": "a", "of": "de"},
}


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Inclusive dates ``start``..``end``; use :meth:`parse` to read one from text."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(
                tr("A period cannot end ({end}) before it starts ({start}).").format(
                    end=self.end, start=self.start
                )
            )

    # ------------------------------------------------------------------ reading

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2023-08``, ``2023-08..2023-09``, ``2023Q3``, ``2023`` or two dates."""
        cleaned = str(text).strip()
        try:
            if ".." in cleaned:
                first, _, last = cleaned.partition("..")
                return cls(cls._bound(first, start=True), cls._bound(last, start=False))
            if match := _YEAR.match(cleaned):
                year = int(match[1])
                return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))
            if match := _QUARTER.match(cleaned):
                year, quarter = int(match[1]), int(match[2])
                return cls(dt.date(year, quarter * 3 - 2, 1), _last_day(year, quarter * 3))
            if _MONTH.match(cleaned):
                return cls(cls._bound(cleaned, start=True), cls._bound(cleaned, start=False))
        except ValueError:
            pass
        # one sentence with the forms in it: the word between the last two is the language's
        raise PeriodError(
            tr(
                "'{text}' is not a period; write 2023-08, 2023-08..2023-09, 2023Q3, 2023 "
                "or 2023-08-01..2023-09-30."
            ).format(text=text)
        )

    @staticmethod
    def _bound(text: str, *, start: bool) -> dt.date:
        text = text.strip()
        if match := _MONTH.match(text):
            year, month = int(match[1]), int(match[2])
            return dt.date(year, month, 1) if start else _last_day(year, month)
        if match := _DAY.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        raise ValueError(text)

    @classmethod
    def of(cls, value: Period | str) -> Period:
        """A period from a :class:`Period` or its text."""
        return value if isinstance(value, Period) else cls.parse(value)

    # ------------------------------------------------------------------ shape

    @property
    def whole_months(self) -> bool:
        """True when the period starts on a 1st and ends on a month's last day."""
        return self.start.day == 1 and self.end == _last_day(self.end.year, self.end.month)

    def months(self) -> list[dt.date]:
        """The first day of every month the period touches, in order."""
        result, month = [], self.start.replace(day=1)
        while month <= self.end:
            result.append(month)
            month = _add_months(month, 1)
        return result

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one (in months when whole)."""
        if self.whole_months:
            count = len(self.months())
            start = _add_months(self.start, -count)
            end = self.start - dt.timedelta(days=1)
            return Period(start, end)
        return Period(self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1))

    def __str__(self) -> str:
        if self.whole_months:
            first, last = self.start.strftime("%Y-%m"), self.end.strftime("%Y-%m")
            if self.start.month == 1 and self.end.month == 12 and first[:4] == last[:4]:
                return first[:4]
            return first if first == last else f"{first}..{last}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    # ------------------------------------------------------------------ naming

    def label(self, lang: str = "en") -> str:
        """The period as a report names it: "August and September 2023", "2023", …"""
        words = _JOIN.get(lang, _JOIN["en"])
        if not self.whole_months:
            first = format_date(self.start, format="long", locale=lang)
            last = format_date(self.end, format="long", locale=lang)
            return first if self.start == self.end else f"{first} {words['to']} {last}"
        months = self.months()
        if len(months) == 12 and self.start.month == 1:
            return str(self.start.year)
        names = get_month_names("wide", locale=lang)

        def month(day: dt.date, with_year: bool) -> str:
            if not with_year:
                return names[day.month]
            return " ".join(part for part in (names[day.month], words["of"], str(day.year)) if part)

        first, last = months[0], months[-1]
        same_year = first.year == last.year
        if len(months) == 1:
            return month(first, True)
        joiner = words["and"] if len(months) == 2 else words["to"]
        return f"{month(first, not same_year)} {joiner} {month(last, True)}"
