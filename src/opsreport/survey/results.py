"""Results of a survey round: every choice question's shares with their base, and numbers.

The question list comes from the instrument stored with the round, so a mission's
modified form (a question or a choice added) gets its results without a code change.
Every share states its base: ``n`` is the respondents of the round who were not screened
out and who answered the question; a multiple-choice option counts the respondents who
chose it over those who answered the question, so the options of one question may add up
to more than 100%. Each share carries its 95% Wilson interval and the small-n flag of
:mod:`opsreport.indicators.stats`.

Counting is done in the database (SQLAlchemy Core ``GROUP BY``), never by looping over
responses in Python. Quartiles are read by ordering the answers in the database and
fetching the one or two values around each quartile (``LIMIT``/``OFFSET``), because
SQLite has no percentile function.

Sensitive questions (protection and needs) in public results never show a count below
the suppression threshold; a second cell of a single-choice question is hidden with it,
so the hidden one cannot be recovered from the base.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Float, and_, case, cast, distinct, func, select

from opsreport.errors import SurveyError
from opsreport.indicators.result import Share
from opsreport.indicators.stats import share
from opsreport.store.models import SurveyAnswer, SurveyInstrument, SurveyResponse, SurveyRound
from opsreport.survey.i18n import tr, translations

SUPPRESSION_THRESHOLD = 5
NUMERIC_TYPES = ("integer", "decimal")
_R = SurveyResponse
DIMENSIONS: dict[str, Any] = {
    "province": _R.province_pcode,
    "fmp": _R.fmp,
    "nationality": _R.nationality,
    "sex": _R.sex,
    "age-group": case((_R.age.is_(None), None), (_R.age >= 60, "60+"), else_="18-59"),
}


@dataclass
class AnswerShare:
    """One choice of one question (within one group when results are broken down)."""

    choice: str
    label_en: str
    label_es: str
    count: int | None  # None when suppressed
    n: int
    share: Share | None
    rank: int
    group: str | None = None
    suppressed: bool = False

    def label(self, lang: str) -> str:
        return self.label_es if lang == "es" else self.label_en


@dataclass
class QuestionResult:
    question: str
    type: str
    label_en: str
    label_es: str
    sensitive: bool
    answers: list[AnswerShare] = field(default_factory=list)
    n: dict[str | None, int] = field(default_factory=dict)  # base per group

    @property
    def multiple(self) -> bool:
        return self.type == "select_multiple"

    def label(self, lang: str) -> str:
        return self.label_es if lang == "es" else self.label_en


@dataclass
class NumericSummary:
    question: str
    label_en: str
    label_es: str
    n: int
    median: float | None
    q1: float | None
    q3: float | None
    group: str | None = None

    def label(self, lang: str) -> str:
        return self.label_es if lang == "es" else self.label_en


@dataclass
class RoundResults:
    round: str
    instrument: str
    fieldwork_start: dt.date
    fieldwork_end: dt.date
    responses: int
    screened_out: int
    by: str | None
    public: bool
    threshold: int
    questions: list[QuestionResult] = field(default_factory=list)
    numbers: list[NumericSummary] = field(default_factory=list)


def _round(session, code: str, lang: str = "en"):
    found = session.execute(
        select(SurveyRound, SurveyInstrument)
        .join(SurveyInstrument, SurveyInstrument.id == SurveyRound.instrument_id)
        .where(SurveyRound.code == code)
    ).first()
    if found is None:
        known = ", ".join(session.scalars(select(SurveyRound.code).order_by(SurveyRound.code)))
        _ = translations(lang).gettext
        raise SurveyError(
            _("There is no survey round '{code}'. Rounds in the store: {known}.").format(
                code=code, known=known or _("none")
            )
        )
    return found


def round_results(
    store,
    round_code: str,
    *,
    by: str | None = None,
    questions: list[str] | None = None,
    public: bool = False,
    threshold: int = SUPPRESSION_THRESHOLD,
    lang: str = "en",
) -> RoundResults:
    """Shares of every choice question of a round (or of ``questions``), and numbers.

    ``lang`` is the language of the messages (a round that does not exist).
    """
    if by is not None and by not in DIMENSIONS:
        raise SurveyError(
            tr("--by must be one of {choices}, not '{by}'.").format(
                choices=", ".join(DIMENSIONS), by=by
            )
        )
    with store.session() as session:
        round_, instrument = _round(session, round_code, lang)
        form = instrument.questions or {}
        wanted = questions or list(form)
        unknown = [q for q in wanted if q not in form]
        if unknown:
            raise SurveyError(
                tr(
                    "{questions}: not a question of {instrument}. "
                    "'opsreport survey questions' lists them."
                ).format(
                    questions=", ".join(unknown),
                    instrument=f"{instrument.code} {instrument.version}",
                )
            )
        counts = session.execute(
            select(func.count(_R.id), func.count(_R.id).filter(_R.screened_out))
            .where(_R.round_id == round_.id)
        ).one()  # fmt: skip
        results = RoundResults(
            round=round_.code,
            instrument=f"{instrument.code} {instrument.version}",
            fieldwork_start=round_.fieldwork_start,
            fieldwork_end=round_.fieldwork_end,
            responses=int(counts[0]),
            screened_out=int(counts[1] or 0),
            by=by,
            public=public,
            threshold=threshold,
        )
        group = DIMENSIONS[by].label("grp") if by else None
        kept = (
            select(_R.id, *([group] if group is not None else []))
            .where(_R.round_id == round_.id, _R.screened_out.is_(False))
            .subquery()
        )
        selects = [q for q in wanted if form[q].get("type") in ("select_one", "select_multiple")]
        if selects:
            results.questions = _shares(session, kept, form, selects, by is not None)
        numeric = [
            q
            for q in wanted
            if form[q].get("type") in NUMERIC_TYPES and form[q].get("label_en") not in (None, q)
        ]
        for q in numeric:
            results.numbers.extend(_numbers(session, kept, q, form[q], by is not None))
    if public:
        for question in results.questions:
            if question.sensitive:
                _suppress(question, threshold)
    return results


def _shares(session, kept, form: dict, names: list[str], grouped: bool) -> list[QuestionResult]:
    a = SurveyAnswer
    keys = [a.question, *([kept.c.grp] if grouped else [])]
    joined = and_(a.response_id == kept.c.id, a.question.in_(names))
    bases = session.execute(
        select(*keys, func.count(distinct(a.response_id)))
        .select_from(a)
        .join(kept, joined)
        .group_by(*keys)
    ).all()
    chosen = session.execute(
        select(*keys, a.value, func.count(distinct(a.response_id)))
        .select_from(a)
        .join(kept, joined)
        .group_by(*keys, a.value)
    ).all()
    n: dict[tuple[str, str | None], int] = {}
    for row in bases:
        n[(row[0], row[1] if grouped else None)] = int(row[-1])
    picked: dict[tuple[str, str | None], dict[str, int]] = {}
    for row in chosen:
        key = (row[0], row[1] if grouped else None)
        picked.setdefault(key, {})[row[-2]] = int(row[-1])
    results = []
    for name in names:
        spec = form[name]
        labels = {c["name"]: c for c in spec.get("choices") or []}
        result = QuestionResult(
            question=name,
            type=spec["type"],
            label_en=spec.get("label_en") or name,
            label_es=spec.get("label_es") or spec.get("label_en") or name,
            sensitive=bool(spec.get("sensitive")),
        )
        groups = sorted({g for (q, g) in n if q == name}, key=lambda g: (g is None, str(g)))
        for g in groups:
            base = n[(name, g)]
            result.n[g] = base
            counted = picked.get((name, g), {})
            ordered = sorted(counted.items(), key=lambda pair: (-pair[1], pair[0]))
            ordered += [(c, 0) for c in labels if c not in counted]  # chosen by nobody
            for rank, (choice, count) in enumerate(ordered, start=1):
                label = labels.get(choice) or {}
                result.answers.append(
                    AnswerShare(
                        choice=choice,
                        label_en=label.get("label_en") or choice,
                        label_es=label.get("label_es") or label.get("label_en") or choice,
                        count=count,
                        n=base,
                        share=share(count, base),
                        rank=rank,
                        group=g,
                    )
                )
        results.append(result)
    return results


def _numbers(session, kept, name: str, spec: dict, grouped: bool) -> list[NumericSummary]:
    a = SurveyAnswer
    value = cast(a.value, Float)
    joined = and_(a.response_id == kept.c.id, a.question == name)
    keys = [kept.c.grp] if grouped else []
    sizes = session.execute(
        select(*keys, func.count()).select_from(a).join(kept, joined).group_by(*keys)
    ).all()
    summaries = []
    for row in sizes:
        g = row[0] if grouped else None
        count = int(row[-1])
        where = [kept.c.grp == g] if grouped and g is not None else []
        if grouped and g is None:
            where = [kept.c.grp.is_(None)]
        ordered = select(value).select_from(a).join(kept, joined).where(*where).order_by(value)

        def quantile(p: float, ordered=ordered, count=count) -> float | None:
            if not count:
                return None
            position = (count - 1) * p
            low = math.floor(position)
            pair = [float(v) for v in session.scalars(ordered.limit(2).offset(low))]
            if len(pair) == 1 or position == low:
                return pair[0]
            return pair[0] + (pair[1] - pair[0]) * (position - low)

        summaries.append(
            NumericSummary(
                question=name,
                label_en=spec.get("label_en") or name,
                label_es=spec.get("label_es") or spec.get("label_en") or name,
                n=count,
                median=quantile(0.5),
                q1=quantile(0.25),
                q3=quantile(0.75),
                group=g,
            )
        )
    return summaries


def _suppress(question: QuestionResult, threshold: int) -> None:
    """Hide counts below the threshold; for a single choice also the next smallest count."""
    by_group: dict[str | None, list[AnswerShare]] = {}
    for answer in question.answers:
        by_group.setdefault(answer.group, []).append(answer)
    for answers in by_group.values():
        small = [x for x in answers if x.count is not None and x.count < threshold]
        if not question.multiple and len(small) == 1:
            rest = sorted((x for x in answers if x not in small), key=lambda x: x.count or 0)
            small += rest[:1]
        for answer in small:
            answer.count, answer.share, answer.suppressed = None, None, True
