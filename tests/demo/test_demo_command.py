"""opsreport demo as a user runs it: the installed script on a real SQLite file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from opsreport.demo import generate
from opsreport.store import models as m
from opsreport.store import open_store


def run(*args: str) -> subprocess.CompletedProcess:
    beside = Path(sys.executable).with_name("opsreport")
    script = str(beside) if beside.exists() else shutil.which("opsreport")
    assert script, "the opsreport console script is not installed"
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "TERM": "dumb"}
    return subprocess.run(
        [script, *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def people_in(url: str) -> int:
    store = open_store(url)
    try:
        with store.session() as session:
            return session.scalar(select(func.count()).select_from(m.Person))
    finally:
        store.dispose()


def test_demo_builds_prints_a_summary_and_the_next_command(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    result = run("--database", url, "demo")
    assert result.returncode == 0, result.stderr
    people = generate().counts()["person"]
    assert f"{people:,}" in result.stdout
    assert "service records" in result.stdout and "survey responses" in result.stdout
    assert "opsreport report --period 2023-08..2023-09" in result.stdout
    assert people_in(url) == people


def test_demo_twice_is_refused_in_one_line_and_fresh_rebuilds(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert run("--database", url, "demo", "--seed", "3").returncode == 0
    again = run("--database", url, "demo")
    assert again.returncode == 1
    assert "--fresh" in again.stderr and "Traceback" not in again.stderr
    fresh = run("--database", url, "demo", "--fresh", "--seed", "4")
    assert fresh.returncode == 0, fresh.stderr
    assert people_in(url) == generate(4).counts()["person"]


def test_demo_help_explains_seed_and_fresh():
    result = run("demo", "--help")
    assert result.returncode == 0
    for words in ("--seed", "--fresh", "IOM Panama", "empties it first"):
        assert words in result.stdout
