"""What the indicator layer answers: the contract every output (report, web, exports) reads.

An :class:`IndicatorResult` is one figure for one period, with what the report needs to
phrase it: the value, its unit, labels, and optional parts:

- ``items``: ordered rows for lists and rankings (areas of work, donors, offices, topics of
  the counted records, provinces of the counted sites, answers of a ranking). Each item is an
  :class:`Item` with a ``code``, names in EN and ES, an optional ``value`` (a count or a
  :class:`Share`) and optional ``group`` (e.g. donor type ``direct``/``general``).
- ``facets``: named lists of items that describe the counted records, e.g.
  ``facets["topic"]`` for the topics of the workshops counted, ``facets["province"]`` for
  the provinces of the sites counted.
- ``share``: for ``share`` indicators, numerator, n and the 95% Wilson interval.
- ``meta``: anything else the phrasing needs (e.g. for the survey round: its code, the
  month its fieldwork ended, and whether the previous round had the same top answer).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Share:
    numerator: float
    n: float  # respondents who answered (effective n when weighted)
    value: float  # numerator / n, 0..1
    low: float  # 95% Wilson interval
    high: float
    small_n: bool  # n < 30: flagged in every output


@dataclass(frozen=True)
class Item:
    code: str
    name_en: str
    name_es: str
    value: int | float | Share | None = None
    group: str | None = None

    def name(self, lang: str) -> str:
        return self.name_es if lang == "es" else self.name_en


@dataclass
class IndicatorResult:
    id: str
    # records | distinct-people | participants | sum | share | ranking | as-of-count | list
    unit: str
    value: int | float | None
    label_en: str
    label_es: str
    items: list[Item] = field(default_factory=list)
    facets: dict[str, list[Item]] = field(default_factory=dict)
    share: Share | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        return self.label_es if lang == "es" else self.label_en

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
