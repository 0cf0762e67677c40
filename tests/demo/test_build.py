"""Building the demo into a store: empty stores only, pseudonymous, audited, resettable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from opsreport.demo import DemoStoreNotEmpty, build_demo, generate, reset_store
from opsreport.errors import OpsreportError
from opsreport.store import models as m


def count(store, model) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_build_writes_every_generated_row_and_reports_progress(fresh_store):
    steps = []
    summary = build_demo(
        fresh_store, progress=lambda step, done, total: steps.append((step, done, total))
    )
    expected = generate().counts()
    assert summary.counts == expected
    assert count(fresh_store, m.ServiceRecord) == expected["service_record"]
    assert count(fresh_store, m.SurveyAnswer) == expected["survey_answer"]
    assert count(fresh_store, m.Site) == 13
    assert steps[-1][1] == steps[-1][2]
    assert [done for _, done, _ in steps] == sorted(done for _, done, _ in steps)
    with fresh_store.session() as session:
        audit = session.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "demo")).one()
    assert audit.detail["counts"]["person"] == summary.people


def test_records_can_be_added_after_the_demo(fresh_store):
    """Ids were written explicitly: the next record must still get a free id."""
    build_demo(fresh_store)
    with fresh_store.session() as session:
        person = m.Person(
            person_key="a-new-person", sex="female", population_group_code="migrant-transit"
        )
        session.add(person)
        session.flush()
        session.add(
            m.ServiceRecord(
                record_id="after-the-demo-1",
                person_id=person.id,
                activity_code="medical-care",
                service_date=dt.date(2023, 11, 2),
                site_code="etrm-lajas-blancas",
                population_group_code="migrant-transit",
            )
        )
    assert count(fresh_store, m.Person) == generate().counts()["person"] + 1
    assert count(fresh_store, m.ServiceRecord) == generate().counts()["service_record"] + 1


def test_a_store_with_records_is_refused(sqlite_store):
    build_demo(sqlite_store)
    with pytest.raises(DemoStoreNotEmpty, match="--fresh") as raised:
        build_demo(sqlite_store)
    assert isinstance(raised.value, OpsreportError)
    assert count(sqlite_store, m.Person) == generate().counts()["person"]


def test_reset_store_empties_it_for_a_new_build(fresh_store):
    build_demo(fresh_store, seed=1)
    reset_store(fresh_store)
    assert count(fresh_store, m.Person) == 0
    assert count(fresh_store, m.Office) == 0
    build_demo(fresh_store, seed=2)
    assert count(fresh_store, m.Person) == generate(2).counts()["person"]


def test_no_raw_demo_identifier_reaches_the_database_file(sqlite_store):
    data = generate()
    build_demo(sqlite_store)
    sqlite_store.dispose()
    database = Path(make_url(sqlite_store.url).database)
    content = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
    assert b"DEMO-PERSON-" not in content and b"DEMO-STAFF-" not in content
    for raw in data.raw_identifiers()[:: len(data.raw_identifiers()) // 50]:
        assert raw.encode() not in content
    with sqlite_store.session() as session:
        keys = session.scalars(select(m.Person.person_key)).all()
    assert len(keys) == len(data["person"]) and all(len(key) == 32 for key in keys)


def test_survey_rounds_and_transit_counts_arrive_through_the_importer(sqlite_store, tmp_path):
    """The Kobo exports and the SNM table give exactly the generated rows, one batch each."""
    data = generate()
    summary = build_demo(sqlite_store, files=tmp_path)
    imported = {name: (kind, read, rejected) for kind, name, _, read, rejected in summary.imports}
    assert imported["fms-2023-06-kobo.csv"] == ("survey-responses", 262, 0)
    assert imported["fms-2023-07-kobo.csv"] == ("survey-responses", 315, 1)  # a minor: out
    assert imported["snm-transitos-darien-2023.csv"] == ("transits", 31, 1)  # a bad group
    fields = ("survey_date", "fmp", "province_pcode", "sex", "age", "nationality")
    fields += ("consent", "previously_surveyed", "screened_out")
    with sqlite_store.session() as session:
        responses = session.scalars(select(m.SurveyResponse)).all()
        rounds = {r.id: r for r in session.scalars(select(m.SurveyRound))}
        uuids = {r.id: r.uuid for r in responses}
        answers = session.execute(
            select(m.SurveyAnswer.response_id, m.SurveyAnswer.question, m.SurveyAnswer.value)
        ).all()
        stored = {
            r.uuid: (rounds[r.round_id].code, *(getattr(r, f) for f in fields)) for r in responses
        }
        batches = {r.batch_id for r in responses}
        transits = sorted(
            (t.month, t.place, t.nationality or "", t.group or "", t.count, t.source, t.batch_id)
            for t in session.scalars(select(m.TransitCount))
        )
        fieldwork = {
            r.code: (r.fieldwork_start, r.fieldwork_end, r.provinces) for r in rounds.values()
        }
    codes = {r["id"]: r["code"] for r in data["survey_round"]}
    assert stored == {
        r["uuid"]: (codes[r["round_id"]], *(r[f] for f in fields)) for r in data["survey_response"]
    }
    assert len(batches) == 2 and None not in batches
    generated = {r["id"]: r["uuid"] for r in data["survey_response"]}
    assert sorted((uuids[a[0]], a[1], a[2]) for a in answers) == sorted(
        (generated[a["response_id"]], a["question"], a["value"]) for a in data["survey_answer"]
    )
    assert fieldwork == {
        r["code"]: (r["fieldwork_start"], r["fieldwork_end"], r["provinces"])
        for r in data["survey_round"]
    }
    assert [t[:6] for t in transits] == sorted(
        (t["month"], t["place"], t["nationality"] or "", t["group"] or "", t["count"], t["source"])
        for t in data["transit_count"]
    )
    assert len({t[6] for t in transits}) == 1 and transits[0][6] is not None
