"""``create_app()``: the web app over one store, as a FastAPI application.

The app is a thin shell over the library: figures come from
:func:`opsreport.indicators.compute`, the report from
:func:`opsreport.report.render_report`. Tests run it in-process with FastAPI's
``TestClient``; ``opsreport serve`` runs it with Uvicorn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from opsreport import __version__
from opsreport.indicators import Catalogue, IndicatorResult, Period, compute, load_catalogue
from opsreport.report import ReportSpec, load_spec, render_report
from opsreport.store import Store, open_store
from opsreport.web.errors import install_error_handlers, store_is_empty, unknown_indicator
from opsreport.web.periods import default_period, months_with_data

HERE = Path(__file__).parent


@dataclass
class Backend:
    """What the pages and the API ask for, answered by the library."""

    store: Store
    catalogue: Catalogue = field(default_factory=load_catalogue)
    spec: ReportSpec = field(default_factory=load_spec)

    def check_store(self) -> None:
        if not self.store.is_initialised():
            raise store_is_empty(self.store.safe_url)

    def months(self) -> list[dt.date]:
        self.check_store()
        return months_with_data(self.store)

    def period(self, text: str | None) -> Period:
        """The period named by ``text``, or the default (latest two full months with data)."""
        if text:
            return Period.parse(text)
        return default_period(self.months())

    def indicator(self, indicator_id: str):
        if indicator_id not in self.catalogue:
            raise unknown_indicator(indicator_id, list(self.catalogue))
        return self.catalogue[indicator_id]

    def results(
        self, period: Period, ids: Iterable[str] | None = None
    ) -> dict[str, IndicatorResult]:
        if ids is not None:
            ids = [self.indicator(i).id for i in ids]
        self.check_store()
        return compute(self.store, period, ids, self.catalogue)

    def report(self, period: Period, lang: str, fmt: str) -> bytes:
        self.check_store()
        return render_report(self.store, period, lang=lang, fmt=fmt, spec=self.spec)


def create_app(store: Store | None = None, *, database_url: str | None = None) -> FastAPI:
    """The web app over ``store``, or over the store at ``database_url`` (default: the
    embedded SQLite store of ``$OPSREPORT_HOME``, or ``OPSREPORT_DATABASE_URL``)."""
    from opsreport.web import api, pages

    app = FastAPI(
        title="opsreport",
        version=__version__,
        summary="Figures of a mission's Monthly Operational Report, computed from its records.",
        description=(
            "Read-only JSON API of opsreport. Every figure is computed from the records of "
            "the store by the indicator catalogue; errors have one shape: "
            '`{"error": {"code": "...", "message": "..."}}`.'
        ),
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.backend = Backend(store if store is not None else open_store(database_url))
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app
