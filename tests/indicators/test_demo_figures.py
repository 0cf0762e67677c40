"""The demo mission gives every figure of the seed report, and the figures follow the records.

REPORT-TARGETS.md is the specification: each assertion below is one of its rows.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from opsreport.indicators import compute, results_to_json
from opsreport.store import models as m
from opsreport.store import open_store

PERIOD = "2023-08..2023-09"


@pytest.fixture(scope="module")
def demo_results(demo_store):
    return compute(demo_store, PERIOD)


def test_presence_figures(demo_results):
    r = demo_results
    assert r["offices-capital"].value == 3  # P1
    assert r["sub-offices"].value == 1  # P2
    assert [p.name_en for p in r["sub-offices"].facets["province"]] == ["Darién"]
    assert r["staff"].value == 196  # P3
    assert (r["staff-national"].value, r["staff-international"].value) == (153, 43)  # P4
    assert r["regions-active"].value == 5  # P5
    assert 11 <= r["sites-active"].value <= 14  # P6: "more than 10"
    assert r["staff-mission"].value == 25  # P7
    assert len(r["offices-open"].items) == 4
    assert all(item.value >= 0 for item in r["offices-open"].items)


def test_areas_of_work_in_catalogue_order(demo_results):
    areas = demo_results["areas-of-work"].items  # A1
    assert len(areas) == 7
    assert areas[0].name_en.startswith("Strengthening capacities")
    assert [a.group for a in areas[:3]] == [None, areas[0].code, areas[0].code]
    assert areas[-1].name_es == "Operaciones y emergencias"


def test_assistance_figures(demo_results):
    s1 = demo_results["legal-orientation-residing"]
    assert s1.value == 112
    assert [t.name_en for t in s1.facets["topic"]] == ["migration", "work", "family"]
    s2 = demo_results["community-workshop-participants"]
    assert s2.value == 1432
    assert [t.name_en for t in s2.facets["topic"]] == [
        "Communication for Development",
        "migratory regularization",
        "psychosocial and socioeconomic integration",
    ]
    s3 = demo_results["medical-care-transit-etrm"]
    assert s3.value == 164
    assert [p.name_en for p in s3.facets["province"]] == ["Darién", "Chiriquí"]


def test_flow_monitoring_figures(demo_results):
    d0 = demo_results["fms-round"]
    assert d0.meta["fieldwork_end"].month == 7  # the "July" survey
    assert d0.meta["fieldwork_end"] <= dt.date(2023, 9, 30)
    assert [p.name_en for p in d0.items] == ["Darién", "Chiriquí"]
    assert round(demo_results["fms-main-info-family"].value * 100) == 78  # D1
    assert round(demo_results["fms-no-regular-pathways"].value * 100) == 62  # D2
    d3 = [demo_results[f"fms-not-enough-info-{x}"] for x in ("danger", "insecurity", "difficulty")]
    assert all(r.value > 0.60 for r in d3)  # "more than 60%"
    assert min(r.value for r in d3) * 100 // 10 * 10 == 60
    for r in d3:
        assert r.share.n >= 30 and r.share.low < r.value < r.share.high
    d4 = demo_results["fms-main-reason-ranking"]
    assert [i.code for i in d4.items[:2]] == ["economic", "insecurity_violence"]
    assert d4.meta["previous_round"] is not None
    assert d4.meta["previous_top"] == "economic"  # "continue to be"


def test_capacity_communication_and_donors(demo_results):
    c1 = demo_results["partner-training-participants"]
    assert c1.value == 309
    assert [t.name_en for t in c1.facets["topic"]] == [
        "trafficking in persons and migrant smuggling",
        "labour migration",
        "border management",
        "migration governance",
        "camp coordination and camp management",
    ]
    assert demo_results["digital-reach"].value == 7663  # M1
    donors = demo_results["donors-active"].items  # O1
    groups = [d.group for d in donors]
    assert groups == sorted(groups) and set(groups) == {"direct", "general"}
    assert "korea-koica" not in {d.code for d in donors}  # ended in June 2023


def test_postgresql_gives_the_same_figures(demo_store_pg, demo_results):
    on_postgres = compute(demo_store_pg, PERIOD)
    assert results_to_json(on_postgres.values()) == results_to_json(demo_results.values())


# --------------------------------------------------------------------------- change records


@pytest.fixture
def demo_copy(demo_store, tmp_path):
    """A writable copy of the demo store's SQLite file."""
    source = sqlite3.connect(demo_store.engine.url.database)
    target_path = tmp_path / "copy.db"
    target = sqlite3.connect(target_path)
    source.backup(target)
    source.close()
    target.close()
    store = open_store(f"sqlite:///{target_path}")
    yield store
    store.dispose()


