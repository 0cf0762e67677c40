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
- ``breakdown``: the cells of a disaggregation (``compute(..., by=[...])``), each cell
  recomputed in the database (distinct people are never summed), with what a public
  output suppressed and why.
- ``change``: the change against the previous comparable period (``compare=True``).
- ``suppressed``: in a public computation, the reason code when the headline value itself
  is hidden (``value`` is then None); see :mod:`opsreport.indicators.disclosure`.
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
    # False for a share of complete counts (official statistics): exact, so there is no
    # sampling interval (low = high = value) and outputs say "complete count" instead
    sampled: bool = True


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
class Cell:
    """One cell of a breakdown: one code per dimension (None = not recorded).

    ``value`` is the count (or the share's value for share indicators, with ``share``
    set); a suppressed cell keeps neither (both None) and says why in ``reason``.
    """

    key: tuple[str | None, ...]
    names_en: tuple[str, ...]
    names_es: tuple[str, ...]
    value: int | float | None
    share: Share | None = None
    suppressed: bool = False
    reason: str | None = None

    def names(self, lang: str) -> tuple[str, ...]:
        return self.names_es if lang == "es" else self.names_en


@dataclass
class Breakdown:
    """A disaggregation of one indicator by one or two dimensions.

    ``cells`` is the table; for two dimensions ``margins[dim]`` holds the one-dimension
    totals of each dimension, recomputed (not added up) like the cells. ``multi_group``
    names the dimensions where one person (or answer) can fall in several groups: their
    cells may add up to more than the total. ``total`` is the figure of the whole scope
    (None when a public output had to hide it).
    """

    dimensions: tuple[str, ...]
    cells: list[Cell]
    margins: dict[str, list[Cell]] = field(default_factory=dict)
    multi_group: tuple[str, ...] = ()
    total: int | float | None = None
    total_reason: str | None = None
    threshold: int | None = None  # the suppression threshold of a public output


@dataclass(frozen=True)
class Change:
    """The change against the previous comparable period.

    For shares ``absolute`` is in proportion points (0.05 = 5 points); ``percent`` is
    None when the previous value was 0 or unknown.
    """

    period: str
    previous: int | float | None
    absolute: int | float | None
    percent: float | None


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
    breakdown: Breakdown | None = None
    change: Change | None = None
    suppressed: str | None = None  # reason code when a public output hides ``value``

    def label(self, lang: str) -> str:
        return self.label_es if lang == "es" else self.label_en

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
