"""The command line speaks Spanish when OPSREPORT_LANG or the locale asks for it.

Every run is the installed console script in a subprocess, with only the language
variables of the test set: what a clerk in Panama sees on a terminal.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import opsreport.cli
from catalogue_checks import (
    NOT_A_LITERAL,
    assert_holds_exactly,
    assert_translated,
    catalogue,
    messages_used,
)
from opsreport.cli.i18n import catalogue_path
from opsreport.settings import interface_language

ROOT = Path(__file__).parents[2]
PANAMA = ROOT / "src" / "opsreport" / "demo" / "panama-mission.yaml"
LANGUAGE_VARIABLES = ("OPSREPORT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


def opsreport_script() -> str:
    beside = Path(sys.executable).with_name("opsreport")
    found = str(beside) if beside.exists() else shutil.which("opsreport")
    assert found, "the opsreport console script is not installed; run 'make test'"
    return found


def run(*args: str, cwd: Path | None = None, **language: str) -> subprocess.CompletedProcess:
    """The console script with exactly the language variables given (e.g. LANG=...)."""
    env = {k: v for k, v in os.environ.items() if k not in LANGUAGE_VARIABLES}
    env.update({"NO_COLOR": "1", "COLUMNS": "120", "TERM": "dumb", **language})
    return subprocess.run(
        [opsreport_script(), *args], capture_output=True, text=True, encoding="utf-8",
        env=env, stdin=subprocess.DEVNULL, cwd=cwd, timeout=300,
    )  # fmt: skip


def words(text: str) -> str:
    """The help's text without the boxes and line breaks rich draws around it."""
    return " ".join(re.sub(r"[\u2500-\u257f]", " ", text).split())


def test_opsreport_lang_es_gives_the_top_level_help_in_spanish():
    result = run("--help", OPSREPORT_LANG="es")
    assert result.returncode == 0, result.stderr
    text = words(result.stdout)
    assert "Convierte los registros operativos de una misión" in text
    assert "Opciones" in text and "Comandos" in text
    assert "Muestra la traza completa cuando hay un error." in text  # --debug
    assert "Lista los lotes de importación" in text  # the batches command's line
    assert "Turn a mission's operational records" not in text
    assert "List import batches" not in text


def test_a_subcommand_help_is_in_spanish():
    result = run("survey", "round", "create", "--help", OPSREPORT_LANG="es")
    assert result.returncode == 0, result.stderr
    text = words(result.stdout)
    assert "Crea una ronda de encuesta antes de importar sus respuestas." in text
    assert "Primer día de trabajo de campo (2023-07-03)." in text
    assert "Argumentos" in text and "[obligatorio]" in text
    imported = words(run("import", "--help", OPSREPORT_LANG="es").stdout)
    assert "No importa nada si se rechaza alguna fila." in imported  # --strict
    assert "[por defecto: xlsx]" in words(run("template", "--help", OPSREPORT_LANG="es").stdout)


def test_the_posix_locale_selects_spanish():
    result = run("--help", LANG="es_PA.UTF-8")
    assert result.returncode == 0, result.stderr
    assert "Convierte los registros operativos de una misión" in words(result.stdout)


@pytest.mark.parametrize(
    "language",
    [
        {},
        {"LANG": "C.UTF-8"},
        {"OPSREPORT_LANG": "en", "LANG": "es_PA.UTF-8"},
        {"LC_ALL": "C", "LANG": "es_PA.UTF-8"},
    ],
    ids=["nothing-set", "C-locale", "OPSREPORT_LANG-wins", "LC_ALL-wins"],
)
def test_english_otherwise(language):
    result = run("--help", **language)
    assert result.returncode == 0, result.stderr
    assert "Turn a mission's operational records" in words(result.stdout)


