"""The web app in-process over the demo store (built once per session by tests/conftest.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from opsreport.web import create_app

PERIOD = "2023-08..2023-09"


@pytest.fixture(scope="module")
def client(demo_store):
    with TestClient(create_app(demo_store)) as test_client:
        yield test_client
