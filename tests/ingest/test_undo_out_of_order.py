"""Undoing a batch while later batches stand never loses what they changed.

A batch A is imported, then a batch B that changes some of A's records (and adds some).
Undoing A first would put A's "before" values over B's newer ones, or delete records B
updated: the undo refuses, names B, and changes nothing. Undoing B then A gives back the
store as it was before A. A later batch that changed none of A's records does not stop
the undo of A, and keeps its records as they are; undoing it afterwards still gives back
the store as it was before A (no person of A's left behind).
"""

from __future__ import annotations

import datetime as dt

import pytest
from ingest_helpers import count, write_text
from sqlalchemy import select
from test_undo_restores import CASES, differences, setup_and_first, snapshot

from opsreport.errors import ImportError_
from opsreport.ingest import import_file, undo_batch
from opsreport.ingest.kinds.survey_responses import survey_responses_kind
from opsreport.store import models as m
from opsreport.survey import load_instrument, round_summaries
from opsreport.survey.rounds import create_round


def status(store, batch_id: int) -> str:
    with store.session() as session:
        return session.get(m.ImportBatch, batch_id).status


def audit(store) -> list[tuple[str, dict]]:
    with store.session() as session:
        entries = session.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id))
        return [(e.action, e.detail or {}) for e in entries]


@pytest.mark.parametrize("case", CASES, ids=[c.kind for c in CASES])
def test_a_batch_a_later_one_changed_is_not_undone_before_it(store, tmp_path, case):
    before, first, after_first = setup_and_first(store, tmp_path, case)
    second = import_file(store, write_text(tmp_path / "a2.csv", case.second), case.kind)
    assert second.committed and second.updated >= case.updated, second
    after_second = snapshot(store)
    logged = audit(store)

    message = f"Batch {second.batch_id} changed records batch {first.batch_id} wrote"
    with pytest.raises(ImportError_, match=message) as refused:
        undo_batch(store, first.batch_id)
    assert f"undo batch {second.batch_id} first" in str(refused.value)
    # nothing changed: the records, the batch's status, the audit log
    assert differences(after_second, snapshot(store)) == {}
    assert status(store, first.batch_id) == "complete"
    assert audit(store) == logged

    undo_batch(store, second.batch_id)
    assert differences(after_first, snapshot(store)) == {}
    undo_batch(store, first.batch_id)  # now nothing later stands in its way
    assert differences(before, snapshot(store)) == {}


SERVICES = "record_id,person_id,sex,birth_year,nationality,population_group,activity,"
SERVICES += "service_date,site"
FIRST = [
    SERVICES,
    "s-1,P1,female,1990,VEN,migrant-residing,legal-orientation,2023-08-15,pty-legal-desk",
    "s-2,P2,male,1985,COL,migrant-residing,legal-orientation,2023-08-16,pty-legal-desk",
]


def services(store) -> dict[str, tuple]:
    """record ID -> (date, activity, person's year of birth), as a list of records shows."""
    person = m.Person.__table__
    record = m.ServiceRecord.__table__
    query = select(
        record.c.record_id, record.c.service_date, record.c.activity_code, person.c.birth_year
    ).join(person, person.c.id == record.c.person_id)
    with store.engine.connect() as conn:
        return {row[0]: tuple(row[1:]) for row in conn.execute(query)}


def test_several_later_batches_are_named_and_the_newest_is_undone_first(store, tmp_path):
    first = import_file(store, write_text(tmp_path / "a.csv", FIRST), "services")
    changed = FIRST[0], FIRST[1].replace("2023-08-15", "2023-08-20")
    second = import_file(store, write_text(tmp_path / "b.csv", list(changed)), "services")
    again = FIRST[0], FIRST[1].replace("2023-08-15", "2023-08-21")
    third = import_file(store, write_text(tmp_path / "c.csv", list(again)), "services")
    assert (second.updated, third.updated) == (1, 1)
    later = f"{second.batch_id}, {third.batch_id}"
    with pytest.raises(ImportError_, match=f"Batches {later} changed records batch 1 wrote"):
        undo_batch(store, first.batch_id)
    # the middle one too: the third changed the record after it
    with pytest.raises(ImportError_, match=f"Batch {third.batch_id} changed records batch 2"):
        undo_batch(store, second.batch_id)
    assert services(store)["s-1"][0] == dt.date(2023, 8, 21)
    undo_batch(store, third.batch_id)
    assert services(store)["s-1"][0] == dt.date(2023, 8, 20)
    undo_batch(store, second.batch_id)
    assert services(store)["s-1"][0] == dt.date(2023, 8, 15)
    undo_batch(store, first.batch_id)
    assert services(store) == {} and count(store, "person") == 0


