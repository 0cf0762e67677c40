"""``compute()``: every indicator of a catalogue for one period, run in the database."""

from __future__ import annotations

from collections.abc import Iterable

from ibis.backends import BaseBackend

from opsreport.indicators.backend import open_tables
from opsreport.indicators.catalogue import Catalogue, load_catalogue
from opsreport.indicators.context import Context
from opsreport.indicators.measures import MEASURES
from opsreport.indicators.period import Period
from opsreport.indicators.result import IndicatorResult
from opsreport.store import Store


def compute(
    store: Store | BaseBackend,
    period: Period | str,
    ids: Iterable[str] | None = None,
    catalogue: Catalogue | None = None,
) -> dict[str, IndicatorResult]:
    """Results by id, in catalogue order (or in the order of ``ids`` when given).

    ``period`` is a :class:`Period` or its text ("2023-08..2023-09"); ``catalogue``
    defaults to the shipped one. Each indicator is one to three aggregate queries.
    ``store`` may also be an Ibis connection whose tables have the store's names and
    columns (e.g. DuckDB over Parquet exports, see :func:`connect_duckdb`).
    """
    period = Period.of(period)
    catalogue = catalogue if catalogue is not None else load_catalogue()
    selected = catalogue.select(list(ids) if ids is not None else None)
    results: dict[str, IndicatorResult] = {}
    with open_tables(store) as tables:
        context = Context(tables, period)
        for indicator in selected:
            results[indicator.id] = MEASURES[indicator.source](indicator, context)
    return results
