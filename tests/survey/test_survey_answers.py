"""Kobo export columns and cells placed against the FMS, whatever the export options."""

from __future__ import annotations

import pytest

from opsreport.survey import load_instrument
from opsreport.survey.answers import choice_names, flag_value, match_columns


@pytest.fixture(scope="module")
def fms():
    return load_instrument("fms")


def _kinds(fms, headers):
    return [
        (c.kind, c.question.name if c.question else None, c.choice.name if c.choice else None)
        for c in match_columns(fms, headers)
    ]


def test_xml_names_with_group_paths(fms):
    headers = [
        "start", "metadata/fmp", "information/main_info_source", "information/info_sources_route",
        "information/info_sources_route/social_media", "journey/reasons_leave/economic", "weight",
        "_uuid", "_submission_time", "__version__", "meta/instanceID", "my_extra_column",
    ]  # fmt: skip
    assert _kinds(fms, headers) == [
        ("question", "start", None),
        ("question", "fmp", None),
        ("question", "main_info_source", None),
        ("question", "info_sources_route", None),
        ("choice-flag", "info_sources_route", "social_media"),
        ("choice-flag", "reasons_leave", "economic"),
        ("question", "weight", None),
        ("system", None, None),
        ("system", None, None),
        ("system", None, None),
        ("system", None, None),
        ("unknown", None, None),
    ]


def test_bare_names_without_group_paths(fms):
    assert _kinds(fms, ["main_info_source", "info_sources_route/ngo_un"]) == [
        ("question", "main_info_source", None),
        ("choice-flag", "info_sources_route", "ngo_un"),
    ]


def test_a_question_in_the_wrong_group_is_not_guessed(fms):
    assert _kinds(fms, ["respondent/main_info_source"]) == [("unknown", None, None)]


def test_label_headers_in_spanish(fms):
    headers = [
        "¿Cuál fue su principal fuente de información?",
        "¿Dónde obtuvo información sobre la ruta?/Redes sociales",
        "Edad (años)",
        "Why did you leave that country?/Economic/financial reasons",
    ]
    assert _kinds(fms, headers) == [
        ("question", "main_info_source", None),
        ("choice-flag", "info_sources_route", "social_media"),
        ("question", "age", None),
        ("choice-flag", "reasons_leave", "economic"),
    ]


def test_select_one_cells_by_name_or_label(fms):
    main = fms.question("main_info_source")
    assert choice_names(main, "family_friends_migrated") == (["family_friends_migrated"], [])
    assert choice_names(main, "Family or friends who had migrated") == (
        ["family_friends_migrated"],
        [],
    )
    assert choice_names(main, "  familiares o amistades que habían migrado ") == (
        ["family_friends_migrated"],
        [],
    )
    assert choice_names(main, "radio") == ([], ["radio"])
    assert choice_names(main, "") == ([], [])


def test_select_multiple_cells_by_names_or_labels(fms):
    route = fms.question("info_sources_route")
    assert choice_names(route, "social_media ngo_un") == (["social_media", "ngo_un"], [])
    assert choice_names(route, "Social media NGOs or UN agencies") == (
        ["social_media", "ngo_un"],
        [],
    )
    assert choice_names(route, "Redes sociales; Familiares o amistades que habían migrado") == (
        ["social_media", "family_friends_migrated"],
        [],
    )
    reasons = fms.question("reasons_leave")
    assert choice_names(reasons, "Economic/financial reasons Insecurity/violence") == (
        ["economic", "insecurity_violence"],
        [],
    )
    assert choice_names(route, "social_media carrier_pigeon") == (
        ["social_media"],
        ["carrier_pigeon"],
    )


def test_choice_flags():
    assert [flag_value(v) for v in ("1", "0", 1, 0.0, "True", "", None, "maybe")] == [
        True, False, True, False, True, False, False, None,
    ]  # fmt: skip