def test_a_later_batch_that_changed_none_of_its_records_stays_whole(store, tmp_path):
    before = snapshot(store)
    first = import_file(store, write_text(tmp_path / "a.csv", FIRST), "services")
    later = [
        SERVICES,
        # a new record of a person the first batch brought in, and a new person
        "s-3,P1,female,1990,VEN,migrant-residing,psychosocial-support,2023-08-22,pty-office",
        "s-4,P3,female,2001,HTI,migrant-transit,hygiene-kit,2023-08-23,etrm-lajas-blancas",
    ]
    second = import_file(store, write_text(tmp_path / "b.csv", later), "services")
    assert (second.inserted, second.updated) == (2, 0)
    kept = {k: v for k, v in services(store).items() if k in ("s-3", "s-4")}

    undo_batch(store, first.batch_id)
    assert services(store) == kept  # the later batch's records, as it wrote them
    undone = [d for action, d in audit(store) if action == "undo"]
    assert undone[-1]["batch_id"] == first.batch_id
    assert undone[-1]["later_batches_kept"] == [second.batch_id]

    undo_batch(store, second.batch_id)
    # the person of the first batch that the second one used went with the second
    assert differences(before, snapshot(store)) == {}


def test_a_refused_undo_is_written_in_spanish_too(store, tmp_path, monkeypatch):
    first = import_file(store, write_text(tmp_path / "a.csv", FIRST), "services")
    changed = FIRST[0], FIRST[2].replace("legal-orientation", "psychosocial-support")
    second = import_file(store, write_text(tmp_path / "b.csv", list(changed)), "services")
    monkeypatch.setenv("OPSREPORT_LANG", "es")
    with pytest.raises(ImportError_) as refused:
        undo_batch(store, first.batch_id)
    assert str(refused.value) == (
        f"El lote {second.batch_id} cambió registros que escribió el lote {first.batch_id}: "
        f"deshaga primero el lote {second.batch_id}. No se cambió nada."
    )


HEADER = "survey_date,fmp,consent,sex,age,nationality,main_info_source,_uuid"
D = dt.date


def rounds(store):
    return [
        (s.code, s.fieldwork_start, s.fieldwork_end, sorted(s.provinces), s.responses)
        for s in round_summaries(store)
    ]


def test_a_round_two_imports_stretched_gets_its_own_fieldwork_back_in_any_order(store, tmp_path):
    create_round(store, "fms-r1", load_instrument("fms"), D(2023, 7, 10), D(2023, 7, 15), ["PA05"])
    created = rounds(store)
    kind = survey_responses_kind(round_code="fms-r1")
    a = import_file(
        store,
        write_text(
            tmp_path / "a.csv",
            [HEADER, "2023-07-20,lajas_blancas,yes,female,30,VEN,social_media,u1"],
        ),
        kind,
    )
    b = import_file(
        store,
        write_text(
            tmp_path / "b.csv",
            [HEADER, "2023-07-25,los_planes_gualaca,yes,male,40,COL,social_media,u2"],
        ),
        kind,
    )
    assert rounds(store) == [("fms-r1", D(2023, 7, 10), D(2023, 7, 25), ["PA02", "PA05"], 2)]
    undo_batch(store, a.batch_id)  # no response of A's was changed by B
    assert rounds(store) == [("fms-r1", D(2023, 7, 10), D(2023, 7, 25), ["PA02", "PA05"], 1)]
    undo_batch(store, b.batch_id)
    # not the fieldwork B found (A's stretch included): the round as it was created
    assert rounds(store) == created


