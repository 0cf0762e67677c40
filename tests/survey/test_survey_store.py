"""The instrument and its rounds in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import func, select

from opsreport.store import models as m
from opsreport.survey import load_instrument, register_instrument, round_summaries


def test_registering_the_fms_twice_keeps_one_row(fresh_store):
    fms = load_instrument("fms")
    first = register_instrument(fresh_store, fms)
    second = register_instrument(fresh_store, fms)
    assert first == second
    with fresh_store.session() as session:
        assert session.scalar(select(func.count()).select_from(m.SurveyInstrument)) == 1
        row = session.get(m.SurveyInstrument, first)
        assert (row.code, row.version) == ("fms", "2023.1")
        assert row.title_es == "Encuesta de Monitoreo de Flujos (EMF)"
        assert row.form_file == "opsreport:survey/forms/fms.yaml"
        assert row.questions == fms.questions_json()
        assert row.questions["main_needs"]["sensitive"] is True


def test_an_edited_form_of_the_same_version_updates_the_row(fresh_store):
    fms = load_instrument("fms")
    first = register_instrument(fresh_store, fms)
    edited = dataclasses.replace(fms, questions=fms.questions[:-1])  # weight removed
    assert register_instrument(fresh_store, edited) == first
    with fresh_store.session() as session:
        assert "weight" not in session.get(m.SurveyInstrument, first).questions


def test_a_new_version_is_a_new_row(fresh_store):
    fms = load_instrument("fms")
    first = register_instrument(fresh_store, fms)
    second = register_instrument(fresh_store, dataclasses.replace(fms, version="2024.1"))
    assert first != second


def _add_round(store, instrument_id: int, code: str, start: dt.date, screened: list[bool]):
    with store.session() as session:
        round_ = m.SurveyRound(
            code=code,
            instrument_id=instrument_id,
            fieldwork_start=start,
            fieldwork_end=start + dt.timedelta(days=9),
            provinces="PA05 PA02",
        )
        session.add(round_)
        session.flush()
        for index, out in enumerate(screened):
            session.add(
                m.SurveyResponse(
                    round_id=round_.id,
                    uuid=f"{code}-{index}",
                    survey_date=start,
                    consent=not out,
                    screened_out=out,
                )
            )


def test_round_summaries_count_responses_and_screened_out(fresh_store):
    instrument_id = register_instrument(fresh_store, load_instrument("fms"))
    _add_round(
        fresh_store, instrument_id, "fms-2023-07", dt.date(2023, 7, 10), [False] * 4 + [True]
    )
    _add_round(fresh_store, instrument_id, "fms-2023-03", dt.date(2023, 3, 6), [False, True, True])
    _add_round(fresh_store, instrument_id, "fms-2023-10", dt.date(2023, 10, 2), [])
    summaries = round_summaries(fresh_store)
    assert [(s.code, s.responses, s.screened_out) for s in summaries] == [
        ("fms-2023-03", 3, 2),
        ("fms-2023-07", 5, 1),
        ("fms-2023-10", 0, 0),
    ]
    assert summaries[1].provinces == ["PA05", "PA02"]
    assert summaries[1].instrument == "fms 2023.1"
    assert summaries[1].fieldwork_end == dt.date(2023, 7, 19)
