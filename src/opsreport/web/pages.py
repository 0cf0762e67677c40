"""The HTML pages: dashboard, indicator pages, catalogue and report, in English or Spanish.

Pages are rendered on the server and work without JavaScript (the period picker is a
plain GET form; a one-line script only submits it on change). Every link keeps the
period and the language, so a page can be bookmarked and sent as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from opsreport import __version__
from opsreport.indicators import Period
from opsreport.report.phrasing import long_date
from opsreport.web import views
from opsreport.web.i18n import LANGUAGES, gettext_for, language
from opsreport.web.periods import period_choices

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters["longdate"] = long_date
router = APIRouter(include_in_schema=False)


def backend(request: Request):
    return request.app.state.backend


Backend = Annotated[Any, Depends(backend)]
PeriodText = Annotated[str | None, Query()]
Lang = Annotated[str | None, Query()]


def link(path: str, period: Period | str | None, lang: str, **extra: str) -> str:
    """``path`` with the page's period and language (English is the default, left out)."""
    params = {"period": str(period)} if period else {}
    if lang != "en":
        params["lang"] = lang
    params.update(extra)
    return f"{path}?{urlencode(params)}" if params else path


def _page(request: Request, template: str, lang: str, status: int = 200, **context: Any):
    """Render ``template`` with what every page needs (language, links, mission name)."""
    spec = request.app.state.backend.spec
    period = context.get("period")
    here = request.url.path
    context.update(
        lang=lang,
        _=gettext_for(lang),
        mission=spec.mission.get(lang) or next(iter(spec.mission.values())),
        version=__version__,
        link=lambda path, **extra: link(path, period, lang, **extra),
        languages=[(code, code.upper(), link(here, period, code)) for code in LANGUAGES],
        here=here,
    )
    return templates.TemplateResponse(request, template, context, status_code=status)


def _picker(backend, period: Period, lang: str) -> dict[str, Any]:
    choices = period_choices(backend.months(), lang)
    known = {choice.value for group in choices.values() for choice in group}
    return {"choices": choices, "custom": None if str(period) in known else period}


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, backend: Backend, period: PeriodText = None, lang: Lang = None):
    lang = language(lang)
    chosen = backend.period(period)
    results = backend.results(chosen)
    return _page(
        request,
        "dashboard.html",
        lang,
        period=chosen,
        period_label=chosen.label(lang),
        picker=_picker(backend, chosen, lang),
        board=views.dashboard(results, backend.catalogue, lang),
    )


@router.get("/indicators", response_class=HTMLResponse)
def catalogue(request: Request, backend: Backend, period: PeriodText = None, lang: Lang = None):
    lang = language(lang)
    chosen = Period.parse(period) if period else None
    rows = [
        {
            "id": i.id,
            "label": i.label(lang),
            "unit": views.unit_name(i.unit, lang, i.source),
            "rule": views.period_rule_name(i.period, lang),
        }
        for i in backend.catalogue.values()
    ]
    return _page(request, "catalogue.html", lang, period=chosen, rows=rows)


@router.get("/indicators/{indicator_id}", response_class=HTMLResponse)
def indicator(
    request: Request,
    backend: Backend,
    indicator_id: str,
    period: PeriodText = None,
    lang: Lang = None,
):
    lang = language(lang)
    declared = backend.indicator(indicator_id)
    chosen = backend.period(period)
    result = backend.results(chosen, [indicator_id])[indicator_id]
    _ = gettext_for(lang)
    facets = {
        _(views.FACET_NAMES.get(name, name)): views.item_views(items, lang)
        for name, items in result.facets.items()
    }
    return _page(
        request,
        "indicator.html",
        lang,
        period=chosen,
        period_label=chosen.label(lang),
        picker=_picker(backend, chosen, lang),
        indicator=declared,
        card=views.card(result, lang, declared.source),
        unit_name=views.unit_name(declared.unit, lang, declared.source),
        rule_name=views.period_rule_name(declared.period, lang),
        facets=facets,
        meta=views.meta_rows(result.meta, lang),
    )


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request, backend: Backend, period: PeriodText = None, lang: Lang = None):
    lang = language(lang)
    chosen = backend.period(period)
    return _page(
        request,
        "report.html",
        lang,
        period=chosen,
        period_label=chosen.label(lang),
        picker=_picker(backend, chosen, lang),
    )


def _report_file(backend, period: str | None, lang: str | None, fmt: str) -> Response:
    lang = language(lang)
    chosen = backend.period(period)
    body = backend.report(chosen, lang, fmt)
    name = f"monthly-operational-report-{str(chosen).replace('..', '_')}-{lang}.{fmt}"
    media = "application/pdf" if fmt == "pdf" else "text/html; charset=utf-8"
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'inline; filename="{name}"'}
    )


@router.get("/report.html")
def report_html(backend: Backend, period: PeriodText = None, lang: Lang = None) -> Response:
    return _report_file(backend, period, lang, "html")


@router.get("/report.pdf")
def report_pdf(backend: Backend, period: PeriodText = None, lang: Lang = None) -> Response:
    return _report_file(backend, period, lang, "pdf")


def render_error(request: Request, status: int, code: str, message: str):
    lang = language(request.query_params.get("lang"))
    return _page(
        request, "error.html", lang, status=status, status_code=status, code=code, message=message
    )
