"""The sex/age breakdown of the people an indicator counts, with small cells suppressed.

The age groups are the ones of the architecture (0–4, 5–11, 12–17, 18–59, 60+). A person
counted by a "distinct people" indicator falls in one cell: their sex, and their age at
their latest service of the period, so the cells add up to the indicator's figure.

The breakdown comes from the indicator layer (``compute(..., by=["age-group", "sex"],
public=...)``), which also applies disclosure control with secondary suppression. When
the installed indicator layer does not offer ``by=`` (older versions), this module asks
the indicator's own record selection (``opsreport.indicators.measures.activity.services``)
for the cells, so the filters are the catalogue's and never restated here, and applies
the suppression rule itself (:func:`suppress`). That fallback covers service indicators
(``distinct-people`` over ``services``) only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from opsreport.report.placeholders import SUPPRESSION_THRESHOLD

AGE_GROUPS = ("0-4", "5-11", "12-17", "18-59", "60+")
UNKNOWN_AGE = "unknown"
SEXES = ("female", "male", "other")


@dataclass
class Breakdown:
    """People per (age group, sex), ``None`` where a public report hides the cell.

    A person whose age is not known is in the "unknown" group; ``total`` is the figure
    of the whole scope (the headline), which a public report shows unless it is small.
    """

    cells: dict[tuple[str, str], int | None] = field(default_factory=dict)
    total: int = 0


def from_engine(result: Any) -> Breakdown:
    """The report's view of an ``opsreport.indicators`` breakdown by age group and sex."""
    engine = getattr(result, "breakdown", None)
    if engine is None:
        return Breakdown()
    position = {d: i for i, d in enumerate(engine.dimensions)}
    cells: dict[tuple[str, str], int | None] = {}
    for cell in engine.cells:
        age = cell.key[position["age-group"]] or UNKNOWN_AGE
        sex = cell.key[position["sex"]]
        sex = sex if sex in SEXES else "other"
        value = None if cell.suppressed or cell.value is None else int(cell.value)
        key = (age, sex)
        if key in cells:  # "unknown" and "other" sexes share the report's last column
            value = None if cells[key] is None or value is None else cells[key] + value
        cells[key] = value
    total = engine.total if engine.total is not None else getattr(result, "value", 0)
    return Breakdown(cells, int(total or 0))


def suppress(cells: dict[tuple[str, str], int]) -> set[tuple[str, str]]:
    """Cells under the threshold, plus one more when a single hidden cell could be recovered.

    The total is published elsewhere in the report (the headline figure), so when only
    one cell is hidden it could be found by subtraction: the smallest shown cell is
    hidden with it (secondary suppression).
    """
    hidden = {k for k, v in cells.items() if 0 < v < SUPPRESSION_THRESHOLD}
    if len(hidden) == 1:
        rest = sorted((v, k) for k, v in cells.items() if k not in hidden and v > 0)
        if rest:
            hidden.add(rest[0][1])
    return hidden


def age_group(age: int | None) -> str:
    if age is None or age < 0:
        return UNKNOWN_AGE
    for name, upper in zip(AGE_GROUPS, (4, 11, 17, 59), strict=False):
        if age <= upper:
            return name
    return AGE_GROUPS[-1]


def sex_age_breakdown(store: Any, indicator_id: str, period: Any, public: bool) -> Breakdown:
    """People of ``indicator_id`` in ``period`` by age group and sex (see module doc)."""
    from opsreport.indicators import compute, load_catalogue

    if engine_offers_breakdowns():
        results = compute(store, period, ids=[indicator_id], by=["age-group", "sex"], public=public)
        return from_engine(results[indicator_id])
    from opsreport.indicators.backend import open_tables
    from opsreport.indicators.context import Context
    from opsreport.indicators.measures.activity import services

    indicator = load_catalogue().get(indicator_id)
    if indicator is None or indicator.source != "services" or indicator.unit != "distinct-people":
        return Breakdown()
    with open_tables(store) as tables:
        records = services(indicator, Context(tables, period))
        per_person = records.group_by("person_id").aggregate(age=records.age_years.max())
        person = tables.person
        joined = per_person.join(person, per_person.person_id == person.id)
        rows = tables.rows(
            joined.group_by(age=joined.age, sex=joined.sex).aggregate(people=joined.count())
        )
    cells: dict[tuple[str, str], int | None] = {}
    for row in rows:
        group = age_group(row["age"])
        sex = row["sex"] if row["sex"] in SEXES else "other"
        cells[(group, sex)] = (cells.get((group, sex)) or 0) + int(row["people"])
    total = sum(v or 0 for v in cells.values())
    if public:
        hidden = suppress({k: v or 0 for k, v in cells.items()})
        cells = {k: (None if k in hidden else v) for k, v in cells.items()}
    return Breakdown(cells, total)


def engine_offers_breakdowns() -> bool:
    """Whether ``opsreport.indicators.compute`` takes ``by=`` (and ``public=``)."""
    import inspect

    from opsreport.indicators import compute

    parameters = inspect.signature(compute).parameters
    return "by" in parameters and "public" in parameters
