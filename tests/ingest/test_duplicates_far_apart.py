"""Duplicates are found however far apart they are in the file, and the store is left clean.

The importer checks a chunk of rows at a time against the keys of earlier chunks, kept in
a table of the import's own transaction (so memory does not grow with the file). These
files are longer than one chunk, so the repeats below cross chunk boundaries.
"""

from __future__ import annotations

import sqlite3

import pytest
from ingest_helpers import SERVICES_HEADER, count, write_text
from sqlalchemy import text

from opsreport.ingest import import_file
from opsreport.ingest.batch import CHUNK
from opsreport.ingest.duplicates import MARK, SeenKeys

ROW = "{id};P{person};F;34;VEN;migrant-residing;legal-orientation;15/08/2023;pty-legal-desk;"


def _file(tmp_path, ids: list[str]):
    lines = [SERVICES_HEADER] + [ROW.format(id=i, person=n % 50) for n, i in enumerate(ids)]
    return write_text(tmp_path / "servicios.csv", lines)


def test_a_repeat_several_chunks_later_names_the_first_row(store, tmp_path):
    ids = [f"r{n}" for n in range(2 * CHUNK + 10)]
    ids[CHUNK + 3] = "r1"  # file row CHUNK + 5 repeats file row 3
    ids[-1] = "r1"  # and the last row does too
    ids[-2] = ids[-3]  # two neighbours in the last chunk
    path = _file(tmp_path, ids)
    report = import_file(store, path, "services")
    found = [(i.row, i.code, i.message.split(" already")[0]) for i in report.issues]
    last = len(ids) + 1
    assert found == [
        (CHUNK + 5, "duplicate-record", "Row 3"),
        (last - 1, "duplicate-record", f"Row {last - 2}"),
        (last, "duplicate-record", "Row 3"),
    ]
    assert report.rows_read == len(ids)
    assert (report.rows_accepted, report.rows_rejected) == (len(ids) - 3, 3)
    assert count(store, "service_record") == len(ids) - 3

    again = import_file(store, path, "services")
    assert (again.inserted, again.unchanged, again.rows_rejected) == (0, len(ids) - 3, 3)


def test_the_import_leaves_no_table_of_keys_behind(store, tmp_path):
    path = _file(tmp_path, [f"r{n}" for n in range(CHUNK + 1)] + ["r0"])
    dry = import_file(store, path, "services", dry_run=True)
    done = import_file(store, path, "services")
    assert [i.row for i in dry.issues] == [i.row for i in done.issues] == [CHUNK + 3]
    with store.engine.connect() as conn:
        # a later import on the same connection starts from no keys at all
        assert import_file(store, path, "services").rows_rejected == 1
        if conn.dialect.name == "sqlite":
            left = "SELECT count(*) FROM sqlite_temp_master WHERE name LIKE 'opsreport%'"
        else:
            left = "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'opsreport%'"
        assert conn.execute(text(left)).scalar_one() == 0


@pytest.fixture
def seen():
    keys = SeenKeys(sqlite3.connect("", isolation_level=None))
    yield keys
    keys.close()


def test_keys_remembered_in_one_statement_or_row_by_row_give_the_same_first_rows(seen, monkeypatch):
    """On SQLite a chunk whose rows are numbered one after another goes in as one JSON array;
    rows with gaps (blank rows skipped) and keys holding a NUL go in row by row. Either
    way each key's first row is remembered, and repeats are told."""
    in_one: list[bool] = []  # for each claim, whether it went in as one statement
    claim_run = SeenKeys._claim_run

    def noting(self, texts, numbers):
        found = claim_run(self, texts, numbers)
        in_one.append(found is not None)
        return found

    monkeypatch.setattr(SeenKeys, "_claim_run", noting)
    odd = ['say "hi"', "back\\slash", "año", MARK + "('a', 1)", "null"]
    assert seen.claim(["a", "b", "a"], [10, 11, 12]) is False  # a repeat inside the chunk
    assert seen.claim(["c", None, "d", *odd], [13, 14, 15, 16, 17, 18, 19, 20]) is True
    assert seen.claim(["e", "f"], [30, 35]) is True  # a gap
    assert seen.claim(["x\x00y", "x\x00z"], [36, 37]) is True  # NUL inside keys
    assert seen.claim(["f", "g", "x\x00z"], [38, 39, 40]) is False  # repeats of earlier chunks
    assert in_one == [True, True, False, False, False]
    firsts = seen.first_rows(["a", "b", "c", "d", "e", "f", "g", "x\x00y", "x\x00z", *odd])
    assert firsts == {
        "a": 10, "b": 11, "c": 13, "d": 15, "e": 30, "f": 35, "g": 39,
        "x\x00y": 36, "x\x00z": 37, **dict(zip(odd, range(16, 21), strict=True)),
    }  # fmt: skip
