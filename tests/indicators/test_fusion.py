"""Fused queries give every indicator what it gets alone; Parquet exports are date-sorted."""

from __future__ import annotations

import datetime as dt

import ibis
import pyarrow.parquet as pq
import pytest

from opsreport.indicators import compute, export_parquet, load_catalogue, results_to_json
from opsreport.indicators.exports import ROW_GROUP_ROWS

PERIOD = "2023-08..2023-09"


def _reads_answers(statement: str) -> bool:
    """A query of the answers table (not a schema lookup of it)."""
    return "survey_answer" in statement and "PRAGMA" not in statement.upper()


SURVEY = [i for i in load_catalogue().select(None) if i.source == "survey"]


@pytest.mark.filterwarnings("ignore:.*infer_string:Warning")
@pytest.mark.parametrize("by", ["sex", "age-group", "nationality", "province", "sex,province"])
def test_a_whole_catalogue_breakdown_gives_each_indicator_its_own_cells(demo_store, by):
    together = compute(demo_store, PERIOD, by=by)
    assert any(r.breakdown and r.breakdown.cells for r in together.values())
    for key, result in together.items():
        if result.breakdown is None:
            continue
        alone = compute(demo_store, PERIOD, [key], by=by)[key]
        assert results_to_json([result]) == results_to_json([alone]), key


@pytest.mark.filterwarnings("ignore:.*infer_string:Warning")
def test_survey_headlines_and_a_breakdown_read_the_answers_a_few_times_not_once_each(
    demo_store,
):
    con = ibis.sqlite.connect(demo_store.engine.url.database)
    statements: list[str] = []
    con.con.set_trace_callback(statements.append)
    try:
        plain = compute(con, PERIOD, [i.id for i in SURVEY])
        headline = [s for s in statements if _reads_answers(s)]
        statements.clear()
        by_sex = [i.id for i in SURVEY if "sex" in i.disaggregations]
        compute(con, PERIOD, by_sex, by="sex", headline=plain)
        queried = [s for s in statements if _reads_answers(s)]
    finally:
        con.disconnect()
    shares = [key for key, r in plain.items() if r.unit == "share"]
    assert len(shares) >= 2 and all(plain[key].share.n for key in shares)
    # latest round: shares and the ranking's base, the ranking's answers; previous round:
    # the ranking's top answer
    assert len(headline) <= 3
    assert len(queried) <= 2  # every share's cells in one query, the ranking's in one more


@pytest.mark.filterwarnings("ignore:.*infer_string:Warning")
def test_parquet_export_writes_records_in_date_order_for_row_group_skipping(demo_store, tmp_path):
    export_parquet(demo_store, tmp_path)
    services = pq.ParquetFile(tmp_path / "service_record.parquet")
    dates = services.read(columns=["service_date"]).column("service_date").to_pylist()
    assert dates == sorted(dates) and dates[0] < dt.date(2023, 12, 31)
    assert all(
        services.metadata.row_group(i).num_rows <= ROW_GROUP_ROWS
        for i in range(services.metadata.num_row_groups)
    )
    rounds = pq.read_table(tmp_path / "survey_response.parquet", columns=["round_id"])
    assert rounds.column("round_id").to_pylist() == sorted(rounds.column("round_id").to_pylist())
