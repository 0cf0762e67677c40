"""The sex/age breakdown of the people an indicator counts, as the report shows it.

The indicator layer computes the cells (``compute(..., by=["age-group", "sex"],
public=...)``): each cell is counted in the database, and a public computation hides
small cells with secondary suppression. This module only reshapes the answer into the
rows and columns of the report's charts and tables: age groups 0–4, 5–11, 12–17, 18–59,
60+ and "unknown"; sexes female, male, and "other" (other or not stated).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
    total: int | None = 0  # None: a public report hides the total too


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
    total = engine.total if engine.total is not None else getattr(result, "value", None)
    return Breakdown(cells, None if total is None else int(total))


def sex_age_breakdown(
    store: Any, indicator_id: str, period: Any, public: bool, catalogue: Any = None
) -> Breakdown:
    """People of ``indicator_id`` in ``period`` by age group and sex, hidden cells None."""
    from opsreport.indicators import compute

    by = ["age-group", "sex"]
    results = compute(store, period, ids=[indicator_id], by=by, public=public, catalogue=catalogue)
    return from_engine(results[indicator_id])
