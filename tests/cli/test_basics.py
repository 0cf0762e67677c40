"""The command line as a user meets it: the real console script, real stores, real errors."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from opsreport.cli import app
from opsreport.mission import load_mission_file
from opsreport.store import models as m
from opsreport.store import open_store

ROOT = Path(__file__).parents[2]
PANAMA = ROOT / "src" / "opsreport" / "demo" / "panama-mission.yaml"
CLI_DOC = ROOT / "docs" / "cli.md"


def opsreport_script() -> str:
    beside = Path(sys.executable).with_name("opsreport")
    found = str(beside) if beside.exists() else shutil.which("opsreport")
    assert found, "the opsreport console script is not installed; run 'make test'"
    return found


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed console script as a user would, with the test's environment."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "TERM": "dumb"}
    return subprocess.run(
        [opsreport_script(), *args], capture_output=True, text=True, env=env,
        stdin=subprocess.DEVNULL, cwd=cwd, timeout=300,
    )  # fmt: skip


def commands(group=None, prefix: tuple[str, ...] = ()):
    """Every registered command as (words, click command), sub-commands included."""
    group = group or typer.main.get_command(app)
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if hasattr(command, "commands"):  # a group of sub-commands
            yield from commands(command, (*prefix, name))


COMMANDS = {" ".join(words): command for words, command in commands()}


def test_the_top_level_help_lists_every_command():
    result = run("--help")
    assert result.returncode == 0, result.stderr
    for words in COMMANDS:
        assert words.split()[0] in result.stdout
    for option in ("--database", "--debug", "--version"):
        assert option in result.stdout


def test_version():
    from opsreport import __version__

    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"opsreport {__version__}"


@pytest.mark.parametrize("words", sorted(COMMANDS))
def test_every_command_has_help(words):
    command = COMMANDS[words]
    assert (command.help or command.short_help or "").strip(), f"'{words}' has no help text"
    result = run(*words.split(), "--help")
    assert result.returncode == 0, result.stderr
    assert f"Usage: opsreport {words}" in result.stdout
    first_line = (command.help or command.short_help).strip().splitlines()[0]
    assert first_line[:40] in " ".join(result.stdout.split())


def office_count(url: str) -> int:
    store = open_store(url)
    try:
        with store.session() as session:
            return session.query(m.Office).count()
    finally:
        store.dispose()


def test_init_creates_the_default_store_and_loads_the_mission(isolated_environment):
    result = run("init", "--mission", str(PANAMA))
    assert result.returncode == 0, result.stderr
    assert "Store ready" in result.stdout and "panama-mission.yaml" in result.stdout
    database = isolated_environment / "opsreport.db"
    assert database.exists(), "init did not create the store in OPSREPORT_HOME"
    assert office_count(f"sqlite:///{database}") > 0


def test_init_with_a_database_url(fresh_store):
    result = run("--database", fresh_store.url, "init", "--mission", str(PANAMA))
    assert result.returncode == 0, result.stderr
    assert office_count(fresh_store.url) > 0


def test_init_twice_is_harmless(fresh_store):
    for _ in range(2):
        result = run("--database", fresh_store.url, "init", "--mission", str(PANAMA))
        assert result.returncode == 0, result.stderr
    assert office_count(fresh_store.url) == len(load_mission_file(PANAMA).tables["office"])


def assert_one_error_line(result: subprocess.CompletedProcess, *words: str) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one error line, got:\n{result.stderr}"
    assert lines[0].startswith("Error:"), lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    for word in words:
        assert word in lines[0]
    return lines[0]


def test_a_bad_mission_file_is_one_error_line(tmp_path):
    bad = tmp_path / "mission.yaml"
    bad.write_text(
        PANAMA.read_text(encoding="utf-8").replace("country_iso3: PAN", "country_iso3: X")
    )
    line = assert_one_error_line(run("init", "--mission", str(bad)), "mission.yaml", "country_iso3")
    assert re.search(r"line \d+", line)


def test_a_missing_mission_file_is_one_error_line(tmp_path):
    assert_one_error_line(run("init", "--mission", str(tmp_path / "nope.yaml")), "nope.yaml")


def test_a_bad_database_url_is_one_error_line():
    assert_one_error_line(run("--database", "nonsense", "init"), "nonsense", "sqlite:///")


def test_an_empty_store_is_one_error_line(tmp_path):
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    result = run(
        "--database", empty, "report", "--period", "2023-08..2023-09", "--lang", "en",
        "--format", "html", "-o", str(tmp_path / "report.html"),
    )  # fmt: skip
    assert_one_error_line(result, "opsreport init")
    assert not (tmp_path / "report.html").exists()


def test_a_usage_mistake_shows_usage_not_a_traceback():
    result = run("init", "--no-such-option")
    assert result.returncode == 2
    assert "No such option" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_the_traceback(tmp_path):
    bad = tmp_path / "mission.yaml"
    bad.write_text("mission: [unclosed\n")
    result = run("--debug", "init", "--mission", str(bad))
    assert result.returncode != 0
    assert "Traceback" in result.stderr
    assert "MissionFileError" in result.stderr


def cli_reference_sections() -> dict[str, str]:
    """docs/cli.md cut at its headings: '### `opsreport demo`' -> that section's text."""
    sections: dict[str, str] = {}
    title = ""
    for line in CLI_DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            sections[title] = ""
        elif title:
            sections[title] += line + "\n"
    return sections


def test_every_command_and_option_is_in_the_cli_reference():
    sections = cli_reference_sections()
    missing = []
    for words, command in COMMANDS.items():
        heading = next((t for t in sections if t.startswith(f"`opsreport {words}")), None)
        if heading is None:
            missing.append(f"a section '### `opsreport {words}`'")
            continue
        for param in command.params:
            for option in getattr(param, "opts", []):
                if option.startswith("--") and option != "--help":
                    if f"`{option}" not in sections[heading]:
                        missing.append(f"option {option} in the section of 'opsreport {words}'")
    for option in ("--database", "--debug", "--version"):
        if f"`{option}" not in sections.get("Global options", ""):
            missing.append(f"global option {option}")
    assert not missing, "docs/cli.md does not document:\n" + "\n".join(missing)


def test_the_readme_links_every_doc_and_every_doc_link_resolves():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    docs = sorted((ROOT / "docs").glob("*.md"))
    unlinked = [d.name for d in docs if f"(docs/{d.name})" not in readme]
    assert not unlinked, f"README.md does not link: {unlinked}"
    broken = []
    for page in [ROOT / "README.md", *docs]:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(ROOT)} -> {target}")
    assert not broken, "broken links:\n" + "\n".join(broken)
