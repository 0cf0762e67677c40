"""The store keeps its data whole: foreign keys, unique record ids, all-or-nothing sessions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from opsreport.mission import apply_mission_file, load_mission_file
from opsreport.store import models as m

PANAMA = Path(__file__).parents[2] / "src" / "opsreport" / "demo" / "panama-mission.yaml"


@pytest.fixture
def mission_store(fresh_store):
    """A fresh store with the Panama reference data and one person."""
    mission = load_mission_file(PANAMA)
    apply_mission_file(fresh_store, mission, actor="test")
    with fresh_store.session() as session:
        person = m.Person(person_key="k" * 32, sex="female", birth_year=1990)
        session.add(person)
    fresh_store.codes = {
        "activity": mission.tables["activity"][0]["code"],
        "site": mission.tables["site"][0]["code"],
        "group": mission.tables["population_group"][0]["code"],
        "audience": mission.tables["audience"][0]["code"],
        "person": person.id,
    }
    return fresh_store


def _service(codes: dict, record_id: str = "svc-1", **changes) -> m.ServiceRecord:
    values = {
        "record_id": record_id,
        "person_id": codes["person"],
        "activity_code": codes["activity"],
        "service_date": dt.date(2023, 8, 14),
        "site_code": codes["site"],
        "population_group_code": codes["group"],
    }
    values.update(changes)
    return m.ServiceRecord(**values)


def _count(store, model) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_service_record_with_known_references_is_stored(mission_store):
    with mission_store.session() as session:
        session.add(_service(mission_store.codes))
    assert _count(mission_store, m.ServiceRecord) == 1


def test_a_service_record_with_an_unknown_activity_is_refused(mission_store):
    with pytest.raises(IntegrityError):
        with mission_store.session() as session:
            session.add(_service(mission_store.codes, activity_code="no-such-activity"))
    assert _count(mission_store, m.ServiceRecord) == 0


def test_a_service_record_with_an_unknown_person_is_refused(mission_store):
    with pytest.raises(IntegrityError):
        with mission_store.session() as session:
            session.add(_service(mission_store.codes, person_id=999_999))


def test_record_ids_are_unique(mission_store):
    with mission_store.session() as session:
        session.add(_service(mission_store.codes, "same-id"))
    with pytest.raises(IntegrityError):
        with mission_store.session() as session:
            session.add(_service(mission_store.codes, "same-id", service_date=dt.date(2023, 9, 1)))
    assert _count(mission_store, m.ServiceRecord) == 1


def test_event_record_ids_are_unique(mission_store):
    codes = mission_store.codes

    def event() -> m.Event:
        return m.Event(
            record_id="evt-1",
            activity_code=codes["activity"],
            audience_code=codes["audience"],
            start_date=dt.date(2023, 8, 1),
            end_date=dt.date(2023, 8, 1),
            site_code=codes["site"],
        )

    with mission_store.session() as session:
        session.add(event())
    with pytest.raises(IntegrityError):
        with mission_store.session() as session:
            session.add(event())


def test_person_keys_are_unique(mission_store):
    with pytest.raises(IntegrityError):
        with mission_store.session() as session:
            session.add(m.Person(person_key="k" * 32))


def test_an_interrupted_session_leaves_the_store_unchanged(mission_store):
    before = (_count(mission_store, m.ServiceRecord), _count(mission_store, m.AuditEntry))

    class Interrupted(Exception):
        pass

    with pytest.raises(Interrupted):
        with mission_store.session() as session:
            session.add(_service(mission_store.codes, "svc-a"))
            session.add(m.AuditEntry(actor="test", action="import"))
            session.flush()  # the rows reached the database inside the transaction
            raise Interrupted

    after = (_count(mission_store, m.ServiceRecord), _count(mission_store, m.AuditEntry))
    assert after == before
