"""Invariants of counting, suppression and statistics, on random data (Hypothesis).

- an undisaggregated figure equals the sum of its cells for single-group dimensions;
- distinct people never exceed records; a two-month distinct count never exceeds the
  sum of the monthly ones;
- after suppression no hidden cell can be solved from the visible cells and totals;
- shares lie inside their intervals;
- SQLite, PostgreSQL and DuckDB (over the Parquet export) give identical results.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from indicator_builder import Builder
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from opsreport.indicators import compute, connect_duckdb, export_parquet, results_to_json
from opsreport.indicators.catalogue import Catalogue, load_catalogue
from opsreport.indicators.disclosure import protect_breakdown
from opsreport.indicators.result import Breakdown, Cell
from opsreport.indicators.stats import share, weighted_share
from opsreport.store import open_store
from opsreport.store.models import Base

LEGAL = "legal-orientation-residing"
WORKSHOP = "community-workshop-participants"
RECORDS = "legal-records"
SITES = ("legal-desk", "etrm-darien", "etrm-chiriqui")
people = st.fixed_dictionaries(
    {
        "sex": st.sampled_from(("female", "male", "other", None)),
        "nationality": st.sampled_from(("VEN", "COL", "HTI", None)),
        "birth_year": st.one_of(st.none(), st.integers(1950, 2022)),
    }
)
services = st.lists(
    st.tuples(
        st.integers(0, 7),  # person
        st.dates(dt.date(2023, 8, 1), dt.date(2023, 9, 30)),
        st.sampled_from(SITES),
        st.sampled_from(("legal-work", "legal-family", None)),
        st.one_of(st.none(), st.integers(0, 80)),  # age at the service
    ),
    max_size=20,
)
events = st.lists(
    st.tuples(
        st.dates(dt.date(2023, 8, 1), dt.date(2023, 9, 30)),
        st.lists(st.integers(0, 7), max_size=4, unique=True),
        st.one_of(st.none(), st.tuples(st.integers(0, 5), st.integers(0, 5))),
        st.sampled_from((("c4d",), ("c4d", "legal-work"), ())),
    ),
    max_size=3,
)
answers = st.lists(
    st.tuples(
        st.sampled_from(("family_friends_migrated", "social_media")),
        st.sampled_from(("female", "male", None)),
    ),
    max_size=8,
)
dataset = st.fixed_dictionaries(
    {
        "people": st.lists(people, min_size=8, max_size=8),
        "services": services,
        "events": events,
        "answers": answers,
    }
)


def catalogue(tmp: Path) -> Catalogue:
    """The shipped catalogue plus a record count of the same services (for distinct ≤ records)."""
    path = tmp / "records.yaml"
    path.write_text(
        f"indicators:\n  - id: {RECORDS}\n    label_en: R\n    label_es: R\n"
        "    definition_en: d\n    definition_es: d\n    unit: records\n    source: services\n"
        "    filters: {activity: legal-orientation, population_group: migrant-residing}\n"
        "    disaggregations: [sex, province, month]\n",
        encoding="utf-8",
    )
    return load_catalogue([path])


def fill(store, data) -> None:
    b = Builder(store)
    for i, person in enumerate(data["people"]):
        b.person(f"p{i}", **person)
    for who, day, site, topic, age in data["services"]:
        b.service(f"p{who}", day, site=site, topic=topic, age=age)
    for day, attendees, heads, topics in data["events"]:
        split = (heads[0], heads[1], 0) if heads else None
        b.event(day, people=tuple(f"p{i}" for i in attendees), topics=topics,
                headcount=sum(heads) if heads else None, headcount_sex=split)  # fmt: skip
    rnd = b.round(b.instrument(), "R1", dt.date(2023, 7, 1), dt.date(2023, 7, 31))
    for answer, sex in data["answers"]:
        b.response(rnd, {"main_info_source": answer}, sex=sex)


def sqlite_store(folder: str):
    store = open_store(f"sqlite:///{Path(folder) / 'store.db'}")
    store.migrate()
    return store


SINGLE = {LEGAL: ("sex", "nationality", "age-group"), WORKSHOP: ("sex", "nationality")}


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=dataset)
def test_counting_invariants(data):
    with tempfile.TemporaryDirectory() as folder:
        store = sqlite_store(folder)
        fill(store, data)
        cat = catalogue(Path(folder))
        ids = [LEGAL, RECORDS, WORKSHOP]
        whole = compute(store, "2023-08..2023-09", ids, cat)
        aug = compute(store, "2023-08", ids, cat)
        sep = compute(store, "2023-09", ids, cat)
        cells = {
            (ind, dim): compute(store, "2023-08..2023-09", [ind], cat, by=dim)[ind]
            for ind, dims in SINGLE.items()
            for dim in dims
        }
        store.dispose()
    assert whole[LEGAL].value <= whole[RECORDS].value
    assert whole[LEGAL].value <= aug[LEGAL].value + sep[LEGAL].value
    assert max(aug[LEGAL].value, sep[LEGAL].value) <= whole[LEGAL].value
    for (ind, dim), result in cells.items():
        assert result.breakdown.multi_group == (), (ind, dim)
        total = sum(c.value for c in result.breakdown.cells)
        assert total == whole[ind].value, (ind, dim)


# ------------------------------------------------------------------ suppression


def _table(draw_counts: list[list[int]]) -> Breakdown:
    """A two-dimension table of counts with its margins (added up: single-group cells)."""
    cells, rows, cols = [], {}, {}
    for r, line in enumerate(draw_counts):
        for c, value in enumerate(line):
            key = (f"r{r}", f"c{c}")
            cells.append(Cell(key, key, key, value))
            rows[f"r{r}"] = rows.get(f"r{r}", 0) + value
            cols[f"c{c}"] = cols.get(f"c{c}", 0) + value
    margins = {
        "a": [Cell((k,), (k,), (k,), v) for k, v in rows.items()],
        "b": [Cell((k,), (k,), (k,), v) for k, v in cols.items()],
    }
    return Breakdown(("a", "b"), cells, margins, total=sum(rows.values()))


def _solvable(original: Breakdown, shown: Breakdown) -> list[str]:
    """Hidden values the visible ones determine, found from the null space of the equations.

    Unknowns are the hidden cells, margins and total; every row, every column and each
    margin line is an equation. A hidden value is determined exactly when every solution
    of the homogeneous system leaves it at zero.
    """
    names, values, hidden = [], [], []
    for cell, was in zip(shown.cells, original.cells, strict=True):
        names.append(("cell", cell.key)), values.append(was.value), hidden.append(cell.suppressed)
    for dim in ("a", "b"):
        for cell, was in zip(shown.margins[dim], original.margins[dim], strict=True):
            names.append((dim, cell.key[0]))
            values.append(was.value)
            hidden.append(cell.suppressed)
    names.append(("total",)), values.append(original.total), hidden.append(shown.total is None)
    index = {name: i for i, name in enumerate(names)}
    equations = []
    for p, dim in enumerate(("a", "b")):
        for margin in original.margins[dim]:
            row = np.zeros(len(names))
            for cell in original.cells:
                if cell.key[p] == margin.key[0]:
                    row[index[("cell", cell.key)]] = 1
            row[index[(dim, margin.key[0])]] = -1
            equations.append(row)
        row = np.zeros(len(names))
        for margin in original.margins[dim]:
            row[index[(dim, margin.key[0])]] = 1
        row[index[("total",)]] = -1
        equations.append(row)
    unknown = [i for i, h in enumerate(hidden) if h]
    if not unknown:
        return []
    a = np.array(equations)[:, unknown]
    _u, s, vt = np.linalg.svd(a)
    rank = int((s > 1e-9).sum())
    null = vt[rank:]  # basis of the solutions of A x = 0
    return [
        str(names[i])
        for j, i in enumerate(unknown)
        if null.shape[0] == 0 or np.allclose(null[:, j], 0, atol=1e-9)
    ]


counts = st.integers(1, 5).flatmap(
    lambda cols: st.lists(
        st.lists(st.sampled_from((0, 1, 2, 3, 4, 6, 9, 15, 40)), min_size=cols, max_size=cols),
        min_size=1,
        max_size=5,
    )
)


@settings(max_examples=300, deadline=None)
@given(grid=counts, threshold=st.integers(2, 10))
def test_no_suppressed_cell_can_be_solved_from_the_margins(grid, threshold):
    original = _table(grid)
    shown = protect_breakdown(original, threshold, people=True)
    assert _solvable(original, shown) == []
    for cell in [*shown.cells, *shown.margins["a"], *shown.margins["b"]]:
        assert cell.suppressed or not 0 < cell.value < threshold
        assert cell.value is None if cell.suppressed else cell.reason is None


@settings(max_examples=200, deadline=None)
@given(
    answers=st.lists(
        st.tuples(st.booleans(), st.floats(0.1, 10, allow_nan=False)), min_size=1, max_size=60
    )
)
def test_shares_lie_inside_their_intervals(answers):
    plain = share(sum(chosen for chosen, _w in answers), len(answers))
    weights = [w for _c, w in answers]
    weighted = weighted_share(
        sum(weights), sum(w * w for w in weights), sum(w for c, w in answers if c)
    )
    for s in (plain, weighted):
        assert 0 <= s.low <= s.value + 1e-12 and s.value - 1e-12 <= s.high <= 1
        assert s.small_n == (s.n < 30)
    assert weighted.n <= len(answers) + 1e-9  # unequal weights never add information


# ------------------------------------------------------------------ backends agree

# the random data feeds these; the demo test (test_duckdb.py) covers the whole catalogue
FIGURES = [LEGAL, RECORDS, WORKSHOP, "fms-main-info-family", "fms-main-reason-ranking"]
BY = {LEGAL: "sex,province", WORKSHOP: "nationality", "fms-main-info-family": "sex"}


def _all_backends(store, folder: Path, cat) -> list[str]:
    """The same computations as JSON on the store's database and on DuckDB over Parquet."""
    out = [_results(store, cat)]
    export_parquet(store, folder)
    duck = connect_duckdb(parquet_folder=folder)
    try:
        out.append(_results(duck, cat))
    finally:
        duck.disconnect()
    return out


