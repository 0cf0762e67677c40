"""End to end: the report of the demo mission states every REPORT-TARGETS figure.

The demo store holds only records; the indicator engine computes the figures; the report
phrases them. Nothing here is passed to the report by hand.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from report_text import visible_text

from opsreport.report import render_report

PERIOD = "2023-08..2023-09"

TARGETS_EN = {
    "P1": "IOM has 3 offices in Panama City",
    "P2": "one sub-office in the Darién province, near the border with Colombia",
    "P3": "IOM Panama has 196 staff members",
    "P4": "153 of which are national and 43 are international officers",
    "P5": "implemented in five regions",
    "P6": "at more than 10 sites",
    "P7": "by 25 staff members who receive administrative and technical support",
    "A1": "Strengthening capacities for migration management and border management",
    "S1": "112 migrants residing in the country received legal orientation and advice",
    "S2": "1,432 people participated",
    "S3": "164 migrants in transit in the country received medical attention",
    "S3-provinces": "located in the provinces of Darién and Chiriquí.",
    "D0": "According to the results of the July Flow Monitoring Survey conducted in the "
    "provinces of Darién and Chiriquí:",
    "D1": "78% reported that their main source of information about the route",
    "D2": "62% indicated that they did not have information about the regular ways",
    "D3": "More than 60% reported not having had enough information",
    "D4": "continue to be the main motivation for migration among respondents",
    "C1": "309 people participated",
    "M1": "7,663 people reached through digital media.",
    "O1": "Direct donors",
}

TARGETS_ES = {
    "P1": "la OIM cuenta con 3 oficinas en la Ciudad de Panamá",
    "P2": "una suboficina en la provincia de Darién",
    "P3": "La OIM Panamá cuenta con 196 personas funcionarias",
    "P4": "153 son nacionales y 43 internacionales",
    "P5": "en cinco regiones",
    "P6": "en más de 10 sitios",
    "P7": "por 25 personas funcionarias",
    "S1": "112 personas migrantes residentes en el país recibieron orientación",
    "S2": "1.432 personas participaron",
    "S3": "164 personas migrantes en tránsito",
    "D0": "Encuesta de Monitoreo de Flujos de julio, realizada en las provincias de Darién y "
    "Chiriquí:",
    "D1": "El 78\xa0% señaló",
    "D2": "El 62\xa0% indicó",
    "D3": "Más del 60\xa0% afirmó",
    "D4": "siguen siendo la principal motivación para migrar",
    "C1": "309 personas participaron",
    "M1": "7.663 personas alcanzadas a través de medios digitales.",
    "O1": "Donantes directos",
}


@pytest.fixture(scope="module")
def demo_reports(demo_store):
    return {
        (lang, fmt): render_report(demo_store, PERIOD, lang=lang, fmt=fmt)
        for lang in ("en", "es")
        for fmt in ("html", "pdf")
    }


@pytest.mark.parametrize(("target", "phrase"), TARGETS_EN.items(), ids=TARGETS_EN.keys())
def test_the_english_demo_report_states_the_target(demo_reports, target, phrase):
    assert phrase in visible_text(demo_reports["en", "html"])


@pytest.mark.parametrize(("target", "phrase"), TARGETS_ES.items(), ids=TARGETS_ES.keys())
def test_the_spanish_demo_report_states_the_target(demo_reports, target, phrase):
    assert phrase in visible_text(demo_reports["es", "html"])


def test_the_ranking_names_the_answers_as_the_seed_does(demo_reports):
    text = visible_text(demo_reports["en", "html"])
    assert "Economic/financial reasons continue to be the main motivation" in text
    assert "while the second is insecurity/violence." in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_demo_pdf_has_the_same_figures(demo_reports, lang):
    pdf = demo_reports[lang, "pdf"]
    assert pdf.startswith(b"%PDF-")
    pages = PdfReader(io.BytesIO(pdf)).pages
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))
    for figure in ("196", "153", "43", "112", "164", "309", "78"):
        assert figure in text
    assert ("1,432" if lang == "en" else "1.432") in text
    assert ("7,663" if lang == "en" else "7.663") in text


@pytest.mark.postgres
def test_the_report_is_the_same_from_postgresql(demo_store, demo_store_pg):
    from datetime import date

    day = date(2023, 10, 12)
    for lang in ("en", "es"):
        on_sqlite = render_report(demo_store, PERIOD, lang=lang, generated_on=day)
        on_postgres = render_report(demo_store_pg, PERIOD, lang=lang, generated_on=day)
        assert on_postgres == on_sqlite


def test_a_month_before_the_first_survey_round_still_has_a_report(demo_store):
    text = visible_text(render_report(demo_store, "2023-01", lang="en"))
    assert text.startswith("IOM Panama Monthly Operational Report January 2023")
    assert "No Flow Monitoring Survey round had ended by the end of this period." in text
    assert "people reached through digital media." in text
