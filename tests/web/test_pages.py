"""The pages as a reader meets them: figures, labels and units, in English and Spanish."""

from __future__ import annotations

import re

import pytest
from web_helpers import card, text_of

PERIOD = "2023-08..2023-09"


@pytest.fixture(scope="module")
def dashboard_en(client) -> str:
    response = client.get("/", params={"period": PERIOD})
    assert response.status_code == 200
    return response.text


@pytest.fixture(scope="module")
def dashboard_es(client) -> str:
    response = client.get("/", params={"period": PERIOD, "lang": "es"})
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize(
    "indicator,figure,unit",
    [
        ("legal-orientation-residing", "112", "unique people"),
        ("community-workshop-participants", "1,432", "unique participants"),
        ("medical-care-transit-etrm", "164", "unique people"),
        ("partner-training-participants", "309", "unique participants"),
        ("digital-reach", "7,663", "total (sum)"),
        ("staff", "196", "count on the last day"),
        ("staff-national", "153", "count on the last day"),
        ("staff-international", "43", "count on the last day"),
        ("offices-capital", "3", "count on the last day"),
        ("regions-active", "5", "provinces with records"),
    ],
)
def test_the_dashboard_shows_the_demo_figures_with_their_unit(
    dashboard_en, indicator, figure, unit
):
    text = card(dashboard_en, indicator)
    assert text.startswith(f"{figure} {unit} "), text


def test_cards_name_what_they_count_and_link_to_the_definition(dashboard_en):
    text = card(dashboard_en, "medical-care-transit-etrm")
    assert "Migrants in transit who received medical attention at ETRMs" in text
    assert "Provinces: Darién, Chiriquí" in text
    assert f'href="/indicators/medical-care-transit-etrm?period={PERIOD}"' in dashboard_en
    assert "Topics: Communication for Development" in card(
        dashboard_en, "community-workshop-participants"
    )


def test_survey_shares_carry_n_and_the_95_percent_interval(dashboard_en):
    text = card(dashboard_en, "fms-main-info-family")
    assert text.startswith("78% Main source of route information was family or friends")
    assert re.search(r"n = 299 · 95% interval \d\d\.\d–\d\d\.\d%", text), text
    assert "Small sample" not in text  # 299 answers: no small-n flag
    assert "62%" in card(dashboard_en, "fms-no-regular-pathways")
    round_line = card(dashboard_en, "fms-round")
    assert "fms-2023-07" in round_line and "21 July 2023" in round_line
    assert "Darién" in round_line and "Chiriquí" in round_line


def test_the_ranking_lists_answers_in_order(dashboard_en):
    text = card(dashboard_en, "fms-main-reason-ranking")
    assert text.startswith("Main reason for leaving Answer Share n 95% interval Economic")
    assert text.index("Economic") < text.index("Insecurity") < text.index("Other")


def test_lists_of_areas_of_work_and_donors(dashboard_en):
    areas = card(dashboard_en, "areas-of-work")
    assert areas.startswith("Areas of work 7")
    assert "Trafficking in persons and migrant smuggling" in areas
    donors = card(dashboard_en, "donors-active")
    assert "Government of Canada direct" in donors and "Sweden general" in donors


def test_the_spanish_dashboard_speaks_spanish(dashboard_es):
    assert '<html lang="es">' in dashboard_es
    assert "<h1>agosto y septiembre de 2023</h1>" in dashboard_es
    assert "Cifras principales" in dashboard_es and "Headline figures" not in dashboard_es
    text = card(dashboard_es, "community-workshop-participants")
    assert text.startswith("1.432 participantes únicos Personas que participaron en talleres")
    share = card(dashboard_es, "fms-main-info-family")
    assert share.startswith("78 % Principal fuente de información")
    assert "intervalo del 95 %" in share
    assert "Donantes" in dashboard_es and "Gobierno de Canadá" in dashboard_es


def test_the_language_switch_keeps_the_period(dashboard_en, dashboard_es):
    assert f'href="/?period={PERIOD}&amp;lang=es"' in dashboard_en
    assert f'href="/?period={PERIOD}" hreflang="en"' in dashboard_es


def test_without_a_period_the_dashboard_shows_the_latest_two_full_months(client):
    page = client.get("/").text
    assert "<h1>September and October 2023</h1>" in page
    assert '<option value="2023-09..2023-10" selected>' in page
    # the picker offers months, two-month spans and quarters that have data
    for value, label in [
        ("2023-08..2023-09", "August and September 2023"),
        ("2023-08", "August 2023"),
        ("2023-07..2023-09", "July to September 2023"),
    ]:
        assert f'<option value="{value}">{label}</option>' in page


def test_a_period_changes_the_figures(client, dashboard_en):
    august = client.get("/", params={"period": "2023-08"}).text
    assert "<h1>August 2023</h1>" in august
    one_month = card(august, "legal-orientation-residing")
    assert not one_month.startswith("112 ")
    # distinct people over two months are not the sum of the months
    september = card(
        client.get("/", params={"period": "2023-09"}).text, "legal-orientation-residing"
    )
    counts = [int(text.split()[0]) for text in (one_month, september)]
    assert max(counts) < 112 < sum(counts)


def test_the_indicator_page_defines_the_figure_in_both_languages(client):
    response = client.get("/indicators/legal-orientation-residing", params={"period": PERIOD})
    assert response.status_code == 200
    page = text_of(response.text)
    assert "Migrants residing in the country who received legal orientation and advice" in page
    assert "Distinct people with at least one legal-orientation service" in page
    assert "Personas distintas con al menos un servicio de orientación legal" in page
    assert "112 unique people" in page
    assert "records dated within the period" in page
    assert "legal-family family" in page  # the topics facet table


def test_the_indicator_page_of_a_share_shows_n_and_interval(client):
    page = client.get(
        "/indicators/fms-no-regular-pathways", params={"period": PERIOD, "lang": "es"}
    )
    text = text_of(page.text)
    assert "62 % proporción de personas encuestadas n = 296 · intervalo del 95 %" in text
    assert "ronda de encuesta más reciente terminada" in text


def test_the_catalogue_page_lists_every_indicator(client):
    page = client.get("/indicators").text
    for indicator in ("staff", "fms-main-reason-ranking", "donors-active"):
        assert f'href="/indicators/{indicator}"' in page


def test_an_unknown_indicator_page_is_a_404_page(client):
    response = client.get("/indicators/people-fed", params={"lang": "es"})
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "No hay ningún indicador 'people-fed' en el catálogo" in text_of(response.text)
    assert "Volver al panel" in response.text


def test_a_bad_period_on_a_page_says_how_to_write_one(client):
    response = client.get("/", params={"period": "last month"})
    assert response.status_code == 400
    assert "is not a period; write 2023-08, 2023-08..2023-09" in text_of(response.text)


def test_the_report_page_embeds_the_report_and_offers_downloads(client):
    page = client.get("/report", params={"period": PERIOD, "lang": "es"}).text
    assert f'<iframe class="report" src="/report.html?period={PERIOD}&amp;lang=es"' in page
    assert f'href="/report.pdf?period={PERIOD}&amp;lang=es"' in page
    report = client.get("/report.html", params={"period": PERIOD, "lang": "es"})
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    text = text_of(report.text)
    assert "Informe Operacional Mensual" in text and "agosto y septiembre de 2023" in text
    assert "1.432" in text


def test_the_report_pdf_download(client):
    response = client.get("/report.pdf", params={"period": PERIOD})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        'filename="monthly-operational-report-2023-08_2023-09-en.pdf"'
        in (response.headers["content-disposition"])
    )
