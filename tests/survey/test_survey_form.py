"""The shipped FMS form: what DTM's field list asks for, in both languages, convertible."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from opsreport.errors import SurveyError
from opsreport.survey import load_instrument, to_xform


@pytest.fixture(scope="module")
def fms():
    return load_instrument("fms")


@pytest.fixture(scope="module")
def fms_xml(fms):
    warnings: list[str] = []
    xml = to_xform(fms, warnings)
    return xml, warnings


# design/FMS.md field list: every field, with its group
FIELDS = {
    "metadata": "survey_date fmp province enumerator interview_language consent "
    "previously_surveyed",
    "respondent": "sex age nationality country_birth marital_status education employment_before",
    "journey": "country_departure time_in_departure_country reasons_leave main_reason_leave "
    "transit_countries days_in_jungle transport_modes journey_cost_usd financing",
    "travel_group": "travel_with group_size group_children_0_4 group_children_5_17 "
    "pregnant_in_group uasc_in_group",
    "information": "info_sources_route main_info_source knew_regular_pathways "
    "enough_info_danger enough_info_insecurity enough_info_difficulty",
    "intentions": "intended_destination reasons_destination",
    "protection": "incidents_route vulnerabilities_group main_needs documents_held",
}

# the choices the report's figures (D1–D4) and the importer rely on, from design/FMS.md
CHOICES = {
    "fmp": "lajas_blancas san_vicente los_planes_gualaca bajo_chiquito canaan_membrillo",
    "interview_language": "es en ht fr pt",
    "consent": "yes no",
    "previously_surveyed": "yes no",
    "sex": "female male other no_answer",
    "education": "none primary secondary technical university postgraduate",
    "reasons_leave": "economic insecurity_violence political persecution family_reunification "
    "lack_services discrimination disaster_climate other",
    "travel_with": "alone family friends other_migrants",
    "info_sources_route": "family_friends_migrated social_media smugglers_guides news ngo_un "
    "government other",
    "knew_regular_pathways": "yes no dont_know",
    "enough_info_danger": "yes no dont_know",
    "enough_info_insecurity": "yes no dont_know",
    "enough_info_difficulty": "yes no dont_know",
    "incidents_route": "robbery assault sexual_violence extortion detention witnessed_death "
    "none prefer_not_say",
    "main_needs": "food water health shelter cash information transport hygiene "
    "documentation legal psychosocial",
}


def test_fms_has_every_field_of_the_field_list_in_its_group(fms):
    groups = {q.name: q.group for q in fms.questions}
    for group, names in FIELDS.items():
        for name in names.split():
            assert groups.get(name) == group, f"{name} should be in group {group}"
    assert groups["weight"] == ""


def test_fms_choice_names_match_the_field_list(fms):
    for question, names in CHOICES.items():
        assert [c.name for c in fms.question(question).choices] == names.split(), question


def test_main_answers_use_the_same_list_as_the_multiple_answers(fms):
    assert (
        fms.question("main_info_source").list_name == fms.question("info_sources_route").list_name
    )
    assert fms.question("main_reason_leave").list_name == fms.question("reasons_leave").list_name
    assert fms.question("main_info_source").type == "select_one"
    assert fms.question("info_sources_route").type == "select_multiple"


def test_nationality_choices_are_iso_alpha3(fms):
    names = [c.name for c in fms.question("nationality").choices]
    assert "VEN" in names and "HTI" in names
    assert all(re.fullmatch(r"[A-Z]{3}", name) for name in names)


def test_every_question_and_choice_is_labelled_in_english_and_spanish(fms):
    asked = [q for q in fms.questions if q.type not in ("calculate", "start", "end")]
    assert len(asked) >= 35
    for q in asked:
        assert q.labels.get("en") and q.labels.get("es"), q.name
        for choice in q.choices:
            assert choice.labels.get("en") and choice.labels.get("es"), (q.name, choice.name)
    notes = [r for r in fms.workbook.rows("survey") if r.get("type") == "note"]
    assert notes and all(
        r.get("label::English (en)") and r.get("label::Español (es)") for r in notes
    )


def test_every_constraint_has_a_message_in_both_languages(fms):
    rows = [r for r in fms.workbook.rows("survey") if r.get("constraint")]
    assert len(rows) >= 8
    for row in rows:
        assert row.get("constraint_message::English (en)"), row.get("name")
        assert row.get("constraint_message::Español (es)"), row.get("name")


def test_titles_in_both_languages(fms):
    assert fms.code == "fms"
    assert fms.title("en") != fms.title("es")
    assert "Flow Monitoring" in fms.title("en") and "Monitoreo de Flujos" in fms.title("es")


def test_protection_and_needs_questions_are_flagged_sensitive(fms):
    assert set(fms.sensitive_questions) == {
        "incidents_route",
        "vulnerabilities_group",
        "main_needs",
        "documents_held",
    }
    assert not fms.question("main_info_source").sensitive


def test_pyxform_converts_the_form_without_warnings(fms_xml):
    xml, warnings = fms_xml
    assert warnings == []
    assert xml.startswith("<?xml")
    assert '<data id="fms" version="2023.1">' in xml


def test_xform_ends_the_interview_without_consent(fms_xml):
    xml, _ = fms_xml
    eligible = "/data/metadata/consent  = 'yes' and  /data/metadata/previously_surveyed  = 'no'"
    for group in (
        "respondent",
        "journey",
        "travel_group",
        "information",
        "intentions",
        "protection",
    ):
        assert f'<bind nodeset="/data/{group}" relevant=" {eligible}"/>' in xml, group


def test_xform_calculates_the_province_pcode_from_the_fmp(fms_xml):
    xml, _ = fms_xml
    assert (
        'nodeset="/data/metadata/province" type="string" '
        "calculate=\"instance('fmp')/root/item[name= /data/metadata/fmp ]/province\""
    ) in xml
    fmp_items = xml.split('<instance id="fmp">')[1].split("</instance>")[0]
    assert re.search(r"<name>los_planes_gualaca</name>\s*<province>PA02</province>", fmp_items)
    assert re.search(r"<name>bajo_chiquito</name>\s*<province>PA05</province>", fmp_items)


def test_xform_keeps_age_constraint_and_sensitive_flag(fms_xml):
    xml, _ = fms_xml
    assert 'nodeset="/data/respondent/age" type="int"' in xml
    assert 'constraint=". &gt;= 18 and . &lt;= 99"' in xml
    assert "<value>La edad debe estar entre 18 y 99 años.</value>" in xml
    assert 'xmlns:opsreport="https://opsreport.org/xforms"' in xml
    assert xml.count('opsreport:sensitive="yes"') == 4


def test_xform_weight_is_a_decimal_defaulting_to_one(fms_xml):
    xml, _ = fms_xml
    assert '<bind nodeset="/data/weight" type="decimal" calculate="1"/>' in xml


def test_none_and_prefer_not_say_are_exclusive(fms):
    for name in ("incidents_route", "vulnerabilities_group", "documents_held"):
        constraint = fms.question(name).constraint or ""
        assert "selected(., 'none')" in constraint and "count-selected(.) > 1" in constraint


def test_counts_cannot_be_negative_and_groups_have_someone(fms):
    assert fms.question("group_size").constraint == ". >= 1"
    for name in ("group_children_0_4", "group_children_5_17", "days_in_jungle", "journey_cost_usd"):
        assert (fms.question(name).constraint or "").startswith(". >= 0"), name


needs_java = pytest.mark.skipif(
    shutil.which("java") is None, reason="ODK Validate needs Java (make system-packages)"
)


@needs_java
def test_odk_validate_accepts_the_form_expressions_included(fms):
    warnings: list[str] = []
    assert "<h:title>" in to_xform(fms, warnings, validate=True)
    assert warnings == []


@needs_java
def test_odk_validate_rejects_a_broken_expression(fms, tmp_path):
    text = Path(fms.workbook.source).read_text(encoding="utf-8")
    broken = tmp_path / "fms.yaml"
    broken.write_text(text.replace(". >= 18 and . <= 99", ". >= 18 and and . <= 99"), "utf-8")
    with pytest.raises(SurveyError, match=r"ODK Validate rejects the form.*and and"):
        to_xform(load_instrument(broken), validate=True)


def test_every_choice_list_is_defined_and_used(fms):
    defined = {row.get("list_name") for row in fms.workbook.rows("choices")}
    used = {q.list_name for q in fms.questions if q.list_name}
    assert used == defined
    for q in fms.questions:
        if q.is_select:
            assert len(q.choices) >= 2, q.name
