"""opsreport indicators: breakdowns, public mode, change and the csv/hxl/xlsx/table outputs."""

from __future__ import annotations

import csv
import io
import os
import subprocess

from openpyxl import load_workbook
from test_demo_figures import PERIOD, _script

LEGAL = "legal-orientation-residing"


def run(store, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("COLUMNS", None)
    return subprocess.run(
        [_script(), "--database", store.url, "indicators", "-p", PERIOD, *args],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=300,
    )  # fmt: skip


def test_the_table_keeps_every_value_visible_in_80_columns_when_piped(demo_store):
    done = run(demo_store)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    for value in ("112", "1,432", "196", "77.9%"):  # a count, participants, staff, a share
        assert any(value in line for line in lines), value


def test_public_hxl_by_nationality_and_province_shows_what_was_suppressed(demo_store):
    done = run(demo_store, "--id", LEGAL, "--by", "nationality,province", "--public",
               "--format", "hxl")  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    header, tags = rows[0], rows[1]
    tag = dict(zip(header, tags, strict=True))
    assert tag["indicator"] == "#indicator+code" and tag["value"] == "#value"
    assert tag["group2"] == "#adm1+code" and tag["group2_name"] == "#adm1+name"
    assert tag["group1"] == "#country+nationality+code" and tag["start"] == "#date+start"
    records = [dict(zip(header, row, strict=True)) for row in rows[2:]]
    hidden = [r for r in records if r["suppressed"] == "yes"]
    assert hidden and all(r["value"] == "" for r in hidden)
    assert {r["reason"] for r in hidden} >= {
        "fewer than 5 people",
        "hidden so that a suppressed figure cannot be worked out from the totals",
    }
    assert any(r["row"] == "total" and r["value"] == "112" for r in records)


def test_hxl_by_sex_gives_the_affected_attributes(demo_store):
    done = run(demo_store, "--id", LEGAL, "--by", "sex", "--format", "hxl", "--lang", "es")
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert {"#affected+f", "#affected+m"} <= set(rows[1])
    female = next(r for r in rows[2:] if "Mujer" in r)
    assert female[rows[1].index("#affected+f")] == female[rows[1].index("#value")]


def test_xlsx_has_a_readme_and_the_figures(demo_store, tmp_path):
    path = tmp_path / "out.xlsx"
    done = run(demo_store, "--id", LEGAL, "--by", "sex", "--compare", "--public",
               "--format", "xlsx", "-o", str(path))  # fmt: skip
    assert done.returncode == 0, done.stderr
    book = load_workbook(path)
    assert book.sheetnames == ["README", "figures"]
    readme = [c.value for row in book["README"].iter_rows() for c in row if c.value]
    assert "small-cell" in readme and "threshold 5" in readme
    figures = list(book["figures"].iter_rows(values_only=True))
    header = figures[0]
    first = dict(zip(header, figures[1], strict=True))
    assert first["indicator"] == LEGAL and first["value"] == 112
    assert first["previous"] not in (None, "")  # --compare fills the previous period


def test_xlsx_without_a_file_and_an_undeclared_dimension_fail_in_one_line(demo_store):
    done = run(demo_store, "--format", "xlsx")
    assert done.returncode == 1 and "-o FILE" in done.stderr
    done = run(demo_store, "--id", "staff", "--by", "sex")
    assert done.returncode == 1
    assert "'staff' cannot be broken down by 'sex'" in done.stderr
    assert "Traceback" not in done.stderr
