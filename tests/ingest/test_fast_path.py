"""The importer's fast path changes nothing a user can see: same keys, same records."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_helpers import count, write_text

from opsreport.ingest import import_file
from opsreport.ingest.batch import CHUNK
from opsreport.ingest.validate import identifier_hasher
from opsreport.privacy import person_key

SECRET = b"a-test-secret-of-more-than-thirty-two-bytes"
HEADER = (
    "Record ID,Person ID,Sex,Year of birth,Age,Nationality,Population group,Activity,"
    "Service date,Site,Topic"
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=20))
def test_the_fast_keyed_hash_gives_the_keys_of_person_key(identifiers):
    hashed = identifier_hasher(SECRET)
    for raw in identifiers + identifiers:  # the second time from memory
        assert hashed(raw) == person_key(raw, SECRET)


def test_accented_and_spaced_identifiers_are_one_person(store, tmp_path):
    path = write_text(
        tmp_path / "people.csv",
        [
            HEADER,
            "a,ÁB 12,F,1990,,VEN,migrant-residing,legal-orientation,2023-08-01,pty-legal-desk,",
            "b,ab12,F,1990,,VEN,migrant-residing,legal-orientation,2023-08-02,pty-legal-desk,",
        ],
    )
    report = import_file(store, path, "services")
    assert report.inserted == 2
    assert count(store, "person") == 1


def test_a_person_back_in_a_later_chunk_gets_a_blank_filled_and_stays_one(store, tmp_path):
    """People are remembered across chunks; a blank year of birth is still filled in."""
    site = "pty-legal-desk,"
    lines = [HEADER, f"r0,P-1,F,,,VEN,migrant-residing,legal-orientation,2023-08-01,{site}"]
    lines += [
        f"r{n},Q-{n},M,1980,,COL,migrant-residing,legal-orientation,2023-08-01,{site}"
        for n in range(1, CHUNK + 10)
    ]
    lines += [f"last,P-1,F,1991,,VEN,migrant-residing,legal-orientation,2023-08-03,{site}"]
    lines += [f"again,P-1,F,1991,,VEN,migrant-residing,legal-orientation,2023-08-04,{site}"]
    report = import_file(store, write_text(tmp_path / "long.csv", lines), "services")
    assert report.rows_rejected == 0 and report.inserted == CHUNK + 12
    assert count(store, "person") == CHUNK + 10
    from sqlalchemy import select

    from opsreport.store import models as m

    with store.session() as session:
        years = session.scalars(
            select(m.Person.birth_year).where(m.Person.person_key == person_key("P-1"))
        ).all()
    assert years == [1991]


def test_reimporting_with_a_changed_date_updates_it_on_both_stores(store, tmp_path):
    row = "r1,P-1,F,1990,,VEN,migrant-residing,legal-orientation,{},pty-legal-desk,"
    first = write_text(tmp_path / "a.csv", [HEADER, row.format("2023-08-01")])
    import_file(store, first, "services")
    same = import_file(store, first, "services")
    assert (same.inserted, same.updated, same.unchanged) == (0, 0, 1)
    moved = write_text(tmp_path / "b.csv", [HEADER, row.format("2023-08-09")])
    report = import_file(store, moved, "services")
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 0)


def test_day_first_dates_with_dashes_are_still_learnt_from_the_file(store, tmp_path):
    rows = [
        "a,P1,F,1990,,VEN,migrant-residing,legal-orientation,25-08-2023,pty-legal-desk,",
        "b,P2,F,1990,,VEN,migrant-residing,legal-orientation,05-08-2023,pty-legal-desk,",
    ]
    report = import_file(store, write_text(tmp_path / "dashes.csv", [HEADER, *rows]), "services")
    assert report.rows_rejected == 0 and report.date_conventions["service_date"] == "day-first"


def test_an_import_leaves_sqlite_waiting_for_the_disk_again(sqlite_mission_store, tmp_path):
    """synchronous=NORMAL and the big caches are for the import only; the connection's
    settings come back."""
    row = "r1,P-1,F,1990,,VEN,migrant-residing,legal-orientation,2023-08-01,pty-legal-desk,"

    def settings():
        with sqlite_mission_store.engine.connect() as conn:
            driver = conn.connection.driver_connection
            assert isinstance(driver, sqlite3.Connection)
            return [
                driver.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("synchronous", "cache_size", "temp.cache_size")
            ]

    before = settings()
    import_file(sqlite_mission_store, write_text(tmp_path / "a.csv", [HEADER, row]), "services")
    assert settings() == before and before[0] == 2  # FULL


def test_a_totals_row_labelled_in_its_second_cell_still_ends_the_data(store, tmp_path):
    """The quick test that skips most rows must not skip 'Agosto, Total, 2'."""
    rows = [
        "a,P1,F,1990,,VEN,migrant-residing,legal-orientation,2023-08-25,pty-legal-desk,",
        "  ,  , ,,,,,,,,",  # a row of spaces is blank, not a row with missing values
        "b,P2,F,1990,,VEN,migrant-residing,legal-orientation,2023-08-05,pty-legal-desk,",
        "Agosto,Total,2,,,,,,,,",
        "c,P3,F,1990,,VEN,migrant-residing,legal-orientation,2023-08-05,pty-legal-desk,",
    ]
    report = import_file(store, write_text(tmp_path / "totals.csv", [HEADER, *rows]), "services")
    assert (report.rows_read, report.inserted, report.rows_rejected) == (2, 2, 0)
    assert report.totals_row == 5


def test_the_scan_for_day_first_dates_reads_past_its_first_block(tmp_path):
    """A file of ISO dates is not parsed twice; a 15-08-2023 deep in the file is found."""
    from opsreport.ingest.batch import _may_have_slashed_dates

    iso = b"r,2023-07-19,x\n" * 400_000  # more than one 4 MiB block
    path = tmp_path / "iso.csv"
    path.write_bytes(iso)
    assert not _may_have_slashed_dates(path)
    path.write_bytes(iso + b"r,15-08-2023,x\n")
    assert _may_have_slashed_dates(path)


def test_the_scan_for_day_first_dates_sees_dates_across_its_blocks_and_no_more(tmp_path):
    """A 15-08-2023 cut in two by the end of a block is found; the end of a bigger number
    (the 23-08-2023 of 123-08-2023) carried over from the block before is not a date."""
    from opsreport.ingest.batch import _may_have_slashed_dates

    block = 1 << 22
    row = b"r,2023-07-19,x\n"

    def file_with(text: bytes, at_end: int) -> Path:
        """``text`` placed so that the first block ends ``at_end`` bytes into it."""
        before = block - at_end
        filler = row * (before // len(row))
        filler += b"y" * (before - len(filler)) + b","
        path = tmp_path / "cut.csv"
        path.write_bytes(filler[1:] + text + row * 10)
        return path

    assert _may_have_slashed_dates(file_with(b"15-08-2023,x\n", 6))  # 15-08- | 2023
    assert _may_have_slashed_dates(file_with(b"5-8-2023,x\n", 1))  # 5 | -8-2023
    # the block's last 16 bytes start with 23-08-2023 (then 3-08-2023): the 1 stays behind
    assert not _may_have_slashed_dates(file_with(b"123-08-2023,x\n" + row, 17))
    assert not _may_have_slashed_dates(file_with(b"123-08-2023,x\n" + row, 18))


def test_small_memories_forget_values_but_not_what_is_imported(store, tmp_path, monkeypatch):
    """With room for only a few values and people, the import gives the same answer."""
    from opsreport.ingest import validate, writing

    site = "pty-legal-desk,"
    lines = [HEADER]
    for n in range(CHUNK * 2 + 50):
        person = f"P-{n % 40}"
        year = "19x0" if n % 97 == 0 else str(1950 + n % 60)  # a bad year now and then
        lines.append(
            f"r{n},{person},F,{year},,VEN,migrant-residing,legal-orientation,"
            f"2023-08-{1 + n % 28:02d},{site}"
        )
    path = write_text(tmp_path / "repeats.csv", lines)

    def outcome(store):
        report = import_file(store, path, "services", dry_run=True)
        shown = [(i.row, i.code, i.value) for i in report.issues]
        return shown, report.rows_rejected, report.inserted

    plenty = outcome(store)
    monkeypatch.setattr(validate, "REMEMBER", 7)
    monkeypatch.setattr(writing, "KNOWN_PEOPLE", 5)
    assert outcome(store) == plenty
    assert plenty[1] == len([n for n in range(CHUNK * 2 + 50) if n % 97 == 0])
    report = import_file(store, path, "services")
    assert count(store, "person") == 40 and report.inserted == plenty[2]


def test_rows_past_the_first_chunk_skip_blanks_reject_by_number_and_stop_at_totals(store, tmp_path):
    """Blank rows, a rejected row and the totals row past the first chunk keep their
    file row numbers, and nothing after the totals row is read."""
    site = "pty-legal-desk,"
    good = [
        f"r{n},P-{n},F,1990,,VEN,migrant-residing,legal-orientation,2023-08-01,{site}"
        for n in range(CHUNK + 20)
    ]
    tail = [
        "",  # a blank line
        " , ,  ,,,,,,,,",  # a row of spaces
        f"bad,P-x,F,1990,,VEN,migrant-residing,legal-orientation,2023-13-45,{site}",
        f" spaced , P-y ,F,1990,,VEN,migrant-residing,legal-orientation,2023-08-02,{site}",
        "Agosto,Total,99,,,,,,,,",
        f"after,P-z,F,1990,,VEN,migrant-residing,legal-orientation,2023-08-02,{site}",
    ]
    path = write_text(tmp_path / "long.csv", [HEADER, *good, *tail])
    report = import_file(store, path, "services")
    header_rows = 1
    bad_row = header_rows + len(good) + 3
    assert (report.rows_read, report.inserted, report.rows_rejected) == (CHUNK + 22, CHUNK + 21, 1)
    assert [(i.row, i.code, i.value) for i in report.issues] == [
        (bad_row, "invalid-date", "2023-13-45")
    ]
    assert report.rejected[0].cells[0] == "bad"
    assert report.totals_row == bad_row + 2
    with store.engine.connect() as conn:
        from sqlalchemy import text

        found = conn.execute(
            text("SELECT count(*) FROM service_record WHERE record_id IN ('spaced', 'after')")
        ).scalar_one()
    assert found == 1  # the stripped ID; nothing after the totals row


def test_rows_without_their_last_empty_cell_are_read_in_any_chunk(store, tmp_path):
    site = "pty-legal-desk"
    lines = [HEADER] + [
        f"r{n},P-{n},F,1990,,VEN,migrant-residing,legal-orientation,2023-08-01,{site}"
        + ("" if n % 3 else ",")  # some rows have no Topic cell at all
        for n in range(CHUNK + 30)
    ]
    report = import_file(store, write_text(tmp_path / "ragged.csv", lines), "services")
    assert (report.rows_read, report.inserted, report.rows_rejected) == (CHUNK + 30,) * 2 + (0,)


def test_people_met_again_get_their_own_records_and_blanks_filled(store, tmp_path, monkeypatch):
    """Each record points at its own person however many people the importer remembers
    (forgetting some when its memory is small), and a person first met without a year of
    birth gets it from a later row."""
    from sqlalchemy import text

    from opsreport.ingest import writing

    site = "pty-legal-desk,"
    lines = [HEADER]
    expected = {}
    for n in range(CHUNK * 2 + 10):
        who = f"P-{(n * 7) % 30}" if n % 2 else f"N-{n // 50}"  # regulars, and newcomers
        year, age = ("", "33") if who == "P-3" and n < CHUNK + 5 else ("1990", "")
        lines.append(
            f"r{n},{who},F,{year},{age},COL,migrant-residing,legal-orientation,"
            f"2023-08-{1 + n % 28:02d},{site}"
        )
        expected[f"r{n}"] = person_key(who)
    path = write_text(tmp_path / "people.csv", lines)

    def stored(store):
        with store.engine.connect() as conn:
            pointed = dict(
                conn.execute(
                    text(
                        "SELECT s.record_id, p.person_key FROM service_record s "
                        "JOIN person p ON p.id = s.person_id"
                    )
                ).all()
            )
            blank = conn.execute(
                text("SELECT birth_year FROM person WHERE person_key = :k"),
                {"k": person_key("P-3")},
            ).scalar_one()
        return pointed, blank

    monkeypatch.setattr(writing, "KNOWN_PEOPLE", 4)
    report = import_file(store, path, "services")
    people = len(set(expected.values()))
    assert report.inserted == CHUNK * 2 + 10 and count(store, "person") == people
    assert stored(store) == (expected, 1990)


def test_people_already_stored_keep_their_ids_in_a_long_file(store, tmp_path):
    """A month's file where some people come back from an earlier import and others are
    new, over three chunks: no one is stored twice and each record has its own person."""
    from sqlalchemy import text

    site = "pty-legal-desk,"

    def line(n, who):
        return (
            f"{who}-r{n},{who},F,1990,,COL,migrant-residing,legal-orientation,"
            f"2023-08-{1 + n % 28:02d},{site}"
        )

    earlier = [HEADER] + [line(n, f"P-{n}") for n in range(40)]
    import_file(store, write_text(tmp_path / "july.csv", earlier), "services")
    later, expected = [HEADER], {}
    for n in range(CHUNK * 2 + 10):
        # the first chunk only new people, then returning ones among new ones
        who = f"N-{n}" if n < CHUNK or n % 3 else f"P-{n % 40}"
        later.append(line(n, who))
        expected[f"{who}-r{n}"] = person_key(who)
    report = import_file(store, write_text(tmp_path / "august.csv", later), "services")
    assert report.inserted == CHUNK * 2 + 10
    with store.engine.connect() as conn:
        pointed = dict(
            conn.execute(
                text(
                    "SELECT s.record_id, p.person_key FROM service_record s "
                    "JOIN person p ON p.id = s.person_id WHERE s.batch_id = :b"
                ),
                {"b": report.batch_id},
            ).all()
        )
        people = conn.execute(text("SELECT count(*) FROM person")).scalar_one()
    assert pointed == expected
    assert people == 40 + len(
        {w for w in expected.values()} - {person_key(f"P-{n}") for n in range(40)}
    )
