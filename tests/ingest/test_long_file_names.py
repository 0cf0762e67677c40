"""A file saved with a long name (an export named after its form, its round and its date
range) imports like any other: the batch keeps the whole name, the audit trail a shortened
one."""

from __future__ import annotations

from ingest_helpers import SERVICES_HEADER, count, write_text
from sqlalchemy import select

from opsreport.ingest import import_file, undo_batch
from opsreport.store import models as m

ROW = "r1;P1;F;34;VEN;migrant-residing;legal-orientation;15/08/2023;pty-legal-desk;"


def test_a_file_with_a_long_name_imports_and_undoes(store, tmp_path):
    name = "registro-de-servicios-" + "oficina-de-panama-agosto-2023-" * 6 + "final.csv"
    assert len(name) > 200
    path = write_text(tmp_path / name, [SERVICES_HEADER, ROW])
    report = import_file(store, path, "services")
    assert report.committed and report.inserted == 1
    with store.session() as session:
        batch = session.scalars(select(m.ImportBatch)).one()
        targets = session.scalars(select(m.AuditEntry.target)).all()
    assert batch.file_name == name
    assert any(t.startswith(f"batch {batch.id}: services from registro") for t in targets)
    undo_batch(store, batch.id)
    assert count(store, "service_record") == 0
