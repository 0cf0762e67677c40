"""The JSON API under ``/api/``: the figures as ``opsreport indicators --format json`` gives them.

Each result is :meth:`IndicatorResult.to_dict` with dates as ISO strings
(:func:`opsreport.indicators.to_jsonable`), so the CLI, the API and any export agree on
one format.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from opsreport import __version__
from opsreport.indicators import to_jsonable
from opsreport.web.errors import error_body

router = APIRouter(prefix="/api", tags=["api"])

PERIOD_HELP = (
    "2023-08, 2023-08..2023-09, 2023Q3, 2023 or 2023-08-01..2023-09-30. "
    "Default: the latest two full months that have records."
)
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "description": "The period is not a period.",
        "content": {"application/json": {"example": error_body("bad-period", "…")}},
    },
    404: {
        "description": "No such indicator.",
        "content": {"application/json": {"example": error_body("unknown-indicator", "…")}},
    },
}


def backend(request: Request):
    return request.app.state.backend


Backend = Annotated[Any, Depends(backend)]
PeriodText = Annotated[str | None, Query(description=PERIOD_HELP, examples=["2023-08..2023-09"])]


@router.get("/indicators", responses=_ERRORS)
def indicators(
    backend: Backend,
    period: PeriodText = None,
    id: Annotated[list[str] | None, Query(description="Only these indicators (repeat).")] = None,
) -> list[dict[str, Any]]:
    """Every indicator of the catalogue (or those of ``id``) for the period, in order."""
    results = backend.results(backend.period(period), id or None)
    return [to_jsonable(result.to_dict()) for result in results.values()]


@router.get("/indicators/{indicator_id}", responses=_ERRORS)
def indicator(backend: Backend, indicator_id: str, period: PeriodText = None) -> dict[str, Any]:
    """One indicator for the period: value, unit, labels, items, facets, share, meta."""
    backend.indicator(indicator_id)
    result = backend.results(backend.period(period), [indicator_id])[indicator_id]
    return to_jsonable(result.to_dict())


@router.get("/periods")
def periods(backend: Backend) -> dict[str, Any]:
    """The months that have records (services, events or channel metrics), and the
    period the dashboard shows by default."""
    months = backend.months()
    return {
        "months": [f"{month:%Y-%m}" for month in months],
        "default": str(backend.period(None)),
    }


@router.get("/health")
def health(backend: Backend) -> dict[str, Any]:
    """Whether the app reaches its store; status is "ok" or "empty" (no mission yet)."""
    store = backend.store
    return {
        "status": "ok" if store.is_initialised() else "empty",
        "version": __version__,
        "database": store.dialect,
    }
