"""No figure of the seed report is written into the code: every figure comes from records.

The demo generator (``src/opsreport/demo/``) is the one place allowed to know them, since
it makes data that reproduces the seed report. Everything else — code, templates, report
specifications, YAML, CSS, translations — must compute them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src" / "opsreport"
EXEMPT = SRC / "demo"
SEED_FIGURES = ["1,432", "7,663", "1432", "7663", "112", "164", "309", "196", "153",
                "43", "78", "62"]  # fmt: skip
BINARY_SUFFIXES = {".mo", ".pyc", ".xlsx", ".png", ".jpg", ".jpeg", ".gif", ".pdf", ".woff",
                   ".woff2", ".ttf", ".otf", ".ico", ".parquet", ".db", ".sqlite"}  # fmt: skip

# A figure standing alone: not part of a word, a longer number, a decimal, a version
# (1.43.0), a time (12:43) or a hex colour (#112233, #153).
SEED_FIGURE = re.compile(
    r"(?<![\w#.])(?<!\d[,:])"
    r"(?:" + "|".join(re.escape(f) for f in SEED_FIGURES) + r")"
    r"(?![\w])(?![.,:]\d)"
)


def seed_figures_in(line: str) -> list[str]:
    return SEED_FIGURE.findall(line)


@pytest.mark.parametrize(
    "line",
    ["{{ 112 }}", "value: 78", 'total = "1,432"', "people: 7663", "reached 1432 people",
     "  - 62", "(43)", "[164, 309]", "196%", "'153'"],
)  # fmt: skip
def test_the_scan_finds_a_seed_figure(line):
    assert seed_figures_in(line), line


@pytest.mark.parametrize(
    "line",
    ["color: #112233;", "color: #153;", "background: #43a047", "version = '1.43.0'",
     "weasyprint>=62.1", "at 12:43", "2023-08-01", "PA0478", "String(1120)", "21432",
     "0.78", "1,4320", "f2112", "x_112", "margin: 43px", "U+0043", "112a"],
)  # fmt: skip
def test_the_scan_ignores_numbers_that_only_contain_a_seed_figure(line):
    assert not seed_figures_in(line), line


def scanned_files() -> list[Path]:
    files = []
    for path in sorted(SRC.rglob("*")):
        if not path.is_file() or EXEMPT in path.parents or "__pycache__" in path.parts:
            continue
        if path.suffix.lower() in BINARY_SUFFIXES:
            continue
        files.append(path)
    return files


def test_the_scan_covers_the_source_tree():
    names = {path.name for path in scanned_files()}
    assert {"models.py", "app.py", "privacy.py"} <= names
    assert not any(EXEMPT in path.parents for path in scanned_files())


def test_no_seed_figure_is_written_outside_the_demo():
    found = []
    for path in scanned_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            for figure in seed_figures_in(line):
                where = path.relative_to(SRC.parents[1])
                found.append(f"{where}:{number}: {figure!r} in {line.strip()[:100]!r}")
    assert not found, (
        "seed report figures written as literals (compute them from records instead):\n"
        + "\n".join(found)
    )
