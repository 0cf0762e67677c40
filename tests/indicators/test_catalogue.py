"""The shipped catalogue loads; a bad catalogue says which indicator, key and line."""

import pytest

from opsreport.errors import CatalogueError
from opsreport.indicators import load_catalogue

SHARED_IDS = {
    "offices-open",
    "offices-capital",
    "sub-offices",
    "staff",
    "staff-national",
    "staff-international",
    "staff-mission",
    "regions-active",
    "sites-active",
    "areas-of-work",
    "legal-orientation-residing",
    "community-workshop-participants",
    "medical-care-transit-etrm",
    "fms-round",
    "fms-main-info-family",
    "fms-no-regular-pathways",
    "fms-not-enough-info-danger",
    "fms-not-enough-info-insecurity",
    "fms-not-enough-info-difficulty",
    "fms-main-reason-ranking",
    "partner-training-participants",
    "digital-reach",
    "donors-active",
}


def test_shipped_catalogue_has_every_agreed_indicator():
    catalogue = load_catalogue()
    assert SHARED_IDS <= set(catalogue)
    for indicator in catalogue.values():
        assert indicator.label_es and indicator.definition_es


def test_capital_offices_are_a_catalogue_filter():
    assert load_catalogue()["offices-capital"].filters == {"admin2": ("PA1201",)}


def write(tmp_path, text):
    path = tmp_path / "mission-catalogue.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
indicators:
  - id: staff
    label_en: Colleagues
    label_es: Colegas
    definition_en: d
    definition_es: d
    unit: as-of-count
    source: staff
"""


def test_a_mission_file_overrides_and_adds(tmp_path):
    extra = (
        GOOD
        + """\
  - id: hygiene-kits
    label_en: Hygiene kits
    label_es: Kits de higiene
    definition_en: d
    definition_es: d
    unit: records
    source: services
    filters: {activity: hygiene-kit}
"""
    )
    catalogue = load_catalogue([write(tmp_path, extra)])
    assert catalogue["staff"].label_en == "Colleagues"
    assert catalogue["hygiene-kits"].filters == {"activity": ("hygiene-kit",)}
    assert "digital-reach" in catalogue


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("unit: as-of-count", "unit: people"), "line 7, indicator 'staff', unit: 'people'"),
        (
            ("source: staff", "source: staff\n    filters: {colour: red}"),
            "line 9, indicator 'staff', filters: 'colour' is not a filter",
        ),
        (("    label_es: Colegas\n", ""), "indicator 'staff', label_es: is required"),
        (
            ("source: staff", "source: staff\n    period: latest-round"),
            "indicator 'staff', period: a staff indicator is counted 'as-of-end'",
        ),
        (
            ("source: staff", "source: staff\n    disaggregations: [shoe-size]"),
            "line 9, indicator 'staff', disaggregations: 'shoe-size'",
        ),
    ],
)
def test_errors_name_indicator_key_and_line(tmp_path, change, expected):
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(CatalogueError) as error:
        load_catalogue([path])
    assert expected in str(error.value)
    assert "mission-catalogue.yaml" in str(error.value)


def test_survey_share_needs_a_choice(tmp_path):
    text = GOOD.replace(
        "unit: as-of-count\n    source: staff",
        "unit: share\n    source: survey\n    filters: {instrument: fms, "
        "question: main_info_source}",
    )
    with pytest.raises(CatalogueError, match="needs filters.choice"):
        load_catalogue([write(tmp_path, text)])


def test_unknown_id_is_refused_with_the_known_ones():
    with pytest.raises(CatalogueError, match="No indicator 'stafff'.*staff-national"):
        load_catalogue().select(["stafff"])