def test_a_language_without_a_catalogue_is_english_with_one_warning():
    result = run("--version", OPSREPORT_LANG="fr")
    assert result.returncode == 0
    assert result.stdout.startswith("opsreport ")
    [warning] = [line for line in result.stderr.splitlines() if line.strip()]
    assert "OPSREPORT_LANG=fr" in warning and "en, es" in warning
    # a French locale is simply English, without a warning, like most programs
    quiet = run("--version", LANG="fr_FR.UTF-8")
    assert quiet.returncode == 0 and quiet.stderr == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [("es_PA.UTF-8", "es"), ("es", "es"), ("es-PA", "es"), ("en_US.UTF-8", "en"),
     ("C", "en"), ("POSIX", "en"), ("C.UTF-8", "en"), ("fr_FR@euro", "fr")],
)  # fmt: skip
def test_locale_names_become_language_codes(monkeypatch, value, expected):
    for name in LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", value)
    assert interface_language() == expected


def test_an_error_is_one_spanish_line(tmp_path):
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    result = run("--database", empty, "batches", OPSREPORT_LANG="es")
    assert result.returncode == 1
    [line] = [x for x in result.stderr.splitlines() if x.strip()]
    assert line.startswith("Error: El almacén en ")
    assert "está vacío. Ejecute primero 'opsreport init'" in line


def test_a_usage_error_names_the_help_option_in_spanish():
    result = run("init", "--no-such-option", OPSREPORT_LANG="es")
    assert result.returncode == 2
    assert "Pruebe 'opsreport init --help' para ver la ayuda." in words(result.stderr)


def test_import_batches_and_undo_speak_spanish(tmp_path):
    """The clerk's day: load the mission, import a file, list the batches, undo one."""
    database = ["--database", f"sqlite:///{tmp_path / 'panama.db'}"]
    ready = run(*database, "init", "--mission", str(PANAMA), OPSREPORT_LANG="es")
    assert ready.returncode == 0, ready.stderr
    assert "Almacén listo en sqlite:///" in ready.stdout
    assert re.search(r"Se cargó panama-mission\.yaml: .*oficinas: \d+", words(ready.stdout))
    services = tmp_path / "servicios.csv"
    services.write_text(
        "Record ID,Person ID,Sex,Nationality,Population group,Activity,Service date,Site\n"
        "s1,P1,F,VEN,migrant-residing,legal-orientation,2023-08-01,pty-legal-desk\n"
        "s2,P2,F,VEN,migrant-residing,legal-orientation,not-a-date,pty-legal-desk\n",
        encoding="utf-8",
    )
    imported = run(*database, "import", "services", str(services), OPSREPORT_LANG="es")
    assert imported.returncode == 0, imported.stderr
    summary = words(imported.stdout)
    for row in ("filas", "leídas 2", "insertadas 1", "rechazadas 1", "Importado como lote 1."):
        assert row in summary, imported.stdout
    assert "Filas rechazadas, con lo que hay que corregir:" in summary

    listed = run(*database, "batches", OPSREPORT_LANG="es")
    assert listed.returncode == 0, listed.stderr
    assert "Lotes de importación" in listed.stdout
    headings = next(line for line in listed.stdout.splitlines() if "lote" in line)
    assert re.findall(r"[a-zíó]+", headings) == [
        "lote", "tipo", "archivo", "importado", "por", "leídas", "aceptadas", "rechazadas",
        "estado",
    ]  # fmt: skip
    assert "completo" in listed.stdout

    undone = run(*database, "undo", "1", OPSREPORT_LANG="es")
    assert undone.returncode == 0, undone.stderr
    assert "Lote 1 deshecho: se eliminaron registros de servicios: 1, personas: 1." in words(
        undone.stdout
    )


def test_the_demo_summary_in_spanish(tmp_path):
    result = run("--database", f"sqlite:///{tmp_path / 'demo.db'}", "demo", OPSREPORT_LANG="es")
    assert result.returncode == 0, result.stderr
    text = words(result.stdout)
    assert "Misión de demostración construida en sqlite:///" in text
    assert "registros cantidad" in text  # the table's headings
    assert "personas (seudonimizadas)" in text and "respuestas de encuesta" in text
    assert "de enero de 2023" in text and "Ahora, el informe de agosto y septiembre" in text


