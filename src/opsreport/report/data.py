"""Everything a report shows besides the period's figures: months, breakdowns, the map.

A sentence needs one result per indicator; a chart over months needs the same indicators
month by month, a headline that compares needs the previous period, a sex/age chart needs
the breakdown and a map needs the mission's sites and boundaries. :func:`gather` asks the
indicator layer for each of these once, before rendering, so the template and the block
views never touch the store. Rendering from results alone (``data=None``) leaves out what
needs more than the period's figures, so the report of a test or of another output still
renders.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opsreport.errors import CatalogueError, ReportError
from opsreport.indicators.result import IndicatorResult
from opsreport.report.breakdown import Breakdown, sex_age_breakdown
from opsreport.report.geography import Boundaries, MapSite, load_boundaries, mission_sites
from opsreport.report.spec import ReportSpec

BOUNDARY_ENV = "OPSREPORT_BOUNDARY_FILE"


@dataclass
class ReportData:
    """The extra figures of a report, keyed the way the block views look them up."""

    # first day of each month -> value of each chart indicator that month (None: hidden)
    months: list[tuple[dt.date, dict[str, float | None]]] = field(default_factory=list)
    previous: Mapping[str, IndicatorResult] | None = None
    previous_label: dict[str, str] = field(default_factory=dict)
    breakdowns: dict[str, Breakdown] = field(default_factory=dict)
    sites: list[MapSite] = field(default_factory=list)
    boundaries: Boundaries | None = None
    catalogue: Any = None  # the indicator catalogue the figures were computed with


def gather(
    store: Any, spec: ReportSpec, period: Any, public: bool = False, catalogue: Any = None
) -> ReportData:
    """Compute what the spec's charts, comparisons, tables and map need for ``period``.

    ``public`` asks for breakdowns with small cells already hidden. ``catalogue`` (the
    loaded indicator catalogue) saves reading it again for each computation.
    """
    from opsreport.indicators import compute, load_catalogue

    catalogue = catalogue if catalogue is not None else load_catalogue()
    data = ReportData(catalogue=catalogue)
    blocks = [b for s in spec.sections for b in s.blocks]
    over = [b for b in blocks if b.type == "chart" and b.options.get("over") == "months"]
    if over:
        ids = sorted({i for b in over for i in b.options.get("indicators", [b.indicator])})
        count = max(b.options.get("months", 6) for b in over)
        firsts = _months_up_to(period.end, count)
        data.months = by_month(store, ids, firsts, period.end, public, catalogue)
    compared = sorted({b.indicator for b in blocks if b.options.get("compare") == "previous"})
    if compared:
        before = period.previous()
        data.previous = compute(store, before, ids=compared, public=public, catalogue=catalogue)
        data.previous_label = {lang: before.label(lang) for lang in spec.languages}
    for b in blocks:
        if "by" in b.options and b.indicator not in data.breakdowns:
            try:
                breakdown = sex_age_breakdown(store, b.indicator, period, public, catalogue)
            except CatalogueError as exc:  # the indicator offers no sex/age breakdown
                raise ReportError(f"{b.at('by')}: {exc}") from None
            data.breakdowns[b.indicator] = breakdown
    if any(b.type == "map" for b in blocks):
        data.sites = mission_sites(store)
        path = boundary_path(store)
        data.boundaries = load_boundaries(path) if path else None
    return data


def by_month(
    store: Any,
    ids: list[str],
    firsts: list[dt.date],
    end: dt.date,
    public: bool,
    catalogue: Any = None,
) -> list[tuple[dt.date, dict[str, float | None]]]:
    """Each indicator's figure month by month, from the first of ``firsts`` to ``end``.

    Distinct people are counted within each month (the indicator layer never adds months
    up). Indicators that offer the ``month`` disaggregation are computed in one go over
    the whole window (``by=["month"]``); any other (a mission's own indicator, a list of
    sites) is computed once per month.
    """
    from opsreport.indicators import Period, compute, load_catalogue

    catalogue = catalogue if catalogue is not None else load_catalogue()
    by_dimension = [i for i in ids if i in catalogue and "month" in catalogue[i].disaggregations]
    values: dict[dt.date, dict[str, float | None]] = {first: {} for first in firsts}
    if by_dimension:
        window = Period(firsts[0], end)
        results = compute(
            store, window, ids=by_dimension, by=["month"], public=public, catalogue=catalogue
        )
        for rid, result in results.items():
            for first in firsts:
                values[first][rid] = 0  # a month without records has no cell
            for cell in result.breakdown.cells if result.breakdown else []:
                first = dt.date.fromisoformat(f"{cell.key[0]}-01") if cell.key[0] else None
                if first in values:
                    values[first][rid] = None if cell.suppressed else cell.value
    others = [i for i in ids if i not in by_dimension]
    for first in firsts if others else []:
        month_end = min(Period.parse(first.strftime("%Y-%m")).end, end)
        results = compute(
            store, Period(first, month_end), ids=others, public=public, catalogue=catalogue
        )
        values[first].update({rid: results[rid].value for rid in others})
    return [(first, values[first]) for first in firsts]


def _months_up_to(end: dt.date, count: int) -> list[dt.date]:
    """The first days of the ``count`` months that end with the month of ``end``."""
    firsts = []
    year, month = end.year, end.month
    for _ in range(count):
        firsts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def boundary_path(store: Any) -> Path | None:
    """The admin-1 boundary file for the map: ``OPSREPORT_BOUNDARY_FILE``, else the mission's.

    The mission loader stores ``boundary_file`` resolved against the mission file's folder
    (an absolute path), so it reads the same from any folder. The variable is how
    ``make demo`` and CI point at a file outside the project.
    """
    override = os.environ.get(BOUNDARY_ENV)
    if override:
        return Path(override)
    from opsreport.report.geography import mission_boundary_file

    written = mission_boundary_file(store)
    return Path(written) if written else None
