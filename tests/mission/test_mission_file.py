"""Reading mission files: the shipped Panama file loads; every mistake names key and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from opsreport.errors import MissionFileError
from opsreport.mission import load_mission_file

PANAMA = Path(__file__).parents[2] / "src" / "opsreport" / "demo" / "panama-mission.yaml"

# A small valid mission file; each case below changes one line of it.
VALID = textwrap.dedent(
    """\
    mission:
      code: test-mission
      name_en: Test Mission
      name_es: Misión de Prueba
      country_iso3: PAN
    admin_units:
      - {pcode: PA05, level: 1, name: Darién}
      - {pcode: PA12, level: 1, name: Panamá}
      - {pcode: PA1201, level: 2, name: Panamá, parent: PA12}
    offices:
      - code: country-office
        name_en: Country Office
        name_es: Oficina de País
        type: country-office
        admin1: PA12
        opened_on: 1990-06-01
      - code: darien-office
        name_en: Darién Sub-Office
        name_es: Suboficina de Darién
        type: sub-office
        admin1: PA05
        opened_on: 2019-01-15
    sites:
      - {code: lajas-blancas, name: ETRM Lajas Blancas, type: etrm, admin1: PA05}
      - {code: san-vicente, name: ETRM San Vicente, type: etrm, admin1: PA05}
    thematic_areas:
      - code: protection
        name_en: Protection
        name_es: Protección
        areas:
          - {code: legal, name_en: Legal assistance, name_es: Asistencia legal}
    activities:
      - {code: legal-orientation, name_en: Legal orientation, name_es: Orientación legal, kind: service, area: legal}
    topics:
      - {code: asylum, name_en: Asylum, name_es: Asilo}
    donors:
      - {code: eu, name_en: European Union, name_es: Unión Europea, type: direct, active_from: 2022-01-01}
    """  # noqa: E501
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mission.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str) -> int:
    """1-based number of the first line containing ``fragment``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in the test text")


def test_the_shipped_panama_file_loads():
    mission = load_mission_file(PANAMA)
    assert mission.mission["code"] == "iom-panama"
    assert mission.mission["country_iso3"] == "PAN"
    for table in ("admin_unit", "office", "site", "thematic_area", "activity", "topic", "donor"):
        assert mission.tables[table], f"the Panama file has no {table} rows"
    provinces = {u["pcode"] for u in mission.tables["admin_unit"] if u["level"] == 1}
    assert {s["admin1_pcode"] for s in mission.tables["site"]} <= provinces
    areas = {a["code"] for a in mission.tables["thematic_area"]}
    assert {a["thematic_area_code"] for a in mission.tables["activity"]} <= areas


def test_a_small_valid_file_loads(tmp_path):
    mission = load_mission_file(write(tmp_path, VALID))
    assert [o["code"] for o in mission.tables["office"]] == ["country-office", "darien-office"]
    assert [a["parent_code"] for a in mission.tables["thematic_area"]] == [None, "protection"]
    assert mission.tables["office"][1]["opened_on"].isoformat() == "2019-01-15"
    assert mission.mission["organisation"] == "IOM"  # the default


CASES = {
    # name: (line to change, its replacement, the line the error must name, words it must say)
    "missing-required-key": (
        "    name_es: Suboficina de Darién\n",
        "",
        "code: darien-office",
        ["offices[1].name_es", "required"],
    ),
    "unknown-pcode": (
        "type: etrm, admin1: PA05}\n  - {code: san-vicente",
        "type: etrm, admin1: PA99}\n  - {code: san-vicente",
        "lajas-blancas",
        ["sites[0].admin1", "PA99"],
    ),
    "bad-date": (
        "opened_on: 2019-01-15",
        "opened_on: 2019-02-30",
        "opened_on: 2019-02-30",
        ["offices[1].opened_on", "2019-02-30", "YYYY-MM-DD"],
    ),
    "date-in-another-format": (
        "opened_on: 2019-01-15",
        "opened_on: 15/01/2019",
        "opened_on: 15/01/2019",
        ["offices[1].opened_on", "15/01/2019"],
    ),
    "duplicate-code": (
        "{code: san-vicente,",
        "{code: lajas-blancas,",
        "name: ETRM San Vicente",
        ["sites[1].code", "lajas-blancas", "twice"],
    ),
    "unknown-section": (
        "topics:\n",
        "topicz:\n",
        "topicz:",
        ["topicz", "unknown section"],
    ),
    "yaml-syntax-error": (
        "    name_en: Country Office\n",
        "    name_en: [Country Office\n",
        "admin1: PA12",
        ["not valid YAML"],
    ),
    "unknown-choice": (
        "type: sub-office",
        "type: suboffice",
        "type: suboffice",
        ["offices[1].type", "suboffice", "sub-office"],
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_mistake_names_the_key_and_the_line(tmp_path, case):
    old, new, expected_at, words = CASES[case]
    assert old in VALID
    text = VALID.replace(old, new, 1)
    with pytest.raises(MissionFileError) as caught:
        load_mission_file(write(tmp_path, text))
    message = str(caught.value)
    assert message.startswith("mission.yaml, line ")
    line = int(message.split("line ")[1].split(",")[0].split(":")[0])
    if case == "yaml-syntax-error":
        # the parser notices an unclosed bracket somewhere after it opens
        assert line >= line_of(text, "[Country Office")
    else:
        assert line == line_of(text, expected_at), message
    for word in words:
        assert word in message


def test_a_missing_required_section_is_named(tmp_path):
    text = VALID.split("activities:")[0]
    with pytest.raises(MissionFileError, match="activities: this section is required"):
        load_mission_file(write(tmp_path, text))


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(MissionFileError, match="does not exist"):
        load_mission_file(tmp_path / "nowhere.yaml")


DOC = Path(__file__).parents[2] / "docs" / "mission-file.md"


def test_the_documented_example_loads(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    mission = load_mission_file(write(tmp_path, example))
    assert mission.mission["code"] and mission.tables["site"]


def test_the_documentation_names_every_section_and_allowed_value():
    from opsreport.mission import file

    text = DOC.read_text(encoding="utf-8")
    missing = [f"section {s}" for s in file.SECTIONS if f"`{s}`" not in text]
    for values in (file.OFFICE_TYPES, file.OFFICE_UNITS, file.SITE_TYPES,
                   file.ACTIVITY_KINDS, file.DONOR_TYPES):  # fmt: skip
        missing += [f"value {v}" for v in values if f"`{v}`" not in text]
    assert not missing, "docs/mission-file.md does not document: " + ", ".join(missing)
