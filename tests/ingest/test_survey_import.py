"""Kobo exports of the FMS import into a round: every export shape, idempotent by _uuid."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from ingest_helpers import count
from openpyxl import Workbook
from sqlalchemy import select

from opsreport.ingest import import_file, undo_batch
from opsreport.ingest.kinds.survey_responses import survey_responses_kind
from opsreport.store import models as m
from opsreport.survey import round_summaries

# group-path headers, a select_multiple as names AND as 0/1 columns, Kobo system columns
HEADERS = [
    "start",
    "metadata/survey_date",
    "metadata/fmp",
    "metadata/consent",
    "metadata/previously_surveyed",
    "respondent/sex",
    "respondent/age",
    "respondent/nationality",
    "information/info_sources_route",
    "information/info_sources_route/family_friends_migrated",
    "information/info_sources_route/social_media",
    "information/main_info_source",
    "journey/days_in_jungle",
    "_id",
    "_uuid",
    "_submission_time",
    "_index",
]


def response(uuid, day="2023-07-10", fmp="lajas_blancas", consent="yes", again="no",
             sex="female", age="30", nat="VEN", sources="social_media", main="social_media",
             days="4"):  # fmt: skip
    flags = ["1" if c in sources.split() else "0" for c in ("family_friends_migrated",
                                                            "social_media")]  # fmt: skip
    return ["", day, fmp, consent, again, sex, age, nat, sources, *flags, main, days, "1",
            uuid, f"{day}T15:00:00", "1"]  # fmt: skip


def write_export(path: Path, rows: list[list[str]], headers=HEADERS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


JULY = [
    response("u1", sources="family_friends_migrated social_media", main="family_friends_migrated"),
    response("u2", day="2023-07-20", fmp="los_planes_gualaca"),
    response("u3", consent="no", sex="", age="", nat="", sources="", main="", days=""),
    response("u4", again="yes", sex="", age="", nat="", sources="", main="", days=""),
]


def _answers(store, uuid: str) -> set[tuple[str, str]]:
    r, a = m.SurveyResponse, m.SurveyAnswer
    with store.session() as session:
        return set(
            session.execute(
                select(a.question, a.value).join(r, r.id == a.response_id).where(r.uuid == uuid)
            ).all()
        )


def test_an_export_attaches_to_a_new_round_and_reimports_without_duplicates(store, tmp_path):
    export = write_export(tmp_path / "fms-july.csv", JULY)
    kind = survey_responses_kind(round_code="fms-2023-07")
    report = import_file(store, export, kind)
    assert (report.inserted, report.rows_rejected) == (4, 0), report.issues
    assert not [i for i in report.issues if i.code == "ignored-column" and "info" in i.column]
    [summary] = round_summaries(store)
    assert (summary.code, summary.responses, summary.screened_out) == ("fms-2023-07", 4, 2)
    assert (summary.fieldwork_start, summary.fieldwork_end) == (
        dt.date(2023, 7, 10),
        dt.date(2023, 7, 20),
    )
    assert summary.provinces == ["PA05", "PA02"]
    assert ("info_sources_route", "family_friends_migrated") in _answers(store, "u1")
    assert ("info_sources_route", "social_media") in _answers(store, "u1")
    with store.session() as session:
        screened = session.execute(
            select(m.SurveyResponse.uuid, m.SurveyResponse.screened_out).order_by(
                m.SurveyResponse.uuid
            )
        ).all()
    assert screened == [("u1", False), ("u2", False), ("u3", True), ("u4", True)]
    answers = count(store, "survey_answer")

    again = import_file(store, export, kind)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 4)
    # a later, overlapping export: one new response and one corrected answer
    later = write_export(
        tmp_path / "fms-july-2.csv",
        [
            *JULY[:1],
            response("u2", day="2023-07-20", fmp="los_planes_gualaca", days="6"),
            *JULY[2:],
            response("u5", day="2023-07-25"),
        ],  # fmt: skip
    )
    third = import_file(store, later, kind)
    assert (third.inserted, third.updated, third.unchanged) == (1, 1, 3)
    assert count(store, "survey_response") == 5
    assert ("days_in_jungle", "6") in _answers(store, "u2")
    assert ("days_in_jungle", "4") not in _answers(store, "u2")
    assert round_summaries(store)[0].fieldwork_end == dt.date(2023, 7, 25)
    undo_batch(store, third.batch_id)
    assert count(store, "survey_response") == 4
    assert count(store, "survey_answer") >= answers - len(_answers(store, "u5"))


def test_a_spanish_label_export_with_only_choice_columns_reads_the_same(store, tmp_path):
    path = tmp_path / "fms-etiquetas.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Fecha de la entrevista",
            "Punto de monitoreo de flujos",
            "¿Acepta responder una breve encuesta anónima sobre su viaje?",
            "Sexo",
            "Edad (años)",
            "Nacionalidad",
            "¿Dónde obtuvo información sobre la ruta?/Familiares o amistades que habían migrado",
            "¿Dónde obtuvo información sobre la ruta?/Redes sociales",
            "¿Cuál fue su principal fuente de información?",
            "_uuid",
        ]
    )
    sheet.append(
        [
            "2023-07-11",
            "ETRM Lajas Blancas (Darién)",
            "Sí",
            "Mujer",
            34,
            "Haití",
            1,
            1,
            "Familiares o amistades que habían migrado",
            "es-1",
        ]
    )
    book.save(path)
    report = import_file(store, path, survey_responses_kind(round_code="r"))
    assert report.inserted == 1, report.issues
    got = _answers(store, "es-1")
    assert {
        ("fmp", "lajas_blancas"),
        ("sex", "female"),
        ("nationality", "HTI"),
        ("info_sources_route", "family_friends_migrated"),
        ("info_sources_route", "social_media"),
        ("main_info_source", "family_friends_migrated"),
    } <= got
    with store.session() as session:
        stored = session.scalars(select(m.SurveyResponse)).one()
    assert (stored.sex, stored.age, stored.nationality, stored.province_pcode) == (
        "female",
        34,
        "HTI",
        "PA05",
    )


def test_answers_outside_the_form_are_rejected_with_the_allowed_choices(store, tmp_path):
    export = write_export(
        tmp_path / "bad.csv",
        [
            response("b1", main="tiktok"),
            response("b2", age="17"),
            response("b3", day="2023-13-40"),
            response("b4"),
        ],
    )
    report = import_file(store, export, survey_responses_kind(round_code="bad"))
    by_row = {i.row: (i.code, i.column, i.message) for i in report.issues if i.rejects}
    assert by_row[2][:2] == ("unknown-choice", "information/main_info_source")
    assert "family_friends_migrated, social_media, smugglers_guides" in by_row[2][2]
    assert by_row[3][:2] == ("out-of-range", "respondent/age")
    assert by_row[4][1] == "metadata/survey_date"
    assert report.inserted == 1
    with store.session() as session:
        kept = session.scalars(select(m.RejectedRow.value).order_by(m.RejectedRow.row_number))
        assert list(kept)[:2] == ["tiktok", "17"]


def test_an_odk_central_export_names_the_same_response_by_its_instance_id(store, tmp_path):
    kobo = write_export(tmp_path / "kobo.csv", JULY[:1])
    import_file(store, kobo, survey_responses_kind(round_code="r"))
    central = tmp_path / "central.csv"
    central.write_text(
        "SubmissionDate,survey_date,consent,sex,meta/instanceID\n"
        "2023-07-10T15:00:00,2023-07-10,yes,female,uuid:u1\n",
        encoding="utf-8",
    )
    report = import_file(store, central, survey_responses_kind(round_code="r"))
    assert report.inserted == 0 and count(store, "survey_response") == 1


def test_without_a_round_the_export_goes_to_the_form_and_month_of_its_first_interview(
    store, tmp_path
):
    export = write_export(tmp_path / "fms.csv", JULY)
    report = import_file(store, export, "survey-responses")  # as 'opsreport import' does
    assert report.inserted == len(JULY)
    assert [s.code for s in round_summaries(store)] == ["fms-2023-07"]
    undo_batch(store, report.batch_id)
    assert count(store, "survey_response") == count(store, "survey_answer") == 0


def test_a_round_of_another_form_refuses_the_export(store, tmp_path):
    import dataclasses

    import pytest

    from opsreport.errors import SurveyError
    from opsreport.survey import load_instrument
    from opsreport.survey.rounds import create_round

    other = dataclasses.replace(load_instrument("fms"), code="hh-survey")
    create_round(store, "hh-1", other, dt.date(2023, 7, 1), dt.date(2023, 7, 31), [])
    export = write_export(tmp_path / "fms.csv", JULY)
    with pytest.raises(SurveyError, match="round of the hh-survey form"):
        import_file(store, export, survey_responses_kind(round_code="hh-1"))
    assert count(store, "survey_response") == 0 and count(store, "import_batch") == 0
