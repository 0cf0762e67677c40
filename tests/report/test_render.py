"""Rendering results into the report: every figure, phrased as the seed report does."""

from __future__ import annotations

import re

import pytest
from report_text import visible_text

from opsreport.errors import ReportError
from opsreport.indicators.result import Item
from opsreport.report import load_spec
from opsreport.report.spec import spec_from_data
from opsreport.yamlfile import load_yaml_text

SEED_EN = [
    "For more than 15 years, one of IOM's two Administrative Centres has been operating in Panama",
    "In total, IOM has 3 offices in Panama City and one sub-office in the Darién province, "
    "near the border with Colombia.",
    "IOM Panama has 196 staff members, 153 of which are national and 43 are international "
    "officers.",
    "implemented in five regions, at more than 10 sites, by 25 staff members who receive",
    "112 migrants residing in the country received legal orientation and advice "
    "(migration, work and family).",
    "Workshops/Training sessions for migrants and members of host communities 1,432 people "
    "participated",
    "Topics: Communication for Development, migratory regularization, psychosocial and "
    "socioeconomic integration.",
    "164 migrants in transit in the country received medical attention at the Temporary "
    "Migration Reception Centres (ETRM) located in the provinces of Darién and Chiriquí.",
    "According to the results of the July Flow Monitoring Survey conducted in the provinces "
    "of Darién and Chiriquí:",
    "78% reported that their main source of information about the route were family members "
    "and friends who had previously migrated.",
    "62% indicated that they did not have information about the regular ways to migrate.",
    "More than 60% reported not having had enough information about the danger of the route, "
    "the insecurity they might encounter, or the difficulty of the route.",
    "Economic/financial reasons continue to be the main motivation for migration among "
    "respondents, while the second is insecurity/violence.",
    "309 people participated",
    "Topics: trafficking in persons and migrant smuggling, labour migration, border "
    "management, migration governance, camp coordination and camp management.",
    "7,663 people reached through digital media.",
    "Direct donors United States Department of State (PRM) Government of Canada",
    "General donors Sweden Norway",
]

SEED_ES = [
    "Desde hace más de 15 años funciona en Panamá uno de los dos Centros Administrativos",
    "En total, la OIM cuenta con 3 oficinas en la Ciudad de Panamá y una suboficina en la "
    "provincia de Darién, cerca de la frontera con Colombia.",
    "La OIM Panamá cuenta con 196 personas funcionarias, de las cuales 153 son nacionales y 43 "
    "internacionales.",
    "se implementan en cinco regiones, en más de 10 sitios, por 25 personas funcionarias",
    "112 personas migrantes residentes en el país recibieron orientación y asesoría legal "
    "(migración, trabajo y familia).",
    "1.432 personas participaron",
    "Temas: Comunicación para el Desarrollo, regularización migratoria, integración "
    "psicosocial y socioeconómica.",
    "164 personas migrantes en tránsito por el país recibieron atención médica",
    "ubicadas en las provincias de Darién y Chiriquí.",
    "Según los resultados de la Encuesta de Monitoreo de Flujos de julio, realizada en las "
    "provincias de Darién y Chiriquí:",
    "El 78\xa0% señaló que su principal fuente de información sobre la ruta fueron familiares",
    "El 62\xa0% indicó que no tenía información sobre las vías regulares para migrar.",
    "Más del 60\xa0% afirmó no haber tenido suficiente información sobre el peligro de la ruta",
    "Razones económicas/financieras siguen siendo la principal motivación para migrar "
    "entre las personas encuestadas, mientras que la segunda es inseguridad/violencia.",
    "309 personas participaron",
    "Temas: trata de personas y tráfico ilícito de migrantes, migración laboral, gestión de "
    "fronteras, gobernanza migratoria, coordinación y gestión de campamentos.",
    "7.663 personas alcanzadas a través de medios digitales.",
    "Donantes directos Departamento de Estado de los Estados Unidos (PRM) Gobierno de Canadá",
    "Donantes generales Suecia Noruega",
]

SECTION_IDS = [
    "iom-in-panama", "areas-of-work", "residing-and-host-communities",
    "operations-emergencies", "dtm", "capacities", "communications", "donors",
]  # fmt: skip
# Beyond the seed: where IOM works (its map needs more than results: here the headline
# alone), people assisted (charts only: left out when rendered from results), the annex.
SHOWN_FROM_RESULTS = [*SECTION_IDS[:2], "where-we-work", *SECTION_IDS[2:], "methodology"]


@pytest.mark.parametrize("phrase", SEED_EN)
def test_the_english_report_states_every_seed_figure_as_the_seed_does(render, results, phrase):
    assert phrase in visible_text(render(results, "en"))


