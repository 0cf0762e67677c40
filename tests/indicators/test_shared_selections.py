"""Selections many queries share (an indicator's records, a round's answers) are built once
per connection and reused: a dashboard moving between periods and breakdowns on one kept
DuckDB connection must see each period's own figures, as a fresh connection and the store
do."""

from __future__ import annotations

import pytest

from opsreport.indicators import compute, connect_duckdb, export_parquet, results_to_json

# two periods whose survey figures come from different rounds, and one before any round
PERIODS = ("2023-08..2023-09", "2023-07", "2023-09", "2022-12")
BY = (None, "sex", "province", "nationality,age-group")


def _figures(con, period: str) -> str:
    results = list(compute(con, period).values())
    for by in BY[1:]:
        results += compute(con, period, by=by).values()
    return results_to_json(results)


@pytest.mark.filterwarnings("ignore:.*infer_string:Warning")
def test_one_kept_connection_gives_every_period_its_own_figures(demo_store, tmp_path):
    export_parquet(demo_store, tmp_path)
    kept = connect_duckdb(parquet_folder=tmp_path)
    try:
        on_kept = {period: _figures(kept, period) for period in PERIODS}
        again = _figures(kept, PERIODS[0])  # back to the first period, views already made
    finally:
        kept.disconnect()
    assert len(set(on_kept.values())) == len(PERIODS)  # the periods differ
    assert again == on_kept[PERIODS[0]]
    for period in PERIODS:
        fresh = connect_duckdb(parquet_folder=tmp_path)
        try:
            assert on_kept[period] == _figures(fresh, period), period
        finally:
            fresh.disconnect()
        assert on_kept[period] == _figures(demo_store, period), period
