"""The store's schema: the migration builds exactly what models.py describes, on both backends."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from opsreport.errors import StoreError
from opsreport.store import models as m
from opsreport.store import open_store


def test_migration_creates_every_table_of_the_models(fresh_store):
    tables = set(inspect(fresh_store.engine).get_table_names())
    missing = set(m.Base.metadata.tables) - tables
    assert not missing, f"tables in models.py but not created by the migration: {missing}"
    assert "alembic_version" in tables


def test_models_and_migration_agree(fresh_store):
    with fresh_store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": fresh_store.dialect == "sqlite"}
        )
        diff = compare_metadata(context, m.Base.metadata)
    assert diff == [], (
        "models.py and the migrations differ; regenerate with "
        f"scripts/regen-initial-migration.sh or add a revision:\n{diff}"
    )


def test_migrating_again_changes_nothing(fresh_store):
    revision = fresh_store.revision()
    with fresh_store.session() as session:
        session.add(m.Topic(code="asylum", name_en="Asylum", name_es="Asilo"))

    assert fresh_store.migrate() == revision

    with fresh_store.session() as session:
        assert session.scalars(select(m.Topic.code)).all() == ["asylum"]


def test_reopening_the_same_url_sees_the_migrated_store(fresh_store):
    again = open_store(fresh_store.url)
    try:
        assert again.is_initialised()
        assert again.revision() == fresh_store.revision()
    finally:
        again.dispose()


def test_an_unmigrated_store_is_not_initialised(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        assert not store.is_initialised()
        assert store.revision() is None
    finally:
        store.dispose()


def test_sqlite_store_uses_wal_and_enforces_foreign_keys(sqlite_store):
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.parametrize(
    "url",
    ["nonsense", "", "http://example.org/db", "sqlite+nodriver:///x.db"],
    ids=["no-scheme", "empty-is-default", "not-a-database", "unknown-driver"],
)
def test_open_store_with_a_bad_url_says_what_a_url_looks_like(url, tmp_path):
    if url == "":
        # an empty URL means "the default": the SQLite file in OPSREPORT_HOME, not an error
        store = open_store(url or None)
        assert store.dialect == "sqlite"
        store.dispose()
        return
    with pytest.raises(StoreError) as caught:
        open_store(url)
    message = str(caught.value)
    assert url.split(":")[0] in message
    assert "\n" not in message


def test_unreachable_postgres_gives_a_store_error():
    store = open_store("postgresql+psycopg://nobody@127.0.0.1:1/nothing?connect_timeout=2")
    with pytest.raises(StoreError, match="Could not create or upgrade"):
        store.migrate()
    store.dispose()
