"""Report specifications: the default loads, and each mistake names where it is."""

from __future__ import annotations

import textwrap

import pytest

from opsreport.errors import ReportError
from opsreport.report import load_spec
from opsreport.report.spec import DEFAULT_SPEC, spec_from_data
from opsreport.yamlfile import load_yaml_text

KNOWN = {"staff", "staff-national", "sites-active", "areas-of-work", "donors-active"}

SEED_SECTIONS = [
    "IOM in Panama",
    "Areas of work",
    "Assistance to migrants residing in the country and members of host communities",
    "Operations and emergencies",
    "Displacement Tracking Matrix (DTM)",
    "Strengthening of capacities",
    "Communications",
    "IOM Panama appreciates the contributions of our direct and general donors",
]

REPORT_INDICATORS = {
    "offices-capital", "sub-offices", "staff", "staff-national", "staff-international",
    "staff-mission", "regions-active", "sites-active", "areas-of-work",
    "legal-orientation-residing", "community-workshop-participants",
    "medical-care-transit-etrm", "fms-round", "fms-main-info-family",
    "fms-no-regular-pathways", "fms-not-enough-info-danger", "fms-not-enough-info-insecurity",
    "fms-not-enough-info-difficulty", "fms-main-reason-ranking",
    "partner-training-participants", "digital-reach", "donors-active",
}  # fmt: skip


def spec(yaml: str, known=KNOWN):
    text = textwrap.dedent(yaml)
    return spec_from_data(load_yaml_text(text, "my-report.yaml"), "my-report.yaml", known)


HEAD = """\
    title: {en: Report, es: Informe}
    mission: {en: IOM Panama, es: OIM Panamá}
    sections:
      - title: {en: People, es: Personas}
        blocks:
"""


def test_the_default_spec_has_the_seed_sections_in_order_and_every_figure():
    report = load_spec()
    titles = [s.title["en"] for s in report.sections]
    # the seed's sections in the seed's order; sections beyond the seed go between them
    assert [t for t in titles if t in SEED_SECTIONS] == SEED_SECTIONS
    assert titles[-1] == "Methodology"
    assert REPORT_INDICATORS <= report.indicator_ids()


def test_the_default_spec_is_checked_against_the_indicator_catalogue():
    from opsreport.indicators import load_catalogue

    catalogue = set(load_catalogue())
    assert load_spec().indicator_ids() <= catalogue


def test_a_small_spec_loads():
    block = "- {type: sentence, text: {en: '{staff} staff', es: '{staff} personas'}}"
    report = spec(HEAD + "          " + block + "\n")
    assert report.sections[0].blocks[0].type == "sentence"
    assert report.indicator_ids() == {"staff"}


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (
            "- {type: sentence, text: {en: '{staf} staff', es: '{staf} personas'}}",
            "my-report.yaml, line 6: section 1 (People), block 1 (sentence), key 'text': "
            "unknown indicator 'staf'; did you mean 'staff'?",
        ),
        (
            "- {type: headline, indicator: stuff, text: {en: x, es: x}}",
            "line 6: section 1 (People), block 1 (headline), key 'indicator': "
            "unknown indicator 'stuff'; did you mean 'staff'?",
        ),
        (
            "- {type: headlin, indicator: staff, text: {en: x, es: x}}",
            "block 1, key 'type': unknown block type 'headlin'; did you mean 'headline'?",
        ),
        (
            "- {type: headline, text: {en: x, es: x}}",
            "block 1 (headline): a headline block needs 'indicator'",
        ),
        (
            "- {type: sentence, text: {en: '{staff} staff'}}",
            "key 'text': 'text' has no text in es",
        ),
        (
            "- {type: sentence, text: '{staff} staff'}",
            "'text' must give the text in every language (en: …, es: …)",
        ),
        (
            "- {type: sentence, text: {en: '{staff:wrods}', es: '{staff}'}}",
            "key 'text' (en): {staff:wrods}: unknown format 'wrods'",
        ),
        (
            "- {type: sentence, text: {en: '{staff:words:n}', es: '{staff}'}}",
            "words takes the grammatical gender m or f, not 'n'",
        ),
        (
            "- {type: sentence, text: {en: 'the {staff', es: '{staff}'}}",
            "a '{' or '}' without its partner",
        ),
        (
            "- {type: topic-list, indicator: staff, colour: red}",
            "key 'colour': a topic-list block has no key 'colour' "
            "(it takes facet, indicator, label)",
        ),
        (
            "- {type: sentence, text: {en: '{staff,sites-active}', es: '{staff}'}}",
            "only more-than-percent takes several indicators",
        ),
    ],
)
def test_a_mistake_names_file_line_section_block_and_key(block, message):
    with pytest.raises(ReportError) as caught:
        spec(HEAD + "          " + block + "\n")
    assert message in str(caught.value)


def test_a_mistake_on_a_later_line_names_that_line():
    yaml = HEAD + textwrap.indent(
        textwrap.dedent("""\
        - type: sentence
          text: {en: '{staff}', es: '{staff}'}
        - type: bullets
          items:
            - {en: '{staff}', es: '{staff}'}
            - {en: '{staf}', es: '{staff}'}
        """),
        "          ",
    )
    with pytest.raises(ReportError) as caught:
        spec(yaml)
    assert str(caught.value).startswith(
        "my-report.yaml, line 11: section 1 (People), block 2 (bullets), key 'items[2]': "
        "unknown indicator 'staf'"
    )


def test_a_section_without_blocks_names_its_own_line():
    yaml = (
        HEAD
        + "          - {type: text, text: {en: x, es: y}}\n"
        + ("      - title: {en: Empty, es: Vacía}\n")
    )
    with pytest.raises(ReportError) as caught:
        spec(yaml)
    assert str(caught.value).startswith(
        "my-report.yaml, line 7: section 2 (Empty), key 'blocks': 'blocks' must be a non-empty"
    )


def test_an_unknown_required_indicator_names_the_section():
    yaml = HEAD.replace("blocks:", "requires: [fms-rnd]\n        blocks:") + (
        "          - {type: text, text: {en: x, es: y}}\n"
    )
    with pytest.raises(ReportError) as caught:
        spec(yaml, known=KNOWN | {"fms-round"})
    assert str(caught.value) == (
        "my-report.yaml, line 5: section 1 (People), key 'requires': "
        "unknown indicator 'fms-rnd'; did you mean 'fms-round'?"
    )


def test_an_unknown_layout_is_refused():
    with pytest.raises(ReportError, match=r"line 5: section 1 \(People\), key 'layout'"):
        spec(
            HEAD.replace("blocks:", "layout: three-column\n        blocks:")
            + "          - {type: text, text: {en: x, es: y}}\n"
        )


def test_without_a_catalogue_unknown_ids_wait_for_render_time():
    report = spec(
        HEAD + "          - {type: sentence, text: {en: '{nobody}', es: '{nobody}'}}\n",
        known=None,
    )
    assert report.indicator_ids() == {"nobody"}


def test_a_spec_that_is_not_yaml_says_where(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("title: {en: x\nsections: []\n", encoding="utf-8")
    with pytest.raises(ReportError, match="broken.yaml, line"):
        load_spec(path)


def test_a_missing_spec_file_is_named(tmp_path):
    with pytest.raises(ReportError, match="does not exist"):
        load_spec(tmp_path / "nothing.yaml")


def test_the_default_spec_is_shipped_with_the_package():
    assert DEFAULT_SPEC.exists()
    assert DEFAULT_SPEC.suffix == ".yaml"
