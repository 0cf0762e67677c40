"""The catalogue on Apache Spark (Ibis' PySpark backend, local mode) over the Parquet export.

Starting a JVM and planning each query takes minutes on a small machine, so this runs only
when asked: ``pytest -m spark tests/indicators/test_spark.py`` (or with
``OPSREPORT_TEST_SPARK=1``). It is skipped when PySpark is not installed
(``pip install -e '.[spark]'``; needs Java 17+).
"""

from __future__ import annotations

import os

import pytest

from opsreport.indicators import compute, export_parquet, results_to_json

PERIOD = "2023-08..2023-09"
IDS = [
    "legal-orientation-residing",
    "community-workshop-participants",
    "fms-main-info-family",
    "fms-main-reason-ranking",
    "staff",
    "digital-reach",
]

pytestmark = [pytest.mark.spark, pytest.mark.slow]


@pytest.fixture
def asked_for(request: pytest.FixtureRequest) -> None:
    if "spark" not in (request.config.getoption("markexpr") or "") and not os.environ.get(
        "OPSREPORT_TEST_SPARK"
    ):
        pytest.skip("PySpark runs take minutes: run with -m spark or OPSREPORT_TEST_SPARK=1")


@pytest.mark.filterwarnings("ignore::FutureWarning", "ignore:.*infer_string:Warning")
def test_pyspark_gives_the_sqlite_results(asked_for, demo_store, tmp_path):
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    from opsreport.indicators.backend import connect_spark

    export_parquet(demo_store, tmp_path)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("opsreport-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    try:
        con = connect_spark(tmp_path, session)
        on_spark = list(compute(con, PERIOD, IDS).values())
        crossed = compute(con, PERIOD, IDS[:1], by="nationality,province", public=True)
    finally:
        session.stop()
    assert on_spark[0].value == 112
    expected = list(compute(demo_store, PERIOD, IDS).values())
    assert results_to_json(on_spark) == results_to_json(expected)
    local = compute(demo_store, PERIOD, IDS[:1], by="nationality,province", public=True)
    assert results_to_json(crossed.values()) == results_to_json(local.values())
