"""Export → import round-trips: a period's records exported and imported into a fresh
store are the same records, and exporting them again writes the same file."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_helpers import count, with_mission

from opsreport.errors import ImportError_
from opsreport.ingest import import_file
from opsreport.ingest.export import EXPORTS, export_records
from opsreport.store import open_store

YEAR = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
ORDER = ("staff", "channel-metrics", "services", "events", "attendance")
HEADER = (
    "Record ID,Person ID,Sex,Year of birth,Age,Nationality,Population group,Activity,"
    "Service date,Site,Topic"
)


def mission_store(folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    store = open_store(f"sqlite:///{folder / 'store.db'}")
    store.migrate()
    return with_mission(store)


def test_the_demo_exported_and_imported_elsewhere_exports_the_same(demo_store, tmp_path):
    copy = mission_store(tmp_path / "copy")
    for kind in ORDER:
        first = tmp_path / f"{kind}.csv"
        written = export_records(demo_store, kind, *YEAR, first)
        assert written > 0
        report = import_file(copy, first, kind, allow_non_transit_at_etrm=True)  # as the demo
        assert (report.rows_rejected, report.inserted) == (0, written), report.issue_counts()
        again = tmp_path / f"{kind}-again.csv"
        export_records(copy, kind, *YEAR, again)
        assert again.read_bytes() == first.read_bytes(), kind
    assert count(copy, "person") == count(demo_store, "person")


service_rows = st.lists(
    st.tuples(
        st.integers(0, 6),  # person
        st.sampled_from(["female", "male", "other"]),
        st.integers(1940, 2010),  # birth year
        st.sampled_from(["VEN", "COL", "HTI"]),
        st.sampled_from(
            [
                ("migrant-transit", "medical-care", "etrm-lajas-blancas", ""),
                ("migrant-residing", "legal-orientation", "pty-legal-desk", "legal-migration"),
                ("host-community", "psychosocial-support", "colon-community", ""),
            ]
        ),
        st.dates(dt.date(2023, 1, 1), dt.date(2023, 10, 31)),
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=service_rows)
def test_any_services_round_trip(rows, tmp_path_factory):
    folder = tmp_path_factory.mktemp("roundtrip")
    lines = [HEADER]
    born: dict[int, tuple] = {}
    for n, (person, sex, year, nationality, (group, activity, site, topic), day) in enumerate(rows):
        sex, year, nationality = born.setdefault(person, (sex, year, nationality))
        lines.append(
            f"r{n},ID-{person},{sex},{year},,{nationality},{group},{activity},{day},{site},{topic}"
        )
    source = folder / "source.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first, second = mission_store(folder / "a"), mission_store(folder / "b")
    assert import_file(first, source, "services").rows_rejected == 0
    exported = folder / "exported.csv"
    assert export_records(first, "services", *YEAR, exported) == len(rows)
    report = import_file(second, exported, "services")
    assert (report.inserted, report.rows_rejected) == (len(rows), 0)
    again = folder / "again.csv"
    export_records(second, "services", *YEAR, again)
    assert again.read_bytes() == exported.read_bytes()
    assert count(second, "person") == count(first, "person") == len(born)
    first.dispose(), second.dispose()


def test_only_the_period_is_exported_and_unknown_kinds_are_refused(demo_store, tmp_path):
    august = tmp_path / "august.csv"
    written = export_records(
        demo_store, "services", dt.date(2023, 8, 1), dt.date(2023, 8, 31), august
    )
    days = [line.split(",")[8] for line in august.read_text("utf-8").splitlines()[2:]]
    assert len(days) == written and all(d.startswith("2023-08") for d in days)
    with pytest.raises(ImportError_, match="cannot be exported"):
        export_records(demo_store, "donors", *YEAR, tmp_path / "x.csv")
    assert set(EXPORTS) == set(ORDER)


def test_opsreport_export_writes_the_file(tmp_path):
    env = {**os.environ, "OPSREPORT_HOME": str(tmp_path), "COLUMNS": "200"}
    script = str(Path(sys.executable).with_name("opsreport"))
    subprocess.run([script, "demo"], env=env, check=True, capture_output=True)
    out = tmp_path / "metrics.csv"
    done = subprocess.run(
        [script, "export", "channel-metrics", "--period", "2023-08..2023-09", "-o", str(out)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "records of 2023-08..2023-09" in done.stdout
    assert out.read_text("utf-8").splitlines()[0].startswith("Month,")
