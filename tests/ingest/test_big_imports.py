"""A big import writes faster than a small one, but leaves the store exactly as a small one
would: the same indexes, the same records, nothing when it is rolled back.

An import bringing at least as many records as the store holds sets some of the records'
plain indexes aside and rebuilds them before its commit (more of them when it is bigger
still). The thresholds are lowered here so that a file of a few hundred rows takes those
paths.
"""

from __future__ import annotations

import sqlite3

import pytest
from ingest_helpers import SERVICES_HEADER, count, write_text

from opsreport.ingest import import_file, writing

ROW = "{id};P{person};F;34;VEN;migrant-residing;legal-orientation;15/08/2023;pty-legal-desk;"


def _file(tmp_path, ids, name="servicios.csv"):
    lines = [SERVICES_HEADER] + [ROW.format(id=i, person=n % 70) for n, i in enumerate(ids)]
    return write_text(tmp_path / name, lines)


def _schema(store) -> list[tuple]:
    path = store.engine.url.database
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'service_record' ORDER BY name"
        ).fetchall()


def _integrity(store) -> str:
    with sqlite3.connect(store.engine.url.database) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.fixture
def big(monkeypatch):
    monkeypatch.setattr(writing, "BULK_ROWS", 100)


@pytest.fixture(params=["big", "bigger than the page cache"])
def rebuilt(request, monkeypatch, big):
    """The indexes an import set aside and rebuilt: at BULK_ROWS the one on person ids; at
    BIG_ROWS (lowered here too) also the one on dates."""
    if request.param != "big":
        monkeypatch.setattr(writing, "BIG_ROWS", 200)
    found: list[str] = []
    rebuild = writing.BulkIndexes.rebuild

    def noting(self):
        found.extend(name for name, _sql in self.dropped)
        rebuild(self)

    monkeypatch.setattr(writing.BulkIndexes, "rebuild", noting)
    expected = {"ix_service_record_person_id"}
    if request.param != "big":
        expected |= {"ix_service_record_service_date"}
    return found, expected


def test_a_big_first_import_leaves_the_same_indexes_and_finds_records_by_them(
    rebuilt, sqlite_mission_store, tmp_path
):
    store = sqlite_mission_store
    before = _schema(store)
    assert any(name.startswith("ix_") for name, _ in before)
    report = import_file(store, _file(tmp_path, [f"r{n}" for n in range(300)]), "services")
    assert (report.inserted, report.rows_rejected) == (300, 0)
    found, expected = rebuilt
    assert set(found) == expected  # set aside during the import, and rebuilt
    assert _schema(store) == before
    assert _integrity(store) == "ok"
    with sqlite3.connect(store.engine.url.database) as db:
        plan = db.execute(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM service_record WHERE service_date = ?",
            ("2023-08-15",),
        ).fetchall()
        assert "ix_service_record_service_date" in str(plan)
        found = db.execute(
            "SELECT count(*) FROM service_record WHERE service_date = '2023-08-15'"
        ).fetchone()
    assert found == (300,)


def test_a_big_import_rolled_back_leaves_indexes_and_no_records(
    big, sqlite_mission_store, tmp_path
):
    store = sqlite_mission_store
    before = _schema(store)
    ids = [f"r{n}" for n in range(300)]
    ids[-1] = "r0"  # one duplicate: --strict refuses the whole file
    path = _file(tmp_path, ids)
    dry = import_file(store, path, "services", dry_run=True)
    strict = import_file(store, path, "services", strict=True)
    assert (dry.committed, strict.committed) == (False, False)
    assert count(store, "service_record") == 0
    assert _schema(store) == before and _integrity(store) == "ok"


def test_a_big_import_over_earlier_records_updates_and_skips_them(
    big, sqlite_mission_store, tmp_path
):
    """New records go in first; the ones that existed are compared, not duplicated."""
    store = sqlite_mission_store
    first = import_file(store, _file(tmp_path, [f"r{n}" for n in range(200)], "a.csv"), "services")
    assert first.inserted == 200
    overlapping = _file(tmp_path, [f"r{n}" for n in range(100, 400)], "b.csv")
    report = import_file(store, overlapping, "services")
    assert (report.inserted, report.updated, report.unchanged) == (200, 100, 0)  # other people
    assert count(store, "service_record") == 400
    assert _integrity(store) == "ok"


def test_a_rebuild_gives_the_connection_back_with_its_sort_threads(
    rebuilt, sqlite_mission_store, tmp_path
):
    """SQLite sorts the rebuilt indexes with a helper thread (the core the checking process
    used is free by then); the pooled connection does not keep that setting."""
    store = sqlite_mission_store

    def threads_now() -> int:
        with store.engine.connect() as conn:
            return conn.connection.driver_connection.execute("PRAGMA threads").fetchone()[0]

    before = threads_now()
    report = import_file(store, _file(tmp_path, [f"r{n}" for n in range(300)]), "services")
    found, expected = rebuilt
    assert report.inserted == 300 and set(found) == expected  # indexes were rebuilt
    assert threads_now() == before
    assert _integrity(store) == "ok"
