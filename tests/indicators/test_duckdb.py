"""The same catalogue on SQLite, PostgreSQL and DuckDB over Parquet exports (the regional path)."""

from __future__ import annotations

import pytest

from opsreport.indicators import compute, connect_duckdb, export_parquet, results_to_json

PERIOD = "2023-08..2023-09"
BREAKDOWNS = {
    "legal-orientation-residing": "nationality,province",
    "community-workshop-participants": "sex,topic",
    "fms-main-reason-ranking": "sex",
    "digital-reach": "channel,month",
}


def _everything(store) -> str:
    """The whole catalogue (with changes) and a few public breakdowns, as JSON."""
    results = list(compute(store, PERIOD, compare=True).values())
    for ind, by in BREAKDOWNS.items():
        results += compute(store, PERIOD, [ind], by=by, public=True).values()
    return results_to_json(results)


@pytest.mark.filterwarnings("ignore:.*infer_string:Warning")
def test_duckdb_over_parquet_gives_the_same_results(demo_store, tmp_path):
    files = export_parquet(demo_store, tmp_path)
    assert (tmp_path / "service_record.parquet") in files
    assert not (tmp_path / "audit_log.parquet").exists()  # the audit log stays home
    duck = connect_duckdb(parquet_folder=tmp_path)
    try:
        on_duckdb = _everything(duck)
        assert compute(duck, PERIOD)["legal-orientation-residing"].value == 112
    finally:
        duck.disconnect()
    assert on_duckdb == _everything(demo_store)


@pytest.mark.postgres
def test_postgresql_gives_the_same_results_as_sqlite(demo_store, demo_store_pg):
    assert _everything(demo_store_pg) == _everything(demo_store)


@pytest.mark.filterwarnings("ignore:.*infer_string:Warning")
def test_a_kept_duckdb_connection_reads_new_exports(demo_store, tmp_path):
    """A connection kept open (a dashboard's) keeps the tables' columns, not their rows."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    export_parquet(demo_store, tmp_path)
    duck = connect_duckdb(parquet_folder=tmp_path)
    try:
        before = results_to_json(compute(duck, PERIOD).values())
        # new exports in the same files: the services of August only
        path = tmp_path / "service_record.parquet"
        services = pq.read_table(path)
        august = pc.less(services["service_date"], pc.strptime("2023-09-01", "%Y-%m-%d", "s"))
        pq.write_table(services.filter(pc.fill_null(august, True)), path)
        after = compute(duck, PERIOD)
        fresh = connect_duckdb(parquet_folder=tmp_path)
        try:
            assert results_to_json(after.values()) == results_to_json(
                compute(fresh, PERIOD).values()
            )
        finally:
            fresh.disconnect()
    finally:
        duck.disconnect()
    assert results_to_json(after.values()) != before


@pytest.mark.filterwarnings("ignore:.*infer_string:Warning")
def test_exported_answers_carry_their_round_and_older_exports_give_the_same_figures(
    demo_store, tmp_path
):
    """Answers are exported with their response's round, in round order, so DuckDB reads
    one round's answers; an export written before (no such column) gives the same figures."""
    import pyarrow.parquet as pq

    export_parquet(demo_store, tmp_path / "new")
    answers = pq.read_table(tmp_path / "new" / "survey_answer.parquet")
    responses = pq.read_table(tmp_path / "new" / "survey_response.parquet")
    ids, their_rounds = responses["id"].to_pylist(), responses["round_id"].to_pylist()
    round_of = dict(zip(ids, their_rounds, strict=True))
    rounds = answers["round_id"].to_pylist()
    assert rounds == [round_of[r] for r in answers["response_id"].to_pylist()]
    assert rounds == sorted(rounds) and len(set(rounds)) > 1  # the demo has two rounds

    export_parquet(demo_store, tmp_path / "old")
    old = tmp_path / "old" / "survey_answer.parquet"
    pq.write_table(pq.read_table(old).drop_columns(["round_id"]), old)
    survey = [i for i in compute(demo_store, PERIOD) if i.startswith("fms-")]

    def figures(folder) -> str:
        duck = connect_duckdb(parquet_folder=folder)
        try:
            results = list(compute(duck, PERIOD, survey).values())
            results += compute(duck, PERIOD, survey[1:], by="sex,province").values()
            return results_to_json(results)
        finally:
            duck.disconnect()

    on_new = figures(tmp_path / "new")
    assert on_new == figures(tmp_path / "old")
    assert on_new == results_to_json(
        [*compute(demo_store, PERIOD, survey).values(),
         *compute(demo_store, PERIOD, survey[1:], by="sex,province").values()]
    )  # fmt: skip


@pytest.mark.filterwarnings("ignore:.*infer_string:Warning")
@pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")  # Ibis' DESCRIBE
def test_a_table_name_in_two_schemas_is_read_as_duckdb_resolves_it(demo_store, tmp_path):
    """The engine reads every table's columns with one look-up of DuckDB's catalogue; a name
    found twice (here a table of the caller's own, in a schema of its own, beside the
    export's view) is described by the name DuckDB's queries resolve, so the figures stay
    those of the export."""
    from opsreport.indicators.backend import Tables

    export_parquet(demo_store, tmp_path)
    plain = connect_duckdb(parquet_folder=tmp_path)
    crowded = connect_duckdb(parquet_folder=tmp_path)
    try:
        crowded.raw_sql("CREATE SCHEMA mine")
        crowded.raw_sql("CREATE TABLE mine.site (code INTEGER, opened INTEGER)")
        crowded.raw_sql("CREATE TABLE mine.person (id VARCHAR)")
        assert Tables(crowded).site.schema() == plain.table("site").schema()
        assert Tables(crowded).person.schema() == plain.table("person").schema()
        expected = results_to_json(compute(plain, PERIOD).values())
        assert results_to_json(compute(crowded, PERIOD).values()) == expected
    finally:
        plain.disconnect()
        crowded.disconnect()
