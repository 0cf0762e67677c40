"""The app's own errors speak the language the request asks for (``?lang=es``), like
the page around them; without it they stay English. Codes never change with the language.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_helpers import text_of

import opsreport.web
from catalogue_checks import NOT_A_LITERAL, catalogue, messages_used
from opsreport.web import create_app
from opsreport.web.i18n import LOCALE_DIR

PERIOD = "2023-08..2023-09"
WEB = Path(opsreport.web.__file__).parent


def test_an_unknown_indicator_in_spanish_and_in_english(client):
    spanish = client.get("/api/indicators/people-fed", params={"period": PERIOD, "lang": "es"})
    assert spanish.status_code == 404
    error = spanish.json()["error"]
    assert error["code"] == "unknown-indicator"
    assert error["message"].startswith("No hay ningún indicador 'people-fed' en el catálogo.")
    assert "Identificadores conocidos: " in error["message"] and "staff" in error["message"]

    english = client.get("/api/indicators/people-fed", params={"period": PERIOD})
    assert english.json()["error"]["message"].startswith(
        "No indicator 'people-fed' in the catalogue. Known ids: "
    )


def test_a_page_that_does_not_exist_in_spanish(client):
    response = client.get("/nothing-here", params={"lang": "es"})
    assert response.status_code == 404
    assert "No hay ninguna página en /nothing-here." in text_of(response.text)
    assert "There is no page" not in response.text
    english = client.get("/api/nothing-here").json()["error"]
    assert english == {"code": "not-found", "message": "There is no page at /api/nothing-here."}


def test_an_empty_store_in_spanish_says_what_to_run(tmp_path):
    app = create_app(database_url=f"sqlite:///{tmp_path / 'new.db'}")
    with TestClient(app) as client:
        response = client.get("/", params={"lang": "es"})
    assert response.status_code == 503
    text = text_of(response.text)
    assert "El almacén en sqlite:///" in text and "está vacío." in text
    assert "Ejecute primero 'opsreport init' (u 'opsreport demo'" in text


def test_every_marked_error_message_is_translated_to_spanish():
    used = messages_used(WEB, "N_")
    assert NOT_A_LITERAL not in used, used.get(NOT_A_LITERAL)
    assert "There is no page at {path}." in used  # the extraction sees errors.py
    spanish = catalogue(LOCALE_DIR / "es" / "LC_MESSAGES" / "messages.po", "es")
    missing = sorted(m for m in used if not spanish.get(m) or spanish[m] == m)
    assert not missing, f"translate in web/locale/es: {missing}"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_code_is_the_same_in_every_language(client, lang):
    response = client.get("/api/indicators", params={"period": PERIOD, "id": "x", "lang": lang})
    assert response.json()["error"]["code"] == "unknown-indicator"