def test_interface_language_and_lang_are_separate(tmp_path):
    """--lang chooses the template's headers; OPSREPORT_LANG the command's own words."""
    result = run(
        "template", "services", "--format", "csv", "--lang", "en", "-o", "t.csv",
        cwd=tmp_path, OPSREPORT_LANG="es",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Se escribió t.csv."
    with (tmp_path / "t.csv").open(encoding="utf-8-sig") as fh:
        header = next(csv.reader(fh))
    assert "Record ID" in header


def test_lang_defaults_to_the_interface_language(tmp_path):
    """A clerk whose command line speaks Spanish gets a Spanish template without --lang."""
    spanish = run(
        "template", "services", "--format", "csv", "-o", "es.csv",
        cwd=tmp_path, OPSREPORT_LANG="es",
    )  # fmt: skip
    english = run(
        "template", "services", "--format", "csv", "-o", "en.csv",
        cwd=tmp_path, OPSREPORT_LANG="en",
    )  # fmt: skip
    assert spanish.returncode == 0 and english.returncode == 0, spanish.stderr + english.stderr

    def header(name: str) -> list[str]:
        with (tmp_path / name).open(encoding="utf-8-sig") as fh:
            return next(csv.reader(fh))

    assert "Record ID" in header("en.csv")
    assert "Record ID" not in header("es.csv") and len(header("es.csv")) == len(header("en.csv"))


# ------------------------------------------------------------------ Typer's own words

# what Typer and its Click say in English; none of it may be left in a Spanish run
TYPER_ENGLISH = re.compile(
    r"Usage:|\[OPTIONS\]|COMMAND \[ARGS\]|Show this message|Try '|Missing|Invalid value|"
    r"No such|Got unexpected|requires|does not exist|is not one of|valid integer|Did you mean"
)


def test_the_help_words_of_typer_are_spanish():
    result = run("import", "--help", OPSREPORT_LANG="es")
    assert result.returncode == 0, result.stderr
    text = words(result.stdout)
    assert "Uso: opsreport import [OPCIONES] {kind} {file}" in text
    assert "--help <bool> Muestra esta ayuda y termina." in text
    assert not TYPER_ENGLISH.search(text), TYPER_ENGLISH.search(text)
    top = words(run("--help", OPSREPORT_LANG="es").stdout)
    assert "Uso: opsreport [OPCIONES] COMANDO [ARGUMENTOS]..." in top
    assert not TYPER_ENGLISH.search(top), TYPER_ENGLISH.search(top)


# (arguments, the Spanish error line, its English line as Typer words it)
USAGE_MISTAKES = {
    "missing-argument": (
        ("template",),
        "Error: Falta el argumento 'kind'.",
        "Error: Missing argument 'kind'.",
    ),
    "missing-option": (
        ("survey", "round", "create", "c1", "--start", "2023-07-03"),
        "Error: Falta la opción '--end'.",
        "Error: Missing option '--end'.",
    ),
    "not-a-number": (
        ("undo", "dos"),
        "Error: Valor no válido para 'batch': 'dos' no es un número entero.",
        "Error: Invalid value for 'batch': Input should be a valid integer, unable to parse "
        "string as an integer",
    ),
    "not-a-choice": (
        ("report", "--format", "zip"),
        "Error: Valor no válido para '--format' / '-f': 'zip' no es ninguna de estas "
        "opciones: 'pdf', 'html'.",
        "Error: Invalid value for '--format' / '-f': Value error, 'zip' is not one of 'pdf', "
        "'html'.",
    ),
    "no-such-file": (
        ("report", "--spec", "falta.yaml"),
        "Error: Valor no válido para '--spec': El archivo 'falta.yaml' no existe.",
        "Error: Invalid value for '--spec': file 'falta.yaml' does not exist.",
    ),
    "no-such-option": (
        ("report", "--publc"),
        "Error: La opción --publc no existe. (opciones posibles: --public, --spec)",
        "Error: No such option: --publc (Possible options: --public, --spec)",
    ),
    "option-without-value": (
        ("init", "--mission"),
        "Error: La opción '--mission' necesita un valor.",
        "Error: Option '--mission' requires an argument.",
    ),
    "extra-argument": (
        ("batches", "otro"),
        "Error: Sobran argumentos: otro",
        "Error: Got unexpected extra argument(s) (otro)",
    ),
    "no-such-command": (
        ("serv",),
        "Error: No existe el comando 'serv'. ¿Quiso decir 'serve', 'survey'?",
        "Error: No such command 'serv'. Did you mean 'serve', 'survey'?",
    ),
}


@pytest.mark.parametrize("case", list(USAGE_MISTAKES))
def test_a_usage_mistake_is_spanish(tmp_path, case):
    args, spanish, _english = USAGE_MISTAKES[case]
    result = run(*args, cwd=tmp_path, OPSREPORT_LANG="es")
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[-1] == spanish
    if len(lines) > 1:  # the usage line and the hint, when click knows the command
        assert lines[0].startswith("Uso: opsreport ")
        assert lines[1].startswith("Pruebe 'opsreport ")
    assert not TYPER_ENGLISH.search(result.stderr), result.stderr


@pytest.mark.parametrize("case", list(USAGE_MISTAKES))
def test_english_usage_mistakes_are_typers_own_words(tmp_path, case):
    args, _spanish, english = USAGE_MISTAKES[case]
    result = run(*args, cwd=tmp_path, OPSREPORT_LANG="en")
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[-1] == english
    if len(lines) > 1:
        assert lines[0].startswith("Usage: opsreport ") and "[OPTIONS]" in lines[0]
        assert lines[1].startswith("Try 'opsreport ") and lines[1].endswith("' for help.")


def test_english_help_keeps_typers_words():
    text = words(run("import", "--help", OPSREPORT_LANG="en").stdout)
    assert "Usage: opsreport import [OPTIONS] {kind} {file}" in text
    assert "--help <bool> Show this message and exit." in text
    assert "Options" in text and "Arguments" in text


def test_importing_the_command_line_leaves_typer_english(tmp_path):
    """A program that imports opsreport (even its command line) keeps Typer's words."""
    program = tmp_path / "other.py"
    program.write_text(
        "import typer\n"
        "from typer.testing import CliRunner\n"
        "import opsreport.cli  # noqa: F401\n"
        "other = typer.Typer()\n"
        "@other.command()\n"
        "def hello(name: str, count: int = 1):\n"
        "    pass\n"
        "print(CliRunner().invoke(other, ['--help']).output)\n"
        "print(CliRunner().invoke(other, ['--count', 'x', 'a']).output)\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if k not in LANGUAGE_VARIABLES}
    env.update({"NO_COLOR": "1", "COLUMNS": "120", "TERM": "dumb", "OPSREPORT_LANG": "es"})
    result = subprocess.run(
        [sys.executable, str(program)], capture_output=True, text=True, encoding="utf-8",
        env=env, stdin=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = words(result.stdout)
    assert "Usage:" in text and "Options" in text and "Show this message and exit." in text
    assert "Invalid value for '--count'" in text
    assert not re.search(r"Uso|Opciones|Muestra esta ayuda|Valor no válido", text), text


# ------------------------------------------------------------------ the catalogues

CLI = Path(opsreport.cli.__file__).parent


def test_every_tr_call_has_a_literal_message():
    used = messages_used(CLI)
    assert NOT_A_LITERAL not in used, (
        "tr() needs a string literal (format afterwards): " + ", ".join(used[NOT_A_LITERAL])
    )
    assert "Import batches" in used and "Error:" in used  # the extraction sees the code


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_catalogue_holds_exactly_the_messages_the_code_uses(lang):
    assert_holds_exactly(catalogue_path(lang), lang, set(messages_used(CLI)))


def test_spanish_translates_every_message_and_keeps_its_placeholders():
    english, spanish = (catalogue(catalogue_path(lang), lang) for lang in ("en", "es"))
    assert_translated(english, spanish, same={"Error:", "Error", "total", "no"})
