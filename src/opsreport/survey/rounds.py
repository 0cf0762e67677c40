"""Instruments and rounds in the store: registering a form, listing the rounds surveyed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from opsreport.store.models import SurveyInstrument, SurveyResponse, SurveyRound
from opsreport.survey.instrument import Instrument


def register_instrument(store, instrument: Instrument) -> int:
    """Insert or update the ``survey_instrument`` row of this code and version; its id.

    Registering the same instrument twice changes nothing; registering an edited form of
    the same version refreshes titles and questions, so answers keep their instrument.
    """
    values = {
        "title_en": instrument.title("en")[:300],
        "title_es": instrument.title("es")[:300],
        "form_file": instrument.form_file[:500] or None,
        "questions": instrument.questions_json(),
    }
    with store.session() as session:
        row = session.scalars(
            select(SurveyInstrument).where(
                SurveyInstrument.code == instrument.code,
                SurveyInstrument.version == instrument.version,
            )
        ).one_or_none()
        if row is None:
            row = SurveyInstrument(code=instrument.code, version=instrument.version, **values)
            session.add(row)
        else:
            for key, value in values.items():
                if getattr(row, key) != value:
                    setattr(row, key, value)
        session.flush()
        return row.id


@dataclass(frozen=True)
class RoundSummary:
    code: str
    instrument: str  # code and version, e.g. "fms 2023.1"
    fieldwork_start: dt.date
    fieldwork_end: dt.date
    provinces: list[str]
    responses: int
    screened_out: int


def round_summaries(store) -> list[RoundSummary]:
    """Every survey round in the store, oldest fieldwork first, with its response counts."""
    screened = func.sum(func.cast(SurveyResponse.screened_out, SurveyResponse.id.type))
    counts = (
        select(
            SurveyResponse.round_id,
            func.count(SurveyResponse.id).label("responses"),
            func.coalesce(screened, 0).label("screened_out"),
        )
        .group_by(SurveyResponse.round_id)
        .subquery()
    )
    query = (
        select(
            SurveyRound,
            SurveyInstrument.code,
            SurveyInstrument.version,
            func.coalesce(counts.c.responses, 0),
            func.coalesce(counts.c.screened_out, 0),
        )
        .join(SurveyInstrument, SurveyInstrument.id == SurveyRound.instrument_id)
        .outerjoin(counts, counts.c.round_id == SurveyRound.id)
        .order_by(SurveyRound.fieldwork_start, SurveyRound.code)
    )
    with store.session() as session:
        return [
            RoundSummary(
                code=round_.code,
                instrument=f"{code} {version}",
                fieldwork_start=round_.fieldwork_start,
                fieldwork_end=round_.fieldwork_end,
                provinces=round_.provinces.split(),
                responses=int(responses),
                screened_out=int(screened_out),
            )
            for round_, code, version, responses, screened_out in session.execute(query)
        ]
