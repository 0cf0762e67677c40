"""The JSON API: the same figures as compute(), one error shape, periods and health."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from opsreport.errors import PeriodError
from opsreport.indicators import Period, compute, results_to_json
from opsreport.web import create_app

PERIOD = "2023-08..2023-09"


def test_api_indicators_equal_compute_and_the_cli_json(client, demo_store):
    response = client.get("/api/indicators", params={"period": PERIOD})
    assert response.status_code == 200
    expected = json.loads(results_to_json(compute(demo_store, PERIOD).values()))
    assert response.json() == expected
    by_id = {r["id"]: r for r in response.json()}
    assert by_id["community-workshop-participants"]["value"] == 1432
    assert by_id["fms-round"]["meta"]["fieldwork_end"] == "2023-07-21"


def test_api_selects_indicators_in_the_order_asked(client):
    response = client.get(
        "/api/indicators", params=[("period", PERIOD), ("id", "digital-reach"), ("id", "staff")]
    )
    assert [(r["id"], r["value"]) for r in response.json()] == [
        ("digital-reach", 7663),
        ("staff", 196),
    ]


def test_api_one_indicator(client, demo_store):
    response = client.get("/api/indicators/fms-main-info-family", params={"period": PERIOD})
    assert response.status_code == 200
    result = compute(demo_store, PERIOD, ["fms-main-info-family"])["fms-main-info-family"]
    body = response.json()
    assert body == json.loads(results_to_json([result]))[0]
    assert body["share"]["n"] == 299 and round(body["share"]["value"], 2) == 0.78


def test_a_bad_period_is_a_400_with_the_period_error_message(client):
    with pytest.raises(PeriodError) as raised:
        Period.parse("August")
    for path in ("/api/indicators", "/api/indicators/staff"):
        response = client.get(path, params={"period": "August"})
        assert response.status_code == 400
        assert response.json() == {"error": {"code": "bad-period", "message": str(raised.value)}}


@pytest.mark.parametrize(
    "path,params",
    [
        ("/api/indicators/people-fed", {"period": PERIOD}),
        ("/api/indicators", {"period": PERIOD, "id": "people-fed"}),
    ],
)
def test_an_unknown_indicator_is_a_404(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code == 404
    error = response.json()["error"]
    assert set(response.json()) == {"error"} and set(error) == {"code", "message"}
    assert error["code"] == "unknown-indicator"
    assert "'people-fed'" in error["message"] and "staff" in error["message"]


def test_an_unknown_api_path_has_the_same_error_shape(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not-found"


def test_periods_lists_the_months_with_records_and_the_default(client):
    body = client.get("/api/periods").json()
    assert body["months"] == [f"2023-{month:02d}" for month in range(1, 11)]
    # the demo's records end in October 2023: the latest two full months with data
    assert body["default"] == "2023-09..2023-10"


def test_without_a_period_the_api_uses_the_default_period(client, demo_store):
    response = client.get("/api/indicators/legal-orientation-residing")
    expected = compute(demo_store, "2023-09..2023-10", ["legal-orientation-residing"])
    assert response.json()["value"] == expected["legal-orientation-residing"].value


def test_health(client):
    assert client.get("/api/health").json() == {
        "status": "ok",
        "version": client.app.version,
        "database": "sqlite",
    }


def test_openapi_describes_the_api(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {
        "/api/indicators",
        "/api/indicators/{indicator_id}",
        "/api/periods",
        "/api/health",
    } <= set(paths)
    assert "/" not in paths  # pages are not part of the API


def test_a_store_never_initialised_is_a_503_that_says_what_to_run(tmp_path):
    app = create_app(database_url=f"sqlite:///{tmp_path / 'new.db'}")
    with TestClient(app) as client:
        response = client.get("/api/indicators", params={"period": PERIOD})
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "store-unavailable"
        assert "opsreport demo" in response.json()["error"]["message"]
        assert client.get("/api/health").json()["status"] == "empty"
