"""An IMO whose interface speaks Spanish reads what is wrong with the mission file in Spanish.

The language is the interface language when the file is read (OPSREPORT_LANG, else the
locale); the place of the mistake (file, line, key such as ``sites[1].type``) and the
values of the file are the same in every language.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_mission_file import VALID, line_of, write

import opsreport.mission
from catalogue_checks import (
    NOT_A_LITERAL,
    assert_holds_exactly,
    assert_translated,
    catalogue,
    messages_used,
)
from opsreport.errors import MissionFileError
from opsreport.mission import load_mission_file
from opsreport.mission.i18n import catalogue_path

# name: (line to change, its replacement, the line the error must name, the Spanish message)
SPANISH = {
    "unknown-site-type": (
        "name: ETRM San Vicente, type: etrm",
        "name: ETRM San Vicente, type: etrmx",
        "name: ETRM San Vicente",
        "sites[1].type: 'etrmx' no es uno de los valores permitidos: etrm, fmp, office, "
        "community, shelter, border-post, other",
    ),
    "missing-required-key": (
        "    name_es: Suboficina de Darién\n",
        "",
        "code: darien-office",
        "offices[1].name_es: es obligatorio y falta",
    ),
    "unknown-pcode": (
        "type: etrm, admin1: PA05}\n  - {code: san-vicente",
        "type: etrm, admin1: PA99}\n  - {code: san-vicente",
        "lajas-blancas",
        "sites[0].admin1: 'PA99' no es un P-code de nivel admin-1 de este archivo "
        "(existentes: PA05, PA12)",
    ),
    "bad-date": (
        "opened_on: 2019-01-15",
        "opened_on: 15/01/2019",
        "opened_on: 15/01/2019",
        "offices[1].opened_on: '15/01/2019' no es una fecha; escríbala como AAAA-MM-DD",
    ),
    "duplicate-code": (
        "{code: san-vicente,",
        "{code: lajas-blancas,",
        "name: ETRM San Vicente",
        "sites[1].code: 'lajas-blancas' aparece dos veces; cada valor de code debe ser único",
    ),
    "unknown-section": (
        "topics:\n",
        "topicz:\n",
        "topicz:",
        "topicz: sección desconocida; las secciones son mission, admin_units",
    ),
}
ENGLISH_WORDS = re.compile(r"\b(line|is not|required|listed twice|unknown|known)\b")


@pytest.mark.parametrize("case", SPANISH, ids=list(SPANISH))
def test_a_mistake_is_explained_in_spanish_at_the_same_line_and_key(tmp_path, monkeypatch, case):
    old, new, expected_at, spanish = SPANISH[case]
    text = VALID.replace(old, new, 1)
    assert text != VALID
    path = write(tmp_path, text)
    with pytest.raises(MissionFileError) as english:
        load_mission_file(path)

    monkeypatch.setenv("OPSREPORT_LANG", "es")
    with pytest.raises(MissionFileError) as caught:
        load_mission_file(path)
    message = str(caught.value)
    line = line_of(text, expected_at)
    assert message.startswith(f"mission.yaml, línea {line}, {spanish}"), message
    assert str(english.value).startswith(f"mission.yaml, line {line}, ")
    assert not ENGLISH_WORDS.search(message), message


def test_a_yaml_syntax_error_and_a_missing_file_in_spanish(tmp_path, monkeypatch):
    monkeypatch.setenv("OPSREPORT_LANG", "es")
    text = VALID.replace("    name_en: Country Office\n", "    name_en: [Country Office\n")
    with pytest.raises(MissionFileError, match=r"^mission\.yaml, línea \d+: no es YAML válido \("):
        load_mission_file(write(tmp_path, text))
    with pytest.raises(MissionFileError, match="El archivo de misión .*nada.yaml no existe."):
        load_mission_file(tmp_path / "nada.yaml")
    with pytest.raises(MissionFileError, match="activities: esta sección es obligatoria"):
        load_mission_file(write(tmp_path, VALID.split("activities:")[0]))


def test_the_locale_alone_chooses_spanish_and_an_unknown_language_is_english(tmp_path, monkeypatch):
    path = write(tmp_path, VALID.replace("country_iso3: PAN", "country_iso3: PANAMA"))
    monkeypatch.delenv("OPSREPORT_LANG")
    monkeypatch.setenv("LANG", "es_PA.UTF-8")
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(MissionFileError) as spanish:
        load_mission_file(path)
    assert str(spanish.value) == (
        "mission.yaml, línea 5, mission.country_iso3: "
        "debe ser un código ISO 3166-1 alfa-3, como PAN"
    )
    monkeypatch.setenv("OPSREPORT_LANG", "fr")  # no French catalogue: English
    with pytest.raises(MissionFileError) as english:
        load_mission_file(path)
    assert str(english.value) == (
        "mission.yaml, line 5, mission.country_iso3: must be an ISO 3166-1 alpha-3 code such as PAN"
    )


def test_opsreport_init_says_what_is_wrong_in_spanish(tmp_path):
    """What the IMO runs: OPSREPORT_LANG=es opsreport init --mission mission.yaml."""
    script = Path(sys.executable).with_name("opsreport")
    found = str(script) if script.exists() else shutil.which("opsreport")
    assert found, "the opsreport console script is not installed"
    text = VALID.replace("ETRM Lajas Blancas, type: etrm", "ETRM Lajas Blancas, type: etrmx")
    path = write(tmp_path, text)
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env.update({"OPSREPORT_LANG": "es", "NO_COLOR": "1", "COLUMNS": "200"})
    database = f"sqlite:///{tmp_path / 'panama.db'}"
    done = subprocess.run(
        [found, "--database", database, "init", "--mission", str(path)],
        capture_output=True, text=True, encoding="utf-8", env=env, stdin=subprocess.DEVNULL,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout
    line = line_of(text, "type: etrmx")
    said = " ".join(done.stderr.split())
    assert f"mission.yaml, línea {line}, sites[0].type: 'etrmx' no es uno de los" in said, said


# ------------------------------------------------------------------ the catalogues

MISSION = Path(opsreport.mission.__file__).parent


def test_every_tr_call_has_a_literal_message():
    used = messages_used(MISSION)
    assert NOT_A_LITERAL not in used, (
        "tr() needs a string literal (format afterwards): " + ", ".join(used[NOT_A_LITERAL])
    )
    assert "'{value}' is not one of {allowed}" in used  # the extraction sees the code


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_catalogue_holds_exactly_the_messages_the_mission_file_uses(lang):
    assert_holds_exactly(catalogue_path(lang), lang, set(messages_used(MISSION)))


def test_spanish_translates_every_message_and_keeps_its_placeholders():
    english, spanish = (catalogue(catalogue_path(lang), lang) for lang in ("en", "es"))
    assert_translated(english, spanish, same=set())