@pytest.mark.parametrize("phrase", SEED_ES)
def test_the_spanish_report_states_every_seed_figure(render, results, phrase):
    assert phrase in visible_text(render(results, "es"))


def test_the_header_and_footer_name_mission_period_and_data_cut_off(render, results):
    en = visible_text(render(results, "en"))
    assert en.startswith("IOM Panama Monthly Operational Report August and September 2023")
    assert "Data as of 30 September 2023 · Generated on 12 October 2023" in en
    es = visible_text(render(results, "es"))
    assert es.startswith("OIM Panamá Informe Operacional Mensual agosto y septiembre de 2023")
    assert "Datos al 30 de septiembre de 2023 · Generado el 12 de octubre de 2023" in es


def test_sections_come_in_the_order_of_the_seed_report(render, results):
    html = render(results, "en").decode()
    assert re.findall(r'<section id="([^"]+)"', html) == SHOWN_FROM_RESULTS
    headings = re.findall(r"<h2>([^<]+)</h2>", html)
    assert headings[0] == "IOM in Panama"
    assert headings[5] == "Displacement Tracking Matrix (DTM)"
    assert headings[-1] == "Methodology"
    assert len(headings) == len(SHOWN_FROM_RESULTS)


def test_sub_areas_of_work_are_listed_under_their_area(render, results):
    html = re.sub(r"\s+", " ", render(results, "en").decode())
    nested = re.search(
        r"<li>Strengthening capacities for migration management and border management "
        r"<ul> <li>Trafficking in persons and migrant smuggling</li> <li>Labour migration</li>",
        html,
    )
    assert nested, "the two sub-areas should be a list inside their parent area"
    assert html.count("<li>") >= 7


def test_the_html_is_one_self_contained_file(render, results):
    html = render(results, "en").decode()
    assert "<style>" in html and "--iom-blue" in html
    assert "<link" not in html and "http://" not in html and "https://" not in html
    assert '<html lang="en">' in html
    assert '<html lang="es">' in render(results, "es").decode()


def test_a_changed_record_count_changes_the_report(render, results):
    results["staff"].value = 207
    results["sites-active"].value = 23
    results["regions-active"].value = 6
    results["community-workshop-participants"].value = 2041
    text = visible_text(render(results, "en"))
    assert "IOM Panama has 207 staff members" in text
    assert "in six regions, at more than 20 sites" in text
    assert "2,041 people participated" in text
    assert "196" not in text and "1,432" not in text


def test_a_new_top_answer_is_not_said_to_continue(render, results):
    ranking = results["fms-main-reason-ranking"]
    ranking.meta["previous_top"] = "insecurity_violence"
    en = visible_text(render(results, "en"))
    assert "Economic/financial reasons are the main motivation for migration" in en
    assert "continue to be" not in en
    assert "Razones económicas/financieras son la principal" in visible_text(render(results, "es"))


def test_without_a_previous_round_nothing_continues(render, results):
    results["fms-main-reason-ranking"].meta.update(previous_round=None, previous_top=None)
    assert "reasons are the main motivation" in visible_text(render(results, "en"))


def test_the_group_of_shares_follows_its_lowest_share(render, results):
    results["fms-not-enough-info-insecurity"].share = results["fms-no-regular-pathways"].share
    results["fms-not-enough-info-danger"].share = results["fms-main-info-family"].share
    text = visible_text(render(results, "en"))
    assert "More than 60% reported not having had enough information" in text
    results["fms-not-enough-info-insecurity"].share = results["fms-main-info-family"].share
    results["fms-not-enough-info-difficulty"].share = results["fms-main-info-family"].share
    assert "More than 70% reported" in visible_text(render(results, "en"))


def test_topics_and_provinces_come_from_the_results(render, results):
    results["medical-care-transit-etrm"].facets["province"] = [Item("PA05", "Darién", "Darién")]
    results["legal-orientation-residing"].facets["topic"].append(Item("x", "housing", "vivienda"))
    text = visible_text(render(results, "en"))
    assert "located in the provinces of Darién." in text
    assert "(migration, work, family and housing)" in text


def test_the_survey_month_comes_from_the_round(render, results):
    from datetime import date

    results["fms-round"].meta["fieldwork_end"] = date(2023, 4, 20)
    assert "the April Flow Monitoring Survey" in visible_text(render(results, "en"))
    assert "Encuesta de Monitoreo de Flujos de abril" in visible_text(render(results, "es"))


def test_survey_findings_carry_their_number_of_respondents(render, results):
    assert "July round: 300 respondents" in visible_text(render(results, "en"))


