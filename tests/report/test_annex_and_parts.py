"""The methodology annex, block-level ``requires``, the DTM crossings, and chart spec errors."""

from __future__ import annotations

import re

import pytest
from report_text import visible_text

from opsreport.errors import ReportError
from opsreport.report import load_spec, render_report
from opsreport.report.spec import catalogue_ids, spec_from_data
from opsreport.yamlfile import load_yaml_text

PERIOD = "2023-08..2023-09"

HEAD = """\
title: {en: T, es: T}
mission: {en: M, es: M}
sections:
  - title: {en: People, es: Personas}
    blocks:
"""


def spec_of(blocks: str):
    data = load_yaml_text(HEAD + blocks, "my-report.yaml")
    return spec_from_data(data, "my-report.yaml", catalogue_ids())


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (
            "      - {type: chart, kind: pie, indicator: staff}\n",
            "block 1 (chart), key 'kind': 'kind' is one of bar, stacked-bar, line, not 'pie'",
        ),
        (
            "      - {type: chart, kind: bar}\n",
            "block 1 (chart): a chart needs 'indicator'",
        ),
        (
            "      - {type: chart, kind: bar, indicator: medical-care-transit-etrm,"
            " over: months, by: sex}\n",
            "a chart draws one of over, by or facet, not over and by",
        ),
        (
            "      - {type: chart, kind: bar, indicator: medical-care-transit-etrm, by: nation}\n",
            "key 'by': 'by' names one or two of age-group, sex",
        ),
        (
            "      - {type: chart, kind: line, over: months, indicators: [staff, staf]}\n",
            "key 'indicators': unknown indicator 'staf'; did you mean 'staff'?",
        ),
        (
            "      - {type: map}\n",
            "a map block needs 'indicator'",
        ),
        (
            "      - {type: headline, indicator: staff, text: {en: a, es: b}, compare: last}\n",
            "key 'compare': 'compare' is one of previous, not 'last'",
        ),
        (
            "      - {type: sentence, text: {en: a, es: b}, requires: [fms-rnd]}\n",
            "key 'requires': unknown indicator 'fms-rnd'; did you mean 'fms-round'?",
        ),
    ],
)
def test_a_wrong_chart_map_or_comparison_is_refused_with_where_it_is(block, message):
    with pytest.raises(ReportError) as error:
        spec_of(block)
    assert str(error.value).startswith("my-report.yaml, line 6: section 1 (People)")
    assert message in str(error.value)


def test_a_block_that_requires_missing_figures_shows_its_otherwise_text(render, results):
    spec = spec_of(
        "      - type: sentence\n"
        "        requires: [transits-total]\n"
        "        text: {en: 'Crossings: {transits-total}.', es: 'Cruces: {transits-total}.'}\n"
        "        otherwise: {en: No crossings counted yet., es: Aún no hay cruces contados.}\n"
        "      - {type: headline, indicator: staff, text: {en: staff, es: personas}}\n"
    )
    text = visible_text(render(results, "en", spec=spec))
    assert "No crossings counted yet." in text
    assert "Crossings:" not in text
    assert "196 staff" in text


@pytest.fixture(scope="module")
def annexed(demo_store):
    return {lang: render_report(demo_store, PERIOD, lang, "html").decode() for lang in ("en", "es")}


def test_the_annex_explains_every_figure_of_the_report(annexed):
    from opsreport.indicators import load_catalogue

    catalogue = load_catalogue()
    html = annexed["en"]
    explained = re.findall(r'<dt id="figure-([a-z0-9-]+)">', html)
    spec = load_spec()
    shown = {rid for _block, _key, p in spec.references() for rid in (p.ids if p else ())}
    shown |= {block.indicator for block, _key, p in spec.references() if p is None}
    # every indicator the report uses is explained, once, with its catalogue definition
    assert len(explained) == len(set(explained))
    assert shown <= set(explained)
    text = visible_text(html)
    for rid in ("legal-orientation-residing", "fms-main-info-family", "digital-reach"):
        assert catalogue[rid].definition_en in text
    assert "unique people" in text and "participants (unique people" in text
    assert re.search(r"n = \d+, 95% interval \d+% to \d+%", text)
    assert "Data cut-off: records dated up to 30 September 2023." in text
    spanish = visible_text(annexed["es"])
    assert catalogue["fms-round"].definition_es in spanish
    assert "personas únicas" in spanish


def test_the_dtm_section_opens_with_the_periods_darien_crossings(demo_store, annexed):
    """The demo imports the SNM transit counts, as a mission does with its own."""
    from opsreport.indicators import compute

    ids = ["transits-total", "transits-children-share", "transits-by-nationality"]
    figures = compute(demo_store, PERIOD, ids=ids)
    en = visible_text(annexed["en"])
    es = visible_text(annexed["es"]).replace("\xa0", " ")
    total = figures["transits-total"].value
    assert total
    children = round(100 * figures["transits-children-share"].share.value)
    assert f"counted {total:,} irregular crossings of the Darién jungle" in en
    assert f"{children}% of the people crossing were girls and boys" in en
    # the annex gives the official counts' base, not a sampling interval
    base = f"n = {round(figures['transits-children-share'].share.n):,}"
    assert f"{base}, a complete count (no sampling interval)" in en
    assert f"{base}, 95% interval" not in en
    assert f"registró {total:,} cruces".replace(",", ".") in es
    assert "Irregular crossings of the Darién by nationality" in en
    top = figures["transits-by-nationality"].items[0]
    assert top.name_en in en
    # the opening sentence names the leading nationalities, capitalised as countries are
    opening = en.split("irregular crossings of the Darién jungle in this period,")[1]
    assert opening.lstrip().startswith(f"mostly by people from {top.name_en}")
    assert f"principalmente de personas de {top.name_es}" in es
    assert "Servicio Nacional de Migración (SNM)" in en


def test_without_transit_counts_the_dtm_section_has_the_survey_alone(render, results):
    text = visible_text(render(results, "en"))
    assert "irregular crossings of the Darién jungle" not in text
    assert "According to the results of the July Flow Monitoring Survey" in text


def test_a_breakdown_the_indicator_does_not_offer_names_the_block(demo_store):
    spec = spec_of("      - {type: table, indicator: digital-reach, by: [age-group, sex]}\n")
    with pytest.raises(ReportError) as error:
        render_report(demo_store, PERIOD, "en", "html", spec=spec)
    assert str(error.value).startswith("my-report.yaml, line 6: section 1 (People), block 1")
    assert "key 'by'" in str(error.value)


def test_a_public_report_hides_small_groups_in_its_charts_and_says_so(demo_store):
    public = render_report(demo_store, PERIOD, "en", "html", public=True).decode()
    private = render_report(demo_store, PERIOD, "en", "html").decode()
    note = "Groups of fewer than 5 people are not shown"
    chart = r'<figure class="block chart">\s*<figcaption>[^<]*by age and sex.*?</figure>'
    figure = re.search(chart, public, re.S).group(0)
    assert note in figure
    assert note not in private
    assert "Published version" in visible_text(public)
