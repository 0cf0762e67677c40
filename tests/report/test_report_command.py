"""opsreport report, as a user runs it: the installed script, the demo store, real files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from report_text import visible_text


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    beside = Path(sys.executable).with_name("opsreport")
    script = str(beside) if beside.exists() else shutil.which("opsreport")
    assert script, "the opsreport console script is not installed"
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "TERM": "dumb"}
    return subprocess.run(
        [script, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_the_report_is_written_under_its_default_name(demo_store, tmp_path):
    done = run("--database", demo_store.url, "report", "--period", "2023-08..2023-09",
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    written = tmp_path / "monthly-operational-report-2023-08..2023-09-en.pdf"
    assert done.stdout.strip() == written.name
    assert written.read_bytes().startswith(b"%PDF-")


def test_a_spanish_html_report_goes_where_it_is_told(demo_store, tmp_path):
    done = run("--database", demo_store.url, "report", "-p", "2023-08..2023-09", "--lang", "es",
               "--format", "html", "-o", "informe.html", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = visible_text((tmp_path / "informe.html").read_bytes())
    assert "La OIM Panamá cuenta con 196 personas funcionarias" in text


def test_a_broken_spec_is_one_line_naming_where(demo_store, tmp_path):
    spec = tmp_path / "mine.yaml"
    spec.write_text(
        "title: {en: Mine, es: Mío}\nmission: {en: M, es: M}\nsections:\n"
        "  - title: {en: A, es: A}\n    blocks:\n      - {type: graph, indicator: staff}\n",
        encoding="utf-8",
    )
    done = run("--database", demo_store.url, "report", "-p", "2023-08", "--spec", str(spec),
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1
    assert "mine.yaml, line 6: section 1 (A), block 1, key 'type': unknown block type 'graph'" in (
        done.stderr
    )
    assert "Traceback" not in done.stderr
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize("option", ["--period", "--lang", "--format", "--spec", "-o", "--public"])
def test_help_explains_every_option(tmp_path, option):
    done = run("report", "--help", cwd=tmp_path)
    assert done.returncode == 0
    assert option in done.stdout


def test_a_language_without_a_catalogue_is_refused(tmp_path):
    done = run("report", "-p", "2023-08", "--lang", "fr", cwd=tmp_path)
    assert done.returncode != 0
    assert "'fr' has no report catalogue (known: en, es)" in done.stdout + done.stderr