def test_a_public_report_hides_counts_of_fewer_than_five_people(render, results):
    results["legal-orientation-residing"].value = 3
    private = visible_text(render(results, "en"))
    public = visible_text(render(results, "en", public=True))
    assert "3 migrants residing in the country" in private
    assert "Fewer than 5" not in private
    assert "Fewer than 5 migrants residing in the country" in public
    assert "3 migrants" not in public
    assert "Counts of fewer than 5 people are not shown." in public
    assert "196 staff members" in public  # staff are not a count of assisted people


def test_a_missing_result_names_the_block_that_needs_it(render, results):
    del results["digital-reach"]
    with pytest.raises(ReportError) as caught:
        render(results, "en")
    message = str(caught.value)
    assert "monthly-operational-report.yaml, line" in message
    assert "section 9 (Communications), block 1 (headline)" in message
    assert "digital-reach" in message


def test_a_language_the_spec_does_not_have_is_refused(render, results):
    with pytest.raises(ReportError, match="no 'fr' texts"):
        render(results, "fr")


def test_an_unknown_format_is_refused(render, results):
    with pytest.raises(ReportError, match="html or pdf"):
        render(results, "en", fmt="docx")


def test_a_mission_changes_the_spec_not_the_code(render, results):
    own = spec_from_data(
        load_yaml_text(
            "title: {en: Weekly Update, es: Actualización semanal}\n"
            "mission: {en: IOM Costa Rica, es: OIM Costa Rica}\n"
            "sections:\n"
            "  - title: {en: Staff, es: Personal}\n"
            "    blocks:\n"
            "      - type: headline\n"
            "        indicator: staff\n"
            "        text: {en: 'people work with us ({staff-national:words} of them national)',\n"
            "               es: 'personas trabajan con nosotros'}\n"
        ),
        "weekly.yaml",
    )
    text = visible_text(render(results, "en", spec=own))
    assert text.startswith("IOM Costa Rica Weekly Update")
    assert "196 people work with us (153 of them national)" in text
    assert "Areas of work" not in text


def test_the_default_spec_renders_without_being_passed(render, results):
    assert visible_text(render(results, "en")) == visible_text(
        render(results, "en", spec=load_spec())
    )


def test_a_share_over_few_answers_is_flagged_where_it_is_shown(render, results):
    from seed_results import share

    assert "indication only" not in visible_text(render(results, "en"))
    results["fms-no-regular-pathways"].share = share(14, 22)
    html = render(results, "en").decode()
    assert '64%</span><sup class="small-n">*</sup> indicated that they did not have' in html
    assert "* Based on fewer than 30 answers: read as an indication only." in visible_text(html)
    assert "* Basado en menos de 30 respuestas" in visible_text(render(results, "es"))


def test_a_headline_of_a_share_shows_a_percentage(render, results):
    own = spec_from_data(
        load_yaml_text(
            "title: {en: Survey, es: Encuesta}\n"
            "mission: {en: IOM Panama, es: OIM Panamá}\n"
            "sections:\n"
            "  - title: {en: Route, es: Ruta}\n"
            "    blocks:\n"
            "      - type: headline\n"
            "        indicator: fms-no-regular-pathways\n"
            "        text: {en: 'had no information on regular pathways', es: 'sin información'}\n"
        ),
        "survey.yaml",
    )
    assert "62% had no information on regular pathways" in visible_text(
        render(results, "en", spec=own)
    )


def test_without_a_survey_round_the_dtm_section_says_so(render, results):
    from opsreport.indicators.result import IndicatorResult

    for rid in [r for r in results if r.startswith("fms-")]:
        results[rid] = IndicatorResult(rid, results[rid].unit, None, rid, rid, meta={"round": None})
    en = visible_text(render(results, "en"))
    assert "Displacement Tracking Matrix (DTM) No Flow Monitoring Survey round had ended" in en
    assert "Flow Monitoring Survey conducted" not in en
    assert "Ninguna ronda de la Encuesta de Monitoreo de Flujos" in visible_text(
        render(results, "es")
    )


def test_a_section_that_requires_missing_figures_and_says_nothing_is_left_out(render, results):
    own = spec_from_data(
        load_yaml_text(
            "title: {en: R, es: R}\n"
            "mission: {en: M, es: M}\n"
            "sections:\n"
            "  - title: {en: Survey, es: Encuesta}\n"
            "    requires: fms-round\n"
            "    blocks:\n"
            "      - {type: sentence, text: {en: '{fms-round:month} round', es: x}}\n"
            "  - title: {en: Staff, es: Personal}\n"
            "    blocks:\n"
            "      - {type: sentence, text: {en: '{staff} staff', es: x}}\n"
        ),
        "r.yaml",
    )
    assert "July round" in visible_text(render(results, "en", spec=own))
    results["fms-round"].items.clear()
    results["fms-round"].value = None
    text = visible_text(render(results, "en", spec=own))
    assert "Survey" not in text
    assert "196 staff" in text
