"""A public report hides what the engine's disclosure control hides, in sentences too.

A hand-made store where three people had legal orientation and four people answered the
survey: the public report shows neither figure and says why; the internal one shows both.
"""

from __future__ import annotations

import datetime as dt

import pytest
from indicator_builder import Builder
from report_text import visible_text

from opsreport.report import render_report

D = dt.date
SPEC = """
title: {en: Small report, es: Informe pequeño}
mission: {en: IOM Test, es: OIM Prueba}
languages: [en, es]
sections:
  - id: people
    title: {en: People assisted, es: Personas asistidas}
    blocks:
      - type: headline
        indicator: legal-orientation-residing
        text:
          en: migrants residing in the country received legal orientation.
          es: personas migrantes residentes recibieron orientación legal.
      - type: sentence
        text:
          en: >-
            {fms-main-info-family:percent} of the {fms-main-info-family:n} respondents
            got their route information from family or friends.
          es: >-
            {fms-main-info-family:percent} de las {fms-main-info-family:n} personas
            encuestadas se informó de la ruta por familiares o amistades.
"""


@pytest.fixture
def small(sqlite_store, tmp_path):
    b = Builder(sqlite_store)
    for who in ("ana", "ben", "cai"):
        b.service(who, D(2023, 7, 3))
    rnd = b.round(b.instrument(), "R1", D(2023, 7, 1), D(2023, 7, 31))
    for answer in ("family_friends_migrated", "social_media", "social_media", "social_media"):
        b.response(rnd, {"main_info_source": answer})
    spec = tmp_path / "small.yaml"
    spec.write_text(SPEC, encoding="utf-8")

    def render(lang: str, public: bool) -> str:
        html = render_report(sqlite_store, "2023-07", lang, "html", spec=spec, public=public)
        return " ".join(visible_text(html.decode()).split())

    return render


def test_the_internal_report_shows_the_small_count_and_the_share(small):
    text = small("en", public=False)
    assert "3 migrants residing in the country" in text
    assert "25%* of the 4* respondents" in text
    assert "not shown" not in text


def test_the_public_report_hides_both_and_says_why(small):
    text = small("en", public=True)
    assert "Fewer than 5 migrants residing in the country" in text
    assert "Not shown: fewer than 5 respondents of the not shown: fewer than 5 respondents" in text
    assert "25%" not in text and "3 migrants" not in text and " 4 respondents" not in text
    assert "Shares over fewer than 5 respondents are not shown." in text


def test_the_public_report_says_why_in_spanish(small):
    text = small("es", public=True)
    assert "Menos de 5 personas migrantes residentes" in text
    assert "No se muestra: menos de 5 personas encuestadas" in text
    assert "25" not in text.split("Informe pequeño")[-1].split("Datos")[0]
