"""The indicator layer: a declared catalogue of figures, computed in the database.

    >>> from opsreport.indicators import compute, Period
    >>> results = compute(store, "2023-08..2023-09")
    >>> results["staff"].value

    >>> table = compute(store, "2023-08", ["legal-orientation-residing"],
    ...                 by=["nationality", "province"], public=True)
    >>> table["legal-orientation-residing"].breakdown.cells

Outputs (report, web, exports) read :class:`IndicatorResult` objects and never the store.
"""

from opsreport.indicators.backend import connect_duckdb
from opsreport.indicators.catalogue import Catalogue, Indicator, load_catalogue
from opsreport.indicators.disclosure import REASONS, reason_text
from opsreport.indicators.engine import compute
from opsreport.indicators.export import results_to_json, to_jsonable
from opsreport.indicators.exports import export_parquet
from opsreport.indicators.period import Period
from opsreport.indicators.result import Breakdown, Cell, Change, IndicatorResult, Item, Share

__all__ = [
    "REASONS",
    "Breakdown",
    "Catalogue",
    "Cell",
    "Change",
    "Indicator",
    "IndicatorResult",
    "Item",
    "Period",
    "Share",
    "compute",
    "connect_duckdb",
    "export_parquet",
    "load_catalogue",
    "reason_text",
    "results_to_json",
    "to_jsonable",
]
