"""Undoing survey imports gives their round back: its fieldwork, or no round at all."""

from __future__ import annotations

import datetime as dt

from ingest_helpers import count, write_text

from opsreport.ingest import import_file, undo_batch
from opsreport.ingest.kinds.survey_responses import survey_responses_kind
from opsreport.survey import load_instrument, round_summaries
from opsreport.survey.rounds import create_round

HEADER = "survey_date,fmp,consent,sex,age,nationality,main_info_source,_uuid"
D = dt.date


def export(path, *rows: str):
    return write_text(path, [HEADER, *rows])


def summary(store):
    return [
        (s.code, s.fieldwork_start, s.fieldwork_end, s.provinces, s.responses)
        for s in round_summaries(store)
    ]


def test_a_round_created_beforehand_stays_and_gets_its_fieldwork_back(store, tmp_path):
    create_round(store, "fms-r1", load_instrument("fms"), D(2023, 7, 10), D(2023, 7, 15), ["PA05"])
    created = summary(store)
    path = export(
        tmp_path / "julio.csv",
        "2023-07-12,lajas_blancas,yes,female,30,VEN,social_media,u1",
        "2023-07-20,los_planes_gualaca,yes,male,40,COL,social_media,u2",
    )
    report = import_file(store, path, survey_responses_kind(round_code="fms-r1"))
    assert report.inserted == 2
    assert summary(store) == [("fms-r1", D(2023, 7, 10), D(2023, 7, 20), ["PA05", "PA02"], 2)]
    undo_batch(store, report.batch_id)
    assert summary(store) == created  # kept, as it was made, with no response


def test_the_round_an_import_made_goes_when_its_last_response_is_undone(store, tmp_path):
    first = export(
        tmp_path / "a.csv",
        "2023-07-10,lajas_blancas,yes,female,30,VEN,social_media,u1",
        "2023-07-20,lajas_blancas,yes,male,40,COL,social_media,u2",
    )
    later = export(
        tmp_path / "b.csv", "2023-07-25,los_planes_gualaca,yes,female,22,ECU,social_media,u3"
    )
    a = import_file(store, first, "survey-responses")  # makes round fms-2023-07
    b = import_file(store, later, "survey-responses")  # into the same round (its month)
    assert summary(store) == [("fms-2023-07", D(2023, 7, 10), D(2023, 7, 25), ["PA05", "PA02"], 3)]
    # the round's maker first: the round stays while a later import's response is in it
    undo_batch(store, a.batch_id)
    assert [(code, n) for code, *_, n in summary(store)] == [("fms-2023-07", 1)]
    undo_batch(store, b.batch_id)
    assert summary(store) == []
    assert count(store, "survey_instrument") == 0  # the form the first import registered
