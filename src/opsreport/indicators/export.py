"""Results as plain JSON-ready data: the stable machine-readable shape of the CLI and API.

Each result becomes ``IndicatorResult.to_dict()`` with dates as ISO strings; a list of
them keeps the catalogue order. Tests compare the CLI's JSON with this, so it is the
single definition of the format.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from opsreport.indicators.result import IndicatorResult


def to_jsonable(value: Any) -> Any:
    """``value`` with dates made ISO strings and tuples made lists, recursively."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(item) for item in value]
    return value


def results_to_json(results: Iterable[IndicatorResult], indent: int | None = 2) -> str:
    """A JSON list of results, one object per indicator."""
    data = [to_jsonable(result.to_dict()) for result in results]
    return json.dumps(data, ensure_ascii=False, indent=indent)
