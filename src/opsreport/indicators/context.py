"""What every measure needs while a catalogue is computed: tables, period, names.

Reference tables (provinces, sites, offices, topics, …) are short and are read once per
computation to give items their EN/ES names; record tables are only ever aggregated.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from opsreport.indicators.backend import Tables
from opsreport.indicators.catalogue import Indicator
from opsreport.indicators.once import Once
from opsreport.indicators.period import Period
from opsreport.indicators.result import IndicatorResult, Item

# table -> (key column, EN name column, ES name column)
_NAMED = {
    "admin_unit": ("pcode", "name", "name"),
    "site": ("code", "name", "name"),
    "office": ("code", "name_en", "name_es"),
    "topic": ("code", "name_en", "name_es"),
    "population_group": ("code", "name_en", "name_es"),
    "audience": ("code", "name_en", "name_es"),
    "activity": ("code", "name_en", "name_es"),
}

T = TypeVar("T")


@dataclass
class Context:
    tables: Tables
    period: Period
    # the indicators being computed: a measure's query may serve its peers too (fusion.py)
    selected: tuple[Indicator, ...] = ()
    _memo: Once = field(default_factory=Once)

    def once(self, key: Hashable, read: Callable[[], T]) -> T:
        """``read()`` the first time ``key`` is asked for in this computation, then reuse it.

        For small lookups many indicators share (a survey's latest rounds, its question
        list): each is one query per ``compute()`` call instead of one per indicator or per
        answer, which is most of the engine's cost on small and medium missions. When the
        engine computes indicators in threads, a thread asking while another reads waits
        for that read (:class:`~opsreport.indicators.once.Once`).
        """
        return self._memo.get(key, read)

    def reference(self, table: str) -> dict[str, dict[str, Any]]:
        """Rows of a (small) reference table by code, read once."""

        def read() -> dict[str, dict[str, Any]]:
            key = _NAMED[table][0]
            rows = self.tables.rows(getattr(self.tables, table))
            return {row[key]: row for row in rows}

        return self.once(("reference", table), read)

    def item(self, table: str, code: str, value: Any = None, group: str | None = None) -> Item:
        """An item named from a reference table; an unknown code is named by itself."""
        _key, en, es = _NAMED[table]
        row = self.reference(table).get(code)
        if row is None:
            return Item(code=code, name_en=code, name_es=code, value=value, group=group)
        return Item(code=code, name_en=row[en], name_es=row[es], value=value, group=group)


# reference tables whose rows carry the mission's order: their items follow it
_ORDERED = {"topic"}


def facet_items(ctx: Context, table: str, counts: dict[str, int]) -> list[Item]:
    """Items of a facet: in the mission's order for topics, else largest count first."""
    if table in _ORDERED:
        rows = ctx.reference(table)
        pairs = sorted(
            counts.items(), key=lambda p: ((rows.get(p[0]) or {}).get("position") or 0, str(p[0]))
        )
    else:
        pairs = ranked(counts)
    return [ctx.item(table, code, value) for code, value in pairs]


def result(indicator: Indicator, value: Any, **parts: Any) -> IndicatorResult:
    """An :class:`IndicatorResult` carrying the indicator's id, unit and labels."""
    return IndicatorResult(
        id=indicator.id,
        unit=indicator.unit,
        value=value,
        label_en=indicator.label_en,
        label_es=indicator.label_es,
        **parts,
    )


def ranked(counts: dict[str, int | float]) -> list[tuple[str, int | float]]:
    """Codes by count, largest first; ties by code so the order never wobbles."""
    return sorted(counts.items(), key=lambda pair: (-pair[1], str(pair[0])))


def as_int(value: Any) -> int:
    return int(value) if value is not None else 0
