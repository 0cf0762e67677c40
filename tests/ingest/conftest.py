"""Fixtures of the importer tests: a store with the demo mission's reference data, and a
helper that writes small awkward files inline, the way clerks save them."""

from __future__ import annotations

import pytest
from ingest_helpers import with_mission


@pytest.fixture
def store(fresh_store):
    """An empty store on SQLite and PostgreSQL with the Panama mission's reference data."""
    return with_mission(fresh_store)


@pytest.fixture
def sqlite_mission_store(sqlite_store):
    return with_mission(sqlite_store)