@contextmanager
def _database(base_url: str):
    """A new, empty PostgreSQL database on the test server for one example, then dropped."""
    name = f"inv_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _results(store, cat) -> str:
    results = list(compute(store, "2023-08..2023-09", FIGURES, cat, compare=True).values())
    for ind, by in BY.items():
        results += compute(store, "2023-08..2023-09", [ind], cat, by=by, public=True).values()
    return results_to_json(results)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.filterwarnings("ignore:.*infer_string:Warning")
@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=dataset)
def test_sqlite_postgresql_and_duckdb_agree(data, postgres_url):  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        cat = catalogue(Path(folder))
        lite = sqlite_store(folder)
        fill(lite, data)
        outputs = _all_backends(lite, Path(folder) / "lite", cat)
        lite.dispose()
        with _database(postgres_url) as url:
            pg = open_store(url)
            pg.migrate()
            fill(pg, data)
            outputs += _all_backends(pg, Path(folder) / "pg", cat)
            pg.dispose()
    assert outputs[1] == outputs[0], "DuckDB differs from SQLite"
    assert outputs[2] == outputs[0], "PostgreSQL differs from SQLite"
    assert outputs[3] == outputs[0]


def test_every_store_table_the_indicators_read_is_exported():
    from opsreport.indicators.exports import NOT_EXPORTED, exported_tables

    tables = set(exported_tables())
    assert {"service_record", "person", "attendance", "survey_answer"} <= tables
    assert not tables & NOT_EXPORTED
    assert tables | NOT_EXPORTED == {t.name for t in Base.metadata.sorted_tables}