def test_figures_follow_the_records(demo_copy):
    before = compute(demo_copy, PERIOD)
    with demo_copy.session() as session:
        # one S1 person: delete their legal-orientation services of the period
        in_period = (
            m.ServiceRecord.service_date.between(dt.date(2023, 8, 1), dt.date(2023, 9, 30)),
            m.ServiceRecord.activity_code == "legal-orientation",
            m.ServiceRecord.population_group_code == "migrant-residing",
        )
        person_id = session.scalars(select(m.ServiceRecord.person_id).where(*in_period)).first()
        deleted = session.execute(
            delete(m.ServiceRecord).where(*in_period, m.ServiceRecord.person_id == person_id)
        ).rowcount
        assert deleted >= 1
        session.add(
            m.StaffMember(
                staff_key="new-colleague",
                category="international",
                unit="mission",
                start_date=dt.date(2023, 9, 15),
            )
        )
        month = session.scalars(
            select(m.ChannelMetric).where(
                m.ChannelMetric.month == dt.date(2023, 9, 1),
                m.ChannelMetric.metric == "people-reached",
            )
        ).first()
        month.value += 100
    after = compute(demo_copy, PERIOD)
    assert (
        after["legal-orientation-residing"].value == before["legal-orientation-residing"].value - 1
    )
    assert after["staff"].value == before["staff"].value + 1
    assert after["staff-international"].value == before["staff-international"].value + 1
    assert after["staff-mission"].value == before["staff-mission"].value + 1
    assert after["staff-national"].value == before["staff-national"].value
    assert after["digital-reach"].value == before["digital-reach"].value + 100


# --------------------------------------------------------------------------- command line


def _script() -> str:
    beside = Path(sys.executable).with_name("opsreport")
    found = str(beside) if beside.exists() else shutil.which("opsreport")
    assert found, "the opsreport console script is not installed"
    return found


def test_cli_json_equals_compute(demo_store, demo_results):
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [_script(), "--database", demo_store.url, "indicators", "--period", PERIOD,
         "--format", "json"],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(results_to_json(demo_results.values()))


def test_cli_table_and_csv_show_the_figures(demo_store):
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    base = [_script(), "--database", demo_store.url, "indicators", "-p", PERIOD]
    table = subprocess.run(
        [*base, "--id", "staff", "--lang", "es"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    assert table.returncode == 0, table.stderr
    assert "agosto y septiembre de 2023" in table.stdout
    assert "Miembros del personal" in table.stdout and "196" in table.stdout
    csv_run = subprocess.run(
        [*base, "--id", "fms-main-info-family", "-f", "csv"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    header, row = csv_run.stdout.splitlines()[:2]
    assert header.startswith("indicator,label,row,start,end,dim1,group1")
    assert row.startswith("fms-main-info-family,Main source")
    assert ",figure,2023-08-01,2023-09-30," in row


def test_cli_refuses_a_bad_period_in_one_line(demo_store):
    done = subprocess.run(
        [_script(), "--database", demo_store.url, "indicators", "--period", "2023-13"],
        capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"},
        stdin=subprocess.DEVNULL, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1
    assert "'2023-13' is not a period" in done.stderr
    assert "Traceback" not in done.stderr
