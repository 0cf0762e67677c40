"""A survey round's shares and rankings from respondents' marks: on DuckDB the marks are
bits of BIGINT columns (63 per column), elsewhere one 0/1 column each. Whatever the
number of marks per column, every share and ranking cell must be the store's."""

from __future__ import annotations

import pytest

from opsreport.indicators import compute, connect_duckdb, export_parquet, results_to_json
from opsreport.indicators.measures import survey

PERIOD = "2023-08..2023-09"


def _survey_figures(con) -> str:
    results = []
    for by in (None, "sex", "age-group", "nationality,province"):
        computed = compute(con, PERIOD, by=by)
        results += [r for r in computed.values() if r.id.startswith("fms-")]
    return results_to_json(results)


@pytest.mark.filterwarnings("ignore:.*infer_string:Warning")
@pytest.mark.parametrize("bits", [63, 3, 1])
def test_marks_in_bits_give_the_stores_shares_and_rankings(bits, demo_store, tmp_path, monkeypatch):
    export_parquet(demo_store, tmp_path)
    store = _survey_figures(demo_store)
    monkeypatch.setattr(survey, "_BITS", bits)  # 11 marks: 1, 4 or 11 columns of bits
    con = connect_duckdb(parquet_folder=tmp_path)
    try:
        assert _survey_figures(con) == store
    finally:
        con.disconnect()
    assert '"share"' in store and "fms-main-reason-ranking" in store
