"""The web app over a small hand-made store: the small-n flag, and figures that follow
the records (nothing is cached between requests)."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from indicator_builder import Builder
from web_helpers import card

from opsreport.web import create_app

D = dt.date
PERIOD = "2023-08..2023-09"


@pytest.fixture
def build(sqlite_store):
    return Builder(sqlite_store)


@pytest.fixture
def client(sqlite_store):
    with TestClient(create_app(sqlite_store)) as test_client:
        yield test_client


def test_a_share_of_fewer_than_30_answers_is_flagged(build, client):
    fms = build.instrument("fms")
    july = build.round(fms, "fms-2023-07", D(2023, 7, 1), D(2023, 7, 31))
    for source in ["family_friends_migrated"] * 8 + ["social_media"] * 4:
        build.response(july, {"main_info_source": source})

    english = card(client.get("/", params={"period": PERIOD}).text, "fms-main-info-family")
    assert english.startswith("67% ")
    assert "n = 12 · 95% interval" in english
    assert "Small sample: fewer than 30 answers" in english
    spanish = client.get("/", params={"period": PERIOD, "lang": "es"}).text
    assert "Muestra pequeña: menos de 30 respuestas" in card(spanish, "fms-main-info-family")
    api = client.get("/api/indicators/fms-main-info-family", params={"period": PERIOD}).json()
    assert api["share"]["small_n"] is True and api["share"]["n"] == 12


def test_the_dashboard_follows_the_records(build, client):
    build.service("ana", D(2023, 8, 3))
    build.service("ana", D(2023, 9, 14))  # the same person again: still one
    first = card(client.get("/", params={"period": PERIOD}).text, "legal-orientation-residing")
    assert first.startswith("1 unique people ")

    build.service("luis", D(2023, 9, 20))
    after = card(client.get("/", params={"period": PERIOD}).text, "legal-orientation-residing")
    assert after.startswith("2 unique people ")


def test_periods_follow_the_months_of_the_records(build, client):
    build.service("ana", D(2024, 2, 10))
    build.metric(D(2024, 4, 1), 50)
    body = client.get("/api/periods").json()
    assert body["months"] == ["2024-02", "2024-04"]
    assert body["default"] == "2024-03..2024-04"