def test_file_names_that_look_like_audit_text_do_not_confuse_undo(store, tmp_path):
    # a services file whose name reads like a survey import's audit entry, imported first
    # so that it is batch 1 and the survey import is batch 2
    odd = write_text(tmp_path / "batch 2: survey-responses from x.csv", FIRST)
    services_batch = import_file(store, odd, "services")
    survey = write_text(
        tmp_path / "batch 1: survey-responses from batch 1.csv",
        [HEADER, "2023-07-20,lajas_blancas,yes,female,30,VEN,social_media,u1"],
    )
    made = import_file(store, survey, "survey-responses")  # makes round fms-2023-07
    assert (services_batch.batch_id, made.batch_id) == (1, 2)
    undo_batch(store, services_batch.batch_id)
    assert [(code, n) for code, *_, n in rounds(store)] == [("fms-2023-07", 1)]
    undo_batch(store, made.batch_id)
    assert rounds(store) == [] and count(store, "survey_instrument") == 0


def test_the_command_says_what_it_refused_put_back_and_kept(sqlite_mission_store, tmp_path):
    from test_mapping_and_cli import run

    store = sqlite_mission_store
    changed = FIRST[0], FIRST[1].replace("2023-08-15", "2023-08-20")
    added = FIRST[0], FIRST[1].replace("s-1", "s-9").replace("2023-08-15", "2023-08-25")
    for name, lines in (("a.csv", FIRST), ("b.csv", list(changed)), ("c.csv", list(added))):
        done = run(store, tmp_path, "import", "services", str(write_text(tmp_path / name, lines)))
        assert done.returncode == 0, done.stderr

    refused = run(store, tmp_path, "undo", "1")
    assert refused.returncode == 1
    assert "Batch 2 changed records batch 1 wrote: undo batch 2 first." in refused.stderr
    assert "Nothing was changed." in refused.stderr
    assert "undone" not in run(store, tmp_path, "batches").stdout

    undone = run(store, tmp_path, "undo", "2")
    assert undone.returncode == 0, undone.stderr
    said = " ".join(undone.stdout.split())
    assert "Batch 2 undone: removed" in said
    assert "Earlier records it had changed got their values back: 1." in said
    assert "Batch 3, imported later, changed none of its records: it stays as it is." in said
    assert services(store)["s-1"][0] == dt.date(2023, 8, 15)
    assert services(store)["s-9"][0] == dt.date(2023, 8, 25)
    assert run(store, tmp_path, "undo", "1").returncode == 0
    assert list(services(store)) == ["s-9"]


def test_an_undo_waits_for_an_import_in_progress_and_sees_its_changes(store, tmp_path):
    import threading

    first = import_file(store, write_text(tmp_path / "a.csv", FIRST), "services")
    changed = write_text(
        tmp_path / "b.csv", [FIRST[0], FIRST[1].replace("2023-08-15", "2023-08-20")]
    )
    writing, go = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def paused(_rows: int, _share: float | None) -> None:
        writing.set()  # the import's records are written, not committed yet
        assert go.wait(60)

    def importing() -> None:
        results["import"] = import_file(store, changed, "services", progress=paused)

    def undoing() -> None:
        try:
            results["undo"] = undo_batch(store, first.batch_id)
        except ImportError_ as refused:
            results["undo"] = refused

    importer = threading.Thread(target=importing)
    importer.start()
    assert writing.wait(60)
    undoer = threading.Thread(target=undoing)
    undoer.start()
    undoer.join(1)
    assert undoer.is_alive()  # waiting for the import, not undoing beside it
    go.set()
    importer.join(60)
    undoer.join(60)
    second = results["import"]
    assert second.committed and second.updated == 1
    # the undo saw the import's change of the first batch's record and refused
    assert isinstance(results["undo"], ImportError_), results["undo"]
    assert f"Batch {second.batch_id} changed records batch {first.batch_id}" in str(results["undo"])
    assert services(store)["s-1"][0] == dt.date(2023, 8, 20)


def test_an_undo_that_cannot_wait_longer_for_an_import_changes_nothing(
    sqlite_mission_store, tmp_path
):
    import sqlite3

    from sqlalchemy import event

    store = sqlite_mission_store
    first = import_file(store, write_text(tmp_path / "a.csv", FIRST), "services")
    # the store's connections wait 0.1 s for a lock instead of 10 s
    event.listen(store.engine, "connect", lambda dbapi, _: dbapi.execute("PRAGMA busy_timeout=100"))
    store.engine.dispose()
    other = sqlite3.connect(store.engine.url.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer, as an import holds the store
    try:
        with pytest.raises(ImportError_, match="an import is still writing to the store"):
            undo_batch(store, first.batch_id)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert status(store, first.batch_id) == "complete" and len(services(store)) == 2
    undo_batch(store, first.batch_id)
    assert services(store) == {}
