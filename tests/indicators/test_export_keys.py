"""The Parquet export writes keys as 32-bit integers when they fit (DuckDB reads, hashes
and joins half the bytes); a key beyond 32 bits is written as it is, never cut. Service
records carry their person's sex, nationality and birth year, which breakdowns by a
person's attribute read instead of joining the person table: same figures as the store."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from opsreport.indicators import compute, connect_duckdb, export_parquet, results_to_json
from opsreport.indicators.exports import narrow_keys


@pytest.mark.filterwarnings("ignore:.*infer_string:Warning")
def test_exported_keys_are_32_bit_and_give_the_stores_figures(demo_store, tmp_path):
    export_parquet(demo_store, tmp_path)
    services = pq.read_schema(tmp_path / "service_record.parquet")
    assert services.field("id").type == pa.int32()
    assert services.field("person_id").type == pa.int32()
    assert services.field("age_years").type == pa.int64()  # not a key: as the store has it
    carried = {"person_sex", "person_nationality", "person_birth_year"}
    assert carried <= set(services.names)
    answers = pq.read_schema(tmp_path / "survey_answer.parquet")
    assert answers.field("response_id").type == pa.int32()
    con = connect_duckdb(parquet_folder=tmp_path)
    try:
        for by in (None, "sex", "age-group", "nationality,province"):
            on_duckdb = results_to_json(list(compute(con, "2023-08..2023-09", by=by).values()))
            on_store = compute(demo_store, "2023-08..2023-09", by=by).values()
            assert on_duckdb == results_to_json(list(on_store)), by
    finally:
        con.disconnect()


def test_a_key_beyond_32_bits_is_kept_whole():
    table = pa.table(
        {
            "id": pa.array([1, 2**31], pa.int64()),
            "person_id": pa.array([None, -5], pa.int64()),
            "batch_id": pa.array([None, None], pa.int64()),
            "count": pa.array([1, 2], pa.int64()),
        }
    )
    narrowed = narrow_keys(table)
    assert narrowed.schema.field("id").type == pa.int64()
    assert narrowed.column("id").to_pylist() == [1, 2**31]
    assert narrowed.schema.field("person_id").type == pa.int32()
    assert narrowed.column("person_id").to_pylist() == [None, -5]
    assert narrowed.schema.field("batch_id").type == pa.int32()
    assert narrowed.schema.field("count").type == pa.int64()
