"""The same catalogue on DuckDB over Parquet exports: the regional consolidation path."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from opsreport.indicators import compute, results_to_json
from opsreport.indicators.backend import connect_duckdb, connect_url

TABLES = (
    "admin_unit", "office", "site", "thematic_area", "activity", "topic", "population_group",
    "audience", "donor", "staff_member", "person", "service_record", "event", "event_topic",
    "attendance", "channel_metric", "survey_instrument", "survey_round", "survey_response",
    "survey_answer", "transit_count",
)  # fmt: skip


def export_parquet(store, folder):
    """Each table as ``<table>.parquet`` (JSON columns as text), as a mission would export."""
    con = connect_url(store.url)
    try:
        for name in TABLES:
            table = con.table(name)
            json_columns = [c for c, t in table.schema().items() if t.is_json()]
            if json_columns:
                table = table.mutate(**{c: table[c].cast("string") for c in json_columns})
            pq.write_table(table.to_pyarrow(), folder / f"{name}.parquet")
    finally:
        con.disconnect()


@pytest.mark.filterwarnings("ignore:.*infer_string:Warning")
def test_duckdb_over_parquet_gives_the_same_results(demo_store, tmp_path):
    export_parquet(demo_store, tmp_path)
    duck = connect_duckdb(parquet_folder=tmp_path)
    try:
        on_duckdb = compute(duck, "2023-08..2023-09")
    finally:
        duck.disconnect()
    expected = compute(demo_store, "2023-08..2023-09")
    assert results_to_json(on_duckdb.values()) == results_to_json(expected.values())
    assert on_duckdb["legal-orientation-residing"].value == 112
