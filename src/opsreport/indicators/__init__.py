"""The indicator layer: a declared catalogue of figures, computed in the database.

    >>> from opsreport.indicators import compute, Period
    >>> results = compute(store, "2023-08..2023-09")
    >>> results["staff"].value

Outputs (report, web, exports) read :class:`IndicatorResult` objects and never the store.
"""

from opsreport.indicators.catalogue import Catalogue, Indicator, load_catalogue
from opsreport.indicators.engine import compute
from opsreport.indicators.export import results_to_json, to_jsonable
from opsreport.indicators.period import Period
from opsreport.indicators.result import IndicatorResult, Item, Share

__all__ = [
    "Catalogue",
    "Indicator",
    "IndicatorResult",
    "Item",
    "Period",
    "Share",
    "compute",
    "load_catalogue",
    "results_to_json",
    "to_jsonable",
]
