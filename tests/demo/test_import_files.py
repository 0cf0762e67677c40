"""The demo's sample import file: November records, four bad rows, report figures untouched."""

from __future__ import annotations

from pathlib import Path

from demo_figures import figures

from opsreport.demo import build_demo
from opsreport.ingest import import_file

IMPORT_FILES = Path(__file__).parents[2] / "src" / "opsreport" / "demo" / "import-files"


def test_november_services_import_with_four_rejected_rows(sqlite_store):
    build_demo(sqlite_store)
    before = figures(sqlite_store)
    report = import_file(sqlite_store, IMPORT_FILES / "services-2023-11.csv", "services")
    assert (report.rows_read, report.inserted, report.rows_rejected) == (20, 16, 4)
    assert set(report.issue_counts()) == {
        "unknown-site",
        "invalid-date",
        "missing-value",
        "out-of-range",
    }
    assert figures(sqlite_store) == before  # November is outside August–September
