"""``compute()``: every indicator of a catalogue for one period, run in the database."""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

from ibis.backends import BaseBackend

from opsreport.indicators import dimensions
from opsreport.indicators.backend import open_tables
from opsreport.indicators.breakdown import breakdown
from opsreport.indicators.catalogue import Catalogue, Indicator, load_catalogue
from opsreport.indicators.context import Context
from opsreport.indicators.disclosure import protect, threshold_setting
from opsreport.indicators.measures import MEASURES
from opsreport.indicators.period import Period
from opsreport.indicators.result import Change, IndicatorResult
from opsreport.store import Store

THREADS_ENVIRONMENT = "OPSREPORT_INDICATOR_THREADS"


def compute(
    store: Store | BaseBackend,
    period: Period | str,
    ids: Iterable[str] | None = None,
    catalogue: Catalogue | None = None,
    *,
    by: Sequence[str] | str | None = None,
    public: bool = False,
    threshold: int | None = None,
    compare: bool = False,
    other_below: int | None = None,
    headline: Mapping[str, IndicatorResult] | None = None,
) -> dict[str, IndicatorResult]:
    """Results by id, in catalogue order (or in the order of ``ids`` when given).

    ``period`` is a :class:`Period` or its text ("2023-08..2023-09"); ``catalogue``
    defaults to the shipped one. Indicators of one source that differ only by their
    filters share their queries (see :mod:`opsreport.indicators.fusion`).
    ``store`` may also be an Ibis connection whose tables have the store's names and
    columns (e.g. DuckDB over Parquet exports, see :func:`connect_duckdb`).

    ``by`` (one or two dimensions, e.g. ``["nationality", "province"]``) adds a
    :class:`Breakdown` to each result: with ``ids`` every named indicator must offer the
    dimensions (else a CatalogueError names both); without ``ids`` only the indicators
    that offer them are broken down. ``other_below`` folds nationalities with fewer than
    that many people into "other". ``public`` applies disclosure control with
    ``threshold`` (default: the ``OPSREPORT_SUPPRESSION_THRESHOLD`` setting, else 5).
    ``compare`` adds the change against the previous comparable period.

    ``headline`` takes the results of an earlier plain ``compute()`` (no ``by``,
    ``public`` or ``compare``) of the same store, period and catalogue: their figures are
    reused instead of queried again, so a dashboard that shows the figures and then one
    breakdown after another asks the database for each headline figure once.

    On a connection made by :func:`connect_duckdb` the indicators are computed in
    :func:`thread_setting` threads: while DuckDB runs one indicator's query, Ibis builds
    the next one's. The results are the same as one by one, in the same order.
    """
    period = Period.of(period)
    catalogue = catalogue if catalogue is not None else load_catalogue()
    selected = catalogue.select(list(ids) if ids is not None else None)
    dims = _dimensions(by)
    if dims:
        if ids is not None:
            for indicator in selected:
                dimensions.check(indicator, dims)
        else:
            dimensions.check(_any_offering(selected, dims), dims)
    limit = threshold if threshold is not None else threshold_setting()
    with open_tables(store) as tables:
        context = Context(tables, period, selected=tuple(selected))
        before = Context(tables, period.previous(), selected=tuple(selected)) if compare else None

        def one(indicator: Indicator) -> IndicatorResult:
            if headline is not None and indicator.id in headline:
                result = copy.deepcopy(headline[indicator.id])
            else:
                result = MEASURES[indicator.source](indicator, context)
            if dims and all(d in indicator.disaggregations for d in dims):
                result.breakdown = breakdown(indicator, context, result, dims, other_below)
            if before is not None:
                previous = MEASURES[indicator.source](indicator, before)
                result.change = _change(result, previous, str(before.period))
            if public:
                sensitive = _sensitive(indicator, context)
                result = protect(result, indicator.source, limit, sensitive)
            return result

        threads = thread_setting() if tables.threads else 1
        if threads > 1 and len(selected) > 1:
            with ThreadPoolExecutor(threads, thread_name_prefix="opsreport-indicators") as pool:
                computed = list(pool.map(one, selected))
        else:
            computed = [one(indicator) for indicator in selected]
    return {indicator.id: result for indicator, result in zip(selected, computed, strict=True)}


def thread_setting() -> int:
    """Threads computing indicators at once on DuckDB: ``OPSREPORT_INDICATOR_THREADS``,
    else 2 (1 computes them one after another)."""
    try:
        return max(1, int(os.environ.get(THREADS_ENVIRONMENT, "2")))
    except ValueError:
        return 2


def _dimensions(by: Sequence[str] | str | None) -> tuple[str, ...]:
    if not by:
        return ()
    if isinstance(by, str):
        by = [part.strip() for part in by.split(",") if part.strip()]
    return tuple(by)


def _any_offering(selected: list[Indicator], dims: tuple[str, ...]) -> Indicator:
    """An indicator offering ``dims``, or the first one (whose check then names the gap)."""
    for indicator in selected:
        if all(d in indicator.disaggregations for d in dims):
            return indicator
    return selected[0]


def _change(now: IndicatorResult, before: IndicatorResult, period: str) -> Change:
    """Absolute and relative change; None parts when either value is unknown or a list."""
    previous = before.value
    if not isinstance(now.value, int | float) or not isinstance(previous, int | float):
        return Change(period, previous, None, None)
    absolute = now.value - previous
    percent = absolute / previous if previous else None
    return Change(period=period, previous=previous, absolute=absolute, percent=percent)


def _sensitive(indicator: Indicator, ctx: Context) -> bool:
    """Whether the instrument marks the indicator's question sensitive."""
    if indicator.source != "survey" or not indicator.one("question"):
        return False
    from opsreport.indicators.measures.survey import instrument_questions, latest_rounds

    rounds = latest_rounds(indicator.filters["instrument"], ctx, count=1)
    if not rounds:
        return False
    questions = instrument_questions(rounds[0]["instrument_id"], ctx) or {}
    question = questions.get(indicator.one("question"))
    return bool(isinstance(question, dict) and question.get("sensitive"))
