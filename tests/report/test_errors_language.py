"""Whoever edits a report specification in Spanish reads what is wrong with it in Spanish.

Errors follow the interface language (OPSREPORT_LANG, else the locale) when they are made,
not the report's --lang; the file, the line, the section and block numbers and the key
are the same in every language, and keys, ids and block types are never translated.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

import opsreport.report
from catalogue_checks import (
    NOT_A_LITERAL,
    assert_translated,
    catalogue,
    messages_used,
)
from opsreport.errors import ReportError
from opsreport.report import load_spec
from opsreport.report.i18n import catalogue_path
from opsreport.report.spec import spec_from_data
from opsreport.yamlfile import load_yaml_text

KNOWN = {"staff", "staff-national", "sites-active"}
HEAD = """\
    title: {en: Report, es: Informe}
    mission: {en: IOM Panama, es: OIM Panamá}
    sections:
      - title: {en: People, es: Personas}
        blocks:
          - {type: text, text: {en: x, es: y}}
"""
# English words of a place or a message ("line" alone is also a chart kind)
ENGLISH_WORDS = re.compile(
    r"\b(line \d|section \d|block \d|key '|unknown|is not|did you mean|needs)"
)


def spec(yaml: str) -> None:
    text = textwrap.dedent(HEAD) + textwrap.indent(textwrap.dedent(yaml), "      ")
    spec_from_data(load_yaml_text(text, "informe.yaml"), "informe.yaml", KNOWN)


# a mistake on line 7 (the second block) -> the Spanish message, after the place
CASES = {
    "unknown-indicator": (
        "- {type: sentence, text: {en: '{staf} staff', es: '{staf} personas'}}",
        "línea 7: sección 1 (Personas), bloque 2 (sentence), clave 'text': "
        "indicador desconocido 'staf'; ¿quiso decir 'staff'?",
    ),
    "unknown-block-type": (
        "- {type: headlin, indicator: staff, text: {en: x, es: x}}",
        "línea 7: sección 1 (Personas), bloque 2, clave 'type': "
        "tipo de bloque desconocido 'headlin'; ¿quiso decir 'headline'? (tipos: headline,",
    ),
    "missing-key": (
        "- {type: headline, text: {en: x, es: x}}",
        "línea 7: sección 1 (Personas), bloque 2 (headline): "
        "un bloque headline necesita 'indicator'",
    ),
    "missing-language": (
        "- {type: sentence, text: {en: '{staff} staff'}}",
        "línea 7: sección 1 (Personas), bloque 2 (sentence), clave 'text': "
        "'text' no tiene texto en es",
    ),
    "unknown-format": (
        "- {type: sentence, text: {en: '{staff:wrods}', es: '{staff}'}}",
        "línea 7: sección 1 (Personas), bloque 2 (sentence), clave 'text' (en): "
        "{staff:wrods}: formato desconocido 'wrods' (formatos: continue, first,",
    ),
    "unpaired-brace": (
        "- {type: sentence, text: {en: 'the {staff', es: '{staff}'}}",
        "clave 'text' (en): una llave '{' o '}' sin su pareja; "
        "los marcadores se escriben así: {staff}",
    ),
    "unknown-key": (
        "- {type: topic-list, indicator: staff, colour: red}",
        "bloque 2 (topic-list), clave 'colour': un bloque topic-list no tiene la clave "
        "'colour' (acepta facet, indicator, label)",
    ),
    "two-modes": (
        "- {type: chart, kind: bar, indicator: staff, over: months, by: sex}",
        "bloque 2 (chart): un gráfico usa solo uno de over, by o facet, no over y by",
    ),
    "wrong-choice": (
        "- {type: chart, kind: pie, indicator: staff}",
        "bloque 2 (chart), clave 'kind': 'kind' es uno de bar, stacked-bar, line, no 'pie'",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_spec_mistake_is_explained_in_spanish_at_the_same_place(monkeypatch, case):
    block, spanish = CASES[case]
    with pytest.raises(ReportError) as english:
        spec(block)
    monkeypatch.setenv("OPSREPORT_LANG", "es")
    with pytest.raises(ReportError) as caught:
        spec(block)
    message = str(caught.value)
    assert message.startswith("informe.yaml, línea 7: "), message
    assert spanish in message, message
    assert str(english.value).startswith("informe.yaml, line 7: section 1 (People), block 2")
    assert not ENGLISH_WORDS.search(message), message


def test_the_language_is_the_one_of_the_moment_the_error_is_made(monkeypatch):
    """One process: the same spec refused in English, then in Spanish, then English again."""
    block = "- {type: headline, text: {en: x, es: x}}"
    for lang, words in [("en", "a headline block needs"), ("es", "un bloque headline necesita")]:
        monkeypatch.setenv("OPSREPORT_LANG", lang)
        with pytest.raises(ReportError, match=words):
            spec(block)
    monkeypatch.setenv("OPSREPORT_LANG", "fr")  # no French catalogue: English
    with pytest.raises(ReportError, match="line 7: section 1 \\(People\\), block 2"):
        spec(block)


def test_a_missing_or_broken_spec_file_in_spanish(tmp_path, monkeypatch):
    monkeypatch.setenv("OPSREPORT_LANG", "es")
    with pytest.raises(ReportError, match="La especificación del informe .*nada.yaml no existe"):
        load_spec(tmp_path / "nada.yaml")
    broken = tmp_path / "roto.yaml"
    broken.write_text("title: {en: x\nsections: []\n", encoding="utf-8")
    with pytest.raises(ReportError, match=r"^roto\.yaml, línea \d+: no es YAML válido \("):
        load_spec(broken)


def test_a_report_that_cannot_be_rendered_says_so_in_spanish(render, results, monkeypatch):
    """At render time too: the block without a result, a language the spec lacks."""
    del results["digital-reach"]
    monkeypatch.setenv("OPSREPORT_LANG", "es")
    with pytest.raises(ReportError) as caught:
        render(results, "en")  # an English report for a donor, errors in Spanish
    message = str(caught.value)
    assert message.startswith("monthly-operational-report.yaml, línea "), message
    # the section's title in the reader's language, when the spec has it
    assert "sección 9 (Comunicaciones), bloque 1 (headline), clave 'indicator': " in message
    assert "indicador desconocido 'digital-reach'" in message
    with pytest.raises(ReportError, match="no tiene textos en 'fr' \\(tiene en, es\\)"):
        render(results, "fr")
    with pytest.raises(
        ReportError, match="Formato de informe desconocido 'docx': elija html o pdf"
    ):
        render(results, "es", fmt="docx")


def test_opsreport_report_says_what_is_wrong_with_the_spec_in_spanish(tmp_path):
    """What the IMO runs: OPSREPORT_LANG=es opsreport report -p 2023-08 --spec informe.yaml."""
    script = Path(sys.executable).with_name("opsreport")
    found = str(script) if script.exists() else shutil.which("opsreport")
    assert found, "the opsreport console script is not installed"
    path = tmp_path / "informe.yaml"
    block = "      - {type: sentence, text: {en: '{staff:wrods}', es: x}}\n"
    path.write_text(textwrap.dedent(HEAD) + block, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env.update({"OPSREPORT_LANG": "es", "NO_COLOR": "1", "COLUMNS": "200"})
    database = f"sqlite:///{tmp_path / 'panama.db'}"
    done = subprocess.run(
        [found, "--database", database, "report", "-p", "2023-08", "--spec", str(path)],
        capture_output=True, text=True, encoding="utf-8", env=env, stdin=subprocess.DEVNULL,
        timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout
    said = " ".join(done.stderr.split())
    assert (
        "informe.yaml, línea 7: sección 1 (Personas), bloque 2 (sentence), clave 'text' (en): "
        "{staff:wrods}: formato desconocido 'wrods'"
    ) in said, said


# ------------------------------------------------------------------ the catalogues
# tests/report/test_catalogue.py checks that the catalogues hold exactly what the code
# uses (phrases and errors together); these check the errors, tr("…"), on their own.

REPORT = Path(opsreport.report.__file__).parent


def errors_used() -> set[str]:
    used = messages_used(REPORT)
    assert NOT_A_LITERAL not in used, (
        "tr() needs a string literal (format afterwards): " + ", ".join(used[NOT_A_LITERAL])
    )
    return set(used)


def test_the_extraction_of_the_catalogue_test_sees_every_error():
    """Babel's extraction (test_catalogue.py) and the source parse agree on tr("…")."""
    extracted = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            REPORT, [("**.py", "python")], keywords={"tr": None}
        )
    }
    assert errors_used() == extracted
    assert "unknown indicator '{id}'; did you mean '{hint}'?" in extracted


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_error_is_in_the_catalogue(lang):
    missing = sorted(errors_used() - set(catalogue(catalogue_path(lang), lang)))
    assert not missing, f"add to {catalogue_path(lang)}: {missing}"


def test_spanish_translates_every_error_and_keeps_its_placeholders():
    used = errors_used()
    english, spanish = (
        {m: text for m, text in catalogue(catalogue_path(lang), lang).items() if m in used}
        for lang in ("en", "es")
    )
    assert_translated(english, spanish, same=set())
