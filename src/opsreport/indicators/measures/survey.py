"""Survey indicators: the round a report cites, shares of answers and rankings.

A report cites the latest round of an instrument whose fieldwork ended on or before the
period's last day. Shares count respondents, not answer rows: the denominator ``n`` is
the respondents of that round who were not screened out (consent refused, already
interviewed) and who answered the question; the numerator is those of them whose answer
(or one of whose answers, for a multiple choice) is among the indicator's choices.
"""

from __future__ import annotations

import json
from typing import Any

from opsreport.indicators.catalogue import Indicator
from opsreport.indicators.context import Context, as_int, result
from opsreport.indicators.result import IndicatorResult, Item
from opsreport.indicators.stats import share, weighted_share


def latest_rounds(instruments: tuple[str, ...], ctx: Context, count: int = 2) -> list[dict]:
    """The newest ``count`` rounds of the instruments ending on or before the period end."""
    key = ("latest_rounds", tuple(instruments), count)
    return [dict(row) for row in ctx.once(key, lambda: _read_rounds(instruments, ctx, count))]


def _read_rounds(instruments: tuple[str, ...], ctx: Context, count: int) -> list[dict]:
    r, i = ctx.tables.survey_round, ctx.tables.survey_instrument
    joined = r.join(i, r.instrument_id == i.id).filter(
        i.code.isin(instruments), r.fieldwork_end <= ctx.period.end
    )
    rounds = (
        joined.select(
            round_id=r.id,
            code=r.code,
            fieldwork_start=r.fieldwork_start,
            fieldwork_end=r.fieldwork_end,
            provinces=r.provinces,
            instrument_id=i.id,
        )
        .order_by([r.fieldwork_end.desc(), r.code.desc()])
        .limit(count)
    )
    return ctx.tables.rows(rounds)


def _answers(round_id: int, question: str, ctx: Context) -> Any:
    """Answer rows to ``question`` of the respondents of a round who were not screened out."""
    resp, a = ctx.tables.survey_response, ctx.tables.survey_answer
    kept = resp.filter(resp.round_id == round_id, ~resp.screened_out)
    return a.filter(a.question == question, a.response_id.isin(kept.id))


def instrument_questions(instrument_id: int, ctx: Context) -> dict:
    """The instrument's question list, stored as JSON (read once per computation)."""
    return ctx.once(("questions", instrument_id), lambda: _read_questions(instrument_id, ctx))


def _read_questions(instrument_id: int, ctx: Context) -> dict:
    i = ctx.tables.survey_instrument
    text = ctx.tables.scalar(i.filter(i.id == instrument_id).questions.cast("string").max())
    if isinstance(text, str) and text:
        return json.loads(text)
    return text if isinstance(text, dict) else {}


def choice_item(questions: Any, question: str, code: str, value: Any = None) -> Item:
    """An answer named from the instrument's question list, or by its code.

    ``questions[question]["choices"]`` is a list of ``{name, label_en, label_es}`` (what
    :mod:`opsreport.survey` stores) or a mapping of name to labels.
    """
    choices = ((questions or {}).get(question) or {}).get("choices") or {}
    if isinstance(choices, list):
        choices = {c.get("name"): c for c in choices if isinstance(c, dict)}
    label = choices.get(code)
    if isinstance(label, dict):
        en = label.get("label_en") or label.get("en") or code
        es = label.get("label_es") or label.get("es") or en
    else:
        en = es = str(label) if label else code
    return Item(code=code, name_en=en, name_es=es, value=value)


def _ranking(round_row: dict, question: str, ctx: Context) -> list[Item]:
    """Answers by respondents choosing them, largest first; base and counts in one query."""
    a = _answers(round_row["round_id"], question, ctx)
    per_answer = a.group_by(key=a.value).aggregate(count=a.response_id.nunique())
    base = a.aggregate(n=a.response_id.nunique())
    rows = ctx.tables.rows(per_answer.cross_join(base))
    n = as_int(rows[0]["n"]) if rows else 0
    counts = sorted(
        ((row["key"], as_int(row["count"])) for row in rows), key=lambda pair: (-pair[1], pair[0])
    )
    questions = instrument_questions(round_row["instrument_id"], ctx)
    return [choice_item(questions, question, code, share(count, n)) for code, count in counts]


def _weighted(a: Any, chosen: Any, ctx: Context):
    """A weighted share: each respondent once, with the weight of their response."""
    import ibis

    per = a.group_by(rid=a.response_id).aggregate(hit=ibis.ifelse(chosen, 1, 0).max())
    resp = ctx.tables.survey_response
    j = per.join(resp, per.rid == resp.id)
    row = ctx.tables.rows(
        j.aggregate(
            sw=j.weight.sum(), sw2=(j.weight * j.weight).sum(), swk=(j.weight * j.hit).sum()
        )
    )[0]
    return weighted_share(row["sw"] or 0.0, row["sw2"] or 0.0, row["swk"] or 0.0)


def _round_meta(round_row: dict) -> dict[str, Any]:
    return {
        "round": round_row["code"],
        "fieldwork_start": round_row["fieldwork_start"],
        "fieldwork_end": round_row["fieldwork_end"],
    }


def measure_survey(indicator: Indicator, ctx: Context) -> IndicatorResult:
    rounds = latest_rounds(indicator.filters["instrument"], ctx)
    if not rounds:
        return result(indicator, None, meta={"round": None})
    latest = rounds[0]
    meta = _round_meta(latest)
    if indicator.unit == "records":
        resp = ctx.tables.survey_response
        kept = resp.filter(resp.round_id == latest["round_id"], ~resp.screened_out)
        value = as_int(ctx.tables.scalar(kept.count()))
        provinces = [code for code in (latest["provinces"] or "").split() if code]
        items = [ctx.item("admin_unit", code) for code in provinces]
        meta["previous_round"] = rounds[1]["code"] if len(rounds) > 1 else None
        return result(indicator, value, items=items, meta=meta)
    question = indicator.one("question")
    if indicator.unit == "share":
        a = _answers(latest["round_id"], question, ctx)
        chosen = a.value.isin(indicator.filters["choice"])
        if indicator.weighted:
            answer = _weighted(a, chosen, ctx)
        else:
            row = ctx.tables.rows(
                a.aggregate(n=a.response_id.nunique(), k=a.response_id.nunique(where=chosen))
            )[0]
            answer = share(as_int(row["k"]), as_int(row["n"]))
        value = answer.value if answer else None
        return result(indicator, value, share=answer, meta=meta)
    items = _ranking(latest, question, ctx)
    previous = rounds[1] if len(rounds) > 1 else None
    previous_items = _ranking(previous, question, ctx) if previous else []
    meta["previous_round"] = previous["code"] if previous else None
    meta["previous_top"] = previous_items[0].code if previous_items else None
    top = items[0].value if items else None
    return result(indicator, top.value if top else None, items=items, meta=meta)
