"""On DuckDB the engine computes indicators in two threads: the same figures as one by one,
shared work still done once, and an error still reaches the caller."""

from __future__ import annotations

import threading
import time

import pytest

from opsreport.indicators import compute, connect_duckdb, export_parquet, results_to_json
from opsreport.indicators.backend import Tables
from opsreport.indicators.once import Once

PERIOD = "2023-08..2023-09"


def _everything(con) -> str:
    results = list(compute(con, PERIOD, compare=True).values())
    results += compute(con, PERIOD, by="nationality,province", public=True).values()
    results += compute(con, PERIOD, by="sex").values()
    return results_to_json(results)


@pytest.mark.filterwarnings("ignore:.*infer_string:Warning")
def test_two_threads_give_the_figures_of_one(demo_store, tmp_path, monkeypatch):
    export_parquet(demo_store, tmp_path)
    monkeypatch.setenv("OPSREPORT_INDICATOR_THREADS", "2")  # the default, whatever is set
    threads: set[str] = set()
    own = Tables._duckdb

    def noting(self):
        threads.add(threading.current_thread().name)
        return own(self)

    monkeypatch.setattr(Tables, "_duckdb", noting)
    duck = connect_duckdb(parquet_folder=tmp_path)
    try:
        together = _everything(duck)
    finally:
        duck.disconnect()
    assert len({name for name in threads if name.startswith("opsreport-indicators")}) == 2

    threads.clear()
    monkeypatch.setenv("OPSREPORT_INDICATOR_THREADS", "1")
    duck = connect_duckdb(parquet_folder=tmp_path)
    try:
        alone = _everything(duck)
    finally:
        duck.disconnect()
    assert threads == {threading.current_thread().name}
    assert together == alone
    assert together == _everything(demo_store)


def test_a_value_asked_by_many_threads_at_once_is_computed_once():
    once = Once()
    calls = []
    start = threading.Barrier(8)

    def slow() -> int:
        calls.append(1)
        time.sleep(0.05)
        return 42

    values = []

    def ask() -> None:
        start.wait()
        values.append(once.get("rounds", slow))

    workers = [threading.Thread(target=ask) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert values == [42] * 8
    assert len(calls) == 1


def test_an_error_reaches_every_waiting_thread_and_is_not_kept():
    once = Once()
    started = threading.Event()
    errors = []
    calls = []

    def failing() -> int:
        calls.append(1)
        started.set()
        time.sleep(0.5)
        raise ValueError("no such table: survey_round")

    def ask() -> None:
        try:
            once.get("rounds", failing)
        except ValueError as error:
            errors.append(str(error))

    first = threading.Thread(target=ask)
    first.start()
    started.wait()
    second = threading.Thread(target=ask)  # asks while the first is computing
    second.start()
    first.join()
    second.join()
    assert errors == ["no such table: survey_round"] * 2
    assert len(calls) == 1  # the second waited for the first's answer
    assert once.get("rounds", lambda: 7) == 7  # asked again later: computed again
