"""Instruments and rounds in the store: registering a form, listing the rounds surveyed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update

from opsreport.store.models import SurveyInstrument, SurveyResponse, SurveyRound
from opsreport.survey.i18n import tr
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


def _instrument_id(conn, instrument: Instrument) -> int:
    """The instrument's row id, registering it inside the caller's transaction."""
    table = SurveyInstrument.__table__
    found = conn.execute(
        select(table.c.id).where(
            table.c.code == instrument.code, table.c.version == instrument.version
        )
    ).scalar_one_or_none()
    if found is not None:
        return found
    return conn.execute(
        insert(table)
        .values(
            code=instrument.code,
            version=instrument.version,
            title_en=instrument.title("en")[:300],
            title_es=instrument.title("es")[:300],
            form_file=instrument.form_file[:500] or None,
            questions=instrument.questions_json(),
        )
        .returning(table.c.id)
    ).scalar_one()


def ensure_round(
    conn,
    instrument: Instrument,
    code: str,
    start: dt.date,
    end: dt.date,
    provinces: list[str],
) -> int:
    """The id of round ``code``, created with these fieldwork dates and provinces if new.

    Runs on the caller's connection, so a round made by an import is part of the import's
    transaction: a failed import leaves no empty round behind.
    """
    table, forms = SurveyRound.__table__, SurveyInstrument.__table__
    found = conn.execute(
        select(table.c.id, forms.c.code)
        .join(forms, forms.c.id == table.c.instrument_id)
        .where(table.c.code == code)
    ).first()
    if found is not None:
        if found.code != instrument.code:
            from opsreport.errors import SurveyError

            raise SurveyError(
                tr(
                    "Round {code} is a round of the {form} form, not of {instrument}. "
                    "Import the export into another round (--round), or with its own form "
                    "(--form)."
                ).format(code=code, form=found.code, instrument=instrument.code)
            )
        return found.id
    return conn.execute(
        insert(table)
        .values(
            code=code,
            instrument_id=_instrument_id(conn, instrument),
            fieldwork_start=start,
            fieldwork_end=end,
            provinces=" ".join(dict.fromkeys(provinces)),
        )
        .returning(table.c.id)
    ).scalar_one()


def widen_round(
    conn, round_id: int, start: dt.date, end: dt.date, provinces: list[str]
) -> dict[str, object] | None:
    """Stretch a round's fieldwork dates and provinces to cover responses imported into it.

    Returns what the round was before (its dates and provinces) when it changed, so that
    undoing the import can put it back; ``None`` when it already covered them.
    """
    table = SurveyRound.__table__
    row = conn.execute(select(table).where(table.c.id == round_id)).one()
    known = row.provinces.split()
    merged = known + [p for p in dict.fromkeys(provinces) if p not in known]
    values = {
        "fieldwork_start": min(row.fieldwork_start, start),
        "fieldwork_end": max(row.fieldwork_end, end),
        "provinces": " ".join(merged),
    }
    if all(getattr(row, key) == value for key, value in values.items()):
        return None
    conn.execute(update(table).where(table.c.id == round_id).values(**values))
    return {key: getattr(row, key) for key in values}


def create_round(
    store,
    code: str,
    instrument: Instrument,
    start: dt.date,
    end: dt.date,
    provinces: list[str],
    actor: str = "unknown",
) -> int:
    """Create a survey round explicitly (before its responses are imported); audited.

    Refuses a code already used, and an end before the start.
    """
    from opsreport.errors import SurveyError
    from opsreport.store.models import AuditEntry

    if end < start:
        raise SurveyError(
            tr("The round ends ({end}) before it starts ({start}).").format(end=end, start=start)
        )
    with store.engine.begin() as conn:
        table = SurveyRound.__table__
        if conn.execute(select(table.c.id).where(table.c.code == code)).first():
            raise SurveyError(
                tr("There is already a round {code}. 'opsreport survey rounds' lists them.").format(
                    code=code
                )
            )
        round_id = ensure_round(conn, instrument, code, start, end, provinces)
        conn.execute(
            insert(AuditEntry.__table__).values(
                actor=actor,
                action="survey-round",
                target=f"round {code}",
                detail={
                    "instrument": f"{instrument.code} {instrument.version}",
                    "fieldwork_start": start.isoformat(),
                    "fieldwork_end": end.isoformat(),
                    "provinces": provinces,
                },
            )
        )
    return round_id
