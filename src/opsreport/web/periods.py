"""Which periods the dashboard offers: the months the store has records for.

A field office opens the dashboard to see *its latest complete data*, not "this month"
(which is empty until the month's records are imported). So the default period is the
latest two full months that have records, and the period picker lists months, pairs of
months and quarters that touch those months.

Only dates are read here, never figures: the figures come from the indicator layer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from opsreport.indicators import Period
from opsreport.store import Store
from opsreport.store.models import ChannelMetric, Event, ServiceRecord


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _shift(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_with_data(store: Store) -> list[dt.date]:
    """The first day of every month with at least one service, event or channel metric."""
    columns = (ServiceRecord.service_date, Event.start_date, ChannelMetric.month)
    months: set[dt.date] = set()
    with store.session() as session:
        for column in columns:
            months.update(_month(day) for day in session.scalars(select(column).distinct()) if day)
    return sorted(months)


def default_period(months: Iterable[dt.date], today: dt.date | None = None) -> Period:
    """The latest two full months with data; the month of ``today`` is not full yet.

    With no data at all, the two calendar months before ``today``.
    """
    today = today or dt.date.today()
    current = _month(today)
    full = [month for month in months if month < current]
    last = full[-1] if full else _shift(current, -1)
    first = _shift(last, -1)
    return Period.parse(f"{first:%Y-%m}..{last:%Y-%m}")


@dataclass(frozen=True)
class Choice:
    """One option of the period picker."""

    value: str  # the period text, e.g. "2023-08..2023-09"
    label: str  # "August and September 2023"


def period_choices(months: Iterable[dt.date], lang: str) -> dict[str, list[Choice]]:
    """Picker options by kind ("month", "two-months", "quarter"), latest first."""
    months = sorted(set(months), reverse=True)
    singles = [Period.parse(f"{m:%Y-%m}") for m in months]
    pairs = [Period.parse(f"{_shift(m, -1):%Y-%m}..{m:%Y-%m}") for m in months]
    quarters: list[Period] = []
    for m in months:
        quarter = Period.parse(f"{m.year}Q{(m.month - 1) // 3 + 1}")
        if quarter not in quarters:
            quarters.append(quarter)

    def choices(periods: list[Period]) -> list[Choice]:
        return [Choice(str(p), p.label(lang)) for p in periods]

    return {"month": choices(singles), "two-months": choices(pairs), "quarter": choices(quarters)}
