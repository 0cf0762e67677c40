"""Invariants: the engine agrees with a plain-Python count of the same records, and a
whole catalogue is a bounded number of queries whatever the number of records."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import ibis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from indicator_builder import Builder

from opsreport.indicators import compute
from opsreport.store import open_store

GROUPS = ("migrant-residing", "migrant-transit")
TOPICS = ("legal-work", "legal-family", None)
services = st.lists(
    st.tuples(
        st.sampled_from("abcdefgh"),  # person
        st.dates(dt.date(2023, 7, 1), dt.date(2023, 10, 31)),
        st.sampled_from(GROUPS),
        st.sampled_from(TOPICS),
    ),
    max_size=25,
)


def expected(rows, start, end, topic=None):
    return len({
        who for who, day, group, t in rows
        if start <= day <= end and group == "migrant-residing" and (topic is None or t == topic)
    })  # fmt: skip


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=services)
def test_distinct_people_match_a_python_count(rows):
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{Path(folder) / 'store.db'}")
        store.migrate()
        build = Builder(store)
        for who, day, group, topic in rows:
            build.service(who, day, group=group, topic=topic)
        ids = ["legal-orientation-residing"]
        both = compute(store, "2023-08..2023-09", ids)[ids[0]]
        aug = compute(store, "2023-08", ids)[ids[0]].value
        sep = compute(store, "2023-09", ids)[ids[0]].value
        store.dispose()
    assert both.value == expected(rows, dt.date(2023, 8, 1), dt.date(2023, 9, 30))
    # distinct people are recomputed for the combined period, never summed
    assert max(aug, sep) <= both.value <= aug + sep
    for item in both.facets["topic"]:
        assert item.value == expected(rows, dt.date(2023, 8, 1), dt.date(2023, 9, 30),
                                      item.code)  # fmt: skip
        assert item.value <= both.value


def test_a_whole_catalogue_is_a_few_queries_per_indicator(demo_store):
    con = ibis.sqlite.connect(demo_store.engine.url.database)
    statements: list[str] = []
    con.con.set_trace_callback(statements.append)
    try:
        results = compute(con, "2023-08..2023-09")
    finally:
        con.disconnect()
    queries = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    # the demo has thousands of records; queries stay at a handful per indicator
    assert len(queries) <= 4 * len(results)
