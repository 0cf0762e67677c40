"""SNM transit counts: the shared official tables import with the published totals."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from ingest_helpers import count, write_text
from sqlalchemy import func, select

from opsreport.ingest import import_file, undo_batch
from opsreport.store import models as m

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
BY_NATIONALITY = SHARED / "darien-irregular-transits-by-nationality.csv"
BY_SEX_AGE = SHARED / "darien-irregular-transits-by-sex-age.csv"

needs_shared = pytest.mark.skipif(
    not BY_NATIONALITY.is_file(), reason="../shared/data is not beside the checkout"
)


def _file_sum(path: Path, month_prefix: str, column: str | None = None, value=None) -> int:
    """The figure as the shared file states it, read here rather than typed in."""
    with path.open(encoding="utf-8") as fh:
        return sum(
            int(row["count"])
            for row in csv.DictReader(fh)
            if row["month"].startswith(month_prefix) and (column is None or row[column] == value)
        )


def _stored(store, year_month: str | None = None, year: int | None = None, **where) -> int:
    t = m.TransitCount
    query = select(func.coalesce(func.sum(t.count), 0))
    if "nationality" in where:
        query = query.where(t.nationality == where["nationality"])
    else:
        query = query.where(t.nationality.is_not(None))
    if year_month:
        y, mo = map(int, year_month.split("-"))
        query = query.where(t.month == dt.date(y, mo, 1))
    if year:
        query = query.where(t.month.between(dt.date(year, 1, 1), dt.date(year, 12, 1)))
    with store.session() as session:
        return int(session.scalar(query))


@needs_shared
def test_the_shared_snm_tables_import_with_the_published_totals(store):
    report = import_file(store, BY_NATIONALITY, "transits")
    assert report.committed and report.rows_rejected == 0
    assert report.inserted == report.rows_read > 1000
    assert _stored(store, year=2023) == 520_085
    assert _stored(store, "2023-08") == 81_946
    assert _stored(store, "2023-09") == 75_268
    # two per-nationality figures, read from the file itself
    for nationality in ("VEN", "HTI"):
        assert _stored(store, "2023-08", nationality=nationality) == _file_sum(
            BY_NATIONALITY, "2023-08", "nationality", nationality
        )
    sex_age = import_file(store, BY_SEX_AGE, "transits")
    assert sex_age.rows_rejected == 0
    with store.session() as session:
        groups = dict(
            session.execute(
                select(m.TransitCount.group, func.sum(m.TransitCount.count))
                .where(
                    m.TransitCount.group.is_not(None), m.TransitCount.month >= dt.date(2023, 1, 1)
                )
                .group_by(m.TransitCount.group)
            ).all()
        )
        sources = set(session.scalars(select(m.TransitCount.source).distinct()))
    assert set(groups) == {"men", "women", "boys", "girls"}
    assert sum(groups.values()) == _file_sum(BY_SEX_AGE, "2023")
    assert sources == {"SNM Panamá"}


@needs_shared
def test_reimporting_an_overlapping_table_duplicates_nothing(store, tmp_path):
    import_file(store, BY_NATIONALITY, "transits")
    rows = count(store, "transit_count")
    again = import_file(store, BY_NATIONALITY, "transits")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, again.rows_read)
    # a revised figure for one month, plus a month's sex/age rows typed in Spanish
    revised = write_text(
        tmp_path / "snm-revisado.csv",
        [
            "Mes,Nacionalidad,Grupo,Cruces",
            "2023-08,Venezuela,,1",
            "2023-08,,niñas,10",
            "2023-08,,hombres,20",
        ],
    )
    report = import_file(store, revised, "transits")
    assert (report.inserted, report.updated) == (2, 1)
    assert count(store, "transit_count") == rows + 2
    assert _stored(store, "2023-08", nationality="VEN") == 1
    undo_batch(store, report.batch_id)
    assert _stored(store, "2023-08", nationality="VEN") == _file_sum(
        BY_NATIONALITY, "2023-08", "nationality", "VEN"
    )
    assert count(store, "transit_count") == rows


def test_typed_rows_are_checked(store, tmp_path):
    typed = write_text(
        tmp_path / "transits.csv",
        [
            "Month,Nationality,Group,Crossings,Source",
            "2023-08,VEN,,100,",
            "2023-08,Atlantis,,5,",
            "2023-08,,teenagers,5,",
            "2023-08,ECU,girls,5,",
            "2023-08,VEN,,7,",
            "2023-08,OOO,,3,SNM",
        ],
    )
    report = import_file(store, typed, "transits")
    assert [(i.code, i.row) for i in report.issues] == [
        ("unknown-nationality", 3),
        ("invalid-group", 4),
        ("nationality-and-group", 5),
        ("duplicate-record", 6),
    ]
    assert report.inserted == 2
    with store.session() as session:
        stored = session.execute(
            select(m.TransitCount.nationality, m.TransitCount.place, m.TransitCount.source)
        ).all()
    assert sorted(stored) == [("OOO", "darien", "SNM"), ("VEN", "darien", "SNM Panamá")]


@needs_shared
def test_transit_indicators_read_the_period_from_the_official_counts(store):
    from opsreport.indicators import compute

    import_file(store, BY_NATIONALITY, "transits")
    import_file(store, BY_SEX_AGE, "transits")
    ids = ["transits-total", "transits-by-nationality", "transits-children-share"]
    got = compute(store, "2023-08..2023-09", ids=ids)
    assert got["transits-total"].value == 81_946 + 75_268
    assert got["transits-total"].meta["source"] == "SNM Panamá"
    assert got["transits-total"].meta["months"] == ["2023-08", "2023-09"]
    ranking = got["transits-by-nationality"].items
    per_file = {
        code: _file_sum(BY_NATIONALITY, "2023-08", "nationality", code)
        + _file_sum(BY_NATIONALITY, "2023-09", "nationality", code)
        for code in {item.code for item in ranking}
    }
    expected = sorted(per_file, key=lambda c: (c == "OOO", -per_file[c], c))
    assert [i.code for i in ranking] == expected
    assert (ranking[0].code, ranking[0].name_es) == ("VEN", "Venezuela")
    assert ranking[0].value.numerator == per_file["VEN"]
    assert sum(i.value.numerator for i in ranking) == 81_946 + 75_268
    children = sum(
        _file_sum(BY_SEX_AGE, month, "group", g)
        for month in ("2023-08", "2023-09")
        for g in ("boys", "girls")
    )
    everyone = _file_sum(BY_SEX_AGE, "2023-08") + _file_sum(BY_SEX_AGE, "2023-09")
    share = got["transits-children-share"].share
    assert (share.numerator, share.n) == (children, everyone)
    # a period without counts says so rather than showing zero
    empty = compute(store, "2019-01..2019-02", ids=ids)
    assert empty["transits-total"].value is None
    assert empty["transits-children-share"].share is None
