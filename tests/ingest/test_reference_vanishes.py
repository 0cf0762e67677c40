"""A code deleted from the reference data while an import runs is refused, not stored.

A SQLite import of services writes without the database's per-row foreign-key checks
(the rows were checked against the reference data read before the import's transaction)
and checks every code it wrote, in the transaction, before the commit. Here a trigger in
the store deletes a site the moment the import's transaction writes its batch row: after
the rows were checked, before they are written, exactly the moment a colleague's
``opsreport mission apply`` could. The import must fail, store nothing, and leave the
site and the store's foreign-key checks as they were.
"""

from __future__ import annotations

import pytest
from ingest_helpers import SERVICES_HEADER, count, write_text
from sqlalchemy import text

from opsreport.errors import ImportError_
from opsreport.ingest import import_file

SITE = "la-chorrera-community"


def _file(tmp_path, site: str):
    rows = [
        f"r{n};P-{n % 7};F;30;VEN;migrant-residing;legal-orientation;{13 + n % 9}/08/2023;"
        f"{site if n % 3 else 'pty-legal-desk'};"
        for n in range(40)
    ]
    return write_text(tmp_path / "servicios.csv", [SERVICES_HEADER, *rows])


def _foreign_keys(store) -> int:
    with store.engine.connect() as conn:
        return conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one()


@pytest.mark.parametrize("pipeline", ["off", "on"])
def test_a_site_deleted_during_the_import_is_refused(
    sqlite_mission_store, tmp_path, monkeypatch, pipeline
):
    store = sqlite_mission_store
    monkeypatch.setenv("OPSREPORT_IMPORT_PIPELINE", pipeline)
    with store.engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TRIGGER site_vanishes AFTER INSERT ON import_batch BEGIN "
                f"DELETE FROM site WHERE code = '{SITE}'; END"
            )
        )
    with pytest.raises(ImportError_, match=SITE):
        import_file(store, _file(tmp_path, SITE), "services")
    assert count(store, "service_record") == 0
    assert count(store, "person") == 0
    assert count(store, "import_batch") == 0
    with store.engine.connect() as conn:
        kept = conn.execute(text("SELECT count(*) FROM site WHERE code = :c"), {"c": SITE})
        assert kept.scalar_one() == 1  # the deletion went back with the import
    assert _foreign_keys(store) == 1  # the store's checks are back for everyone


def test_the_foreign_key_checks_come_back_after_an_import(sqlite_mission_store, tmp_path):
    store = sqlite_mission_store
    report = import_file(store, _file(tmp_path, SITE), "services")
    assert report.committed and report.inserted == 40
    assert _foreign_keys(store) == 1
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
