"""One error shape for the whole app: ``{"error": {"code": ..., "message": ...}}``.

Library errors carry messages written for people (what is wrong, how to fix it), in the
interface language of the server (``OPSREPORT_LANG``); the app passes them on unchanged
with a status and a stable ``code`` a client can test. The app's own errors
(:class:`WebError`) speak the language the request asks for (``?lang=es``), like the
page around them. API paths answer JSON; pages answer the same code and message as an
HTML page.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from opsreport.errors import OpsreportError, PeriodError, ReportError, StoreError
from opsreport.i18n import N_
from opsreport.web.i18n import gettext_for, language


class WebError(Exception):
    """An error the app raises itself, with its HTTP status and code.

    ``message`` is the English text of the web catalogue, marked with :func:`N_`, with
    ``{fields}`` filled from ``fields``; :meth:`message_in` gives it in a language.
    """

    def __init__(self, status: int, code: str, message: str, **fields: str) -> None:
        super().__init__(message.format(**fields))
        self.status, self.code = status, code
        self.template, self.fields = message, fields
        self.message = message.format(**fields)

    def message_in(self, lang: str) -> str:
        return gettext_for(lang)(self.template).format(**self.fields)


def unknown_indicator(indicator_id: str, known: list[str]) -> WebError:
    return WebError(
        404,
        "unknown-indicator",
        N_("No indicator '{id}' in the catalogue. Known ids: {known}."),
        id=indicator_id,
        known=", ".join(known),
    )


def store_is_empty(url: str) -> WebError:
    return WebError(
        503,
        "store-unavailable",
        N_(
            "The store at {url} is empty. Run 'opsreport init' first "
            "(or 'opsreport demo' to build the demo mission)."
        ),
        url=url,
    )


# library error class -> (status, code); the first match wins
_LIBRARY = (
    (PeriodError, 400, "bad-period"),
    (StoreError, 503, "store-unavailable"),
    (ReportError, 422, "report-failed"),
    (OpsreportError, 400, "bad-request"),
)
_HTTP_CODES = {404: "not-found", 405: "method-not-allowed"}


def error_body(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


def _language(request: Request) -> str:
    return language(request.query_params.get("lang"))


def _respond(request: Request, status: int, code: str, message: str):
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        return JSONResponse(error_body(code, message), status_code=status)
    from opsreport.web.pages import render_error

    return render_error(request, status, code, message)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def _web(request: Request, exc: WebError):
        return _respond(request, exc.status, exc.code, exc.message_in(_language(request)))

    @app.exception_handler(OpsreportError)
    async def _library(request: Request, exc: OpsreportError):
        for kind, status, code in _LIBRARY:
            if isinstance(exc, kind):
                return _respond(request, status, code, str(exc))
        raise exc  # pragma: no cover - OpsreportError is the last entry

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        parts = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path"))
            parts.append(f"{where}: {error.get('msg')}" if where else str(error.get("msg")))
        return _respond(request, 422, "invalid-request", "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        code = _HTTP_CODES.get(exc.status_code, "http-error")
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = gettext_for(_language(request))(N_("There is no page at {path}.")).format(
                path=request.url.path
            )
        return _respond(request, exc.status_code, code, message)


__all__ = [
    "WebError",
    "error_body",
    "install_error_handlers",
    "store_is_empty",
    "unknown_indicator",
]
