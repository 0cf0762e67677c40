"""Applying a mission file to a store: insert or update by code, never duplicate, audited."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from opsreport.mission import apply_mission_file, load_mission_file
from opsreport.store import models as m

PANAMA = Path(__file__).parents[2] / "src" / "opsreport" / "demo" / "panama-mission.yaml"
TABLES = {
    "admin_unit": m.AdminUnit,
    "office": m.Office,
    "site": m.Site,
    "thematic_area": m.ThematicArea,
    "activity": m.Activity,
    "topic": m.Topic,
    "population_group": m.PopulationGroup,
    "audience": m.Audience,
    "donor": m.Donor,
}


def counts(store) -> dict[str, int]:
    with store.session() as session:
        return {
            name: session.scalar(select(func.count()).select_from(model))
            for name, model in {**TABLES, "mission": m.Mission}.items()
        }


def test_applying_the_panama_file_stores_every_row(fresh_store):
    mission = load_mission_file(PANAMA)
    reported = apply_mission_file(fresh_store, mission, actor="test")
    stored = counts(fresh_store)
    assert stored["mission"] == 1
    for table in TABLES:
        assert stored[table] == len(mission.tables.get(table, [])) == reported[table]
    assert stored["site"] > 0 and stored["office"] > 0


def test_applying_twice_duplicates_nothing(fresh_store):
    mission = load_mission_file(PANAMA)
    apply_mission_file(fresh_store, mission, actor="test")
    first = counts(fresh_store)
    apply_mission_file(fresh_store, load_mission_file(PANAMA), actor="test")
    assert counts(fresh_store) == first


def test_a_changed_name_is_updated_on_reapplying(fresh_store, tmp_path):
    apply_mission_file(fresh_store, load_mission_file(PANAMA), actor="test")
    with fresh_store.session() as session:
        office = session.scalars(select(m.Office).order_by(m.Office.code)).first()
        code, old_name = office.code, office.name_en
    text = PANAMA.read_text(encoding="utf-8")
    assert text.count(f"name_en: {old_name}\n") == 1
    edited = tmp_path / "panama-mission.yaml"
    edited_mission = text.replace("name_en: IOM Panama\n", "name_en: IOM Panamá (renamed)\n")
    edited.write_text(
        edited_mission.replace(f"name_en: {old_name}\n", "name_en: Renamed Office\n"),
        encoding="utf-8",
    )

    apply_mission_file(fresh_store, load_mission_file(edited), actor="test")

    with fresh_store.session() as session:
        assert session.get(m.Office, code).name_en == "Renamed Office"
        assert session.scalars(select(m.Mission.name_en)).all() == ["IOM Panamá (renamed)"]
        assert session.scalar(select(func.count()).select_from(m.Office)) == len(
            load_mission_file(PANAMA).tables["office"]
        )


def test_each_application_is_written_to_the_audit_log(fresh_store):
    apply_mission_file(fresh_store, load_mission_file(PANAMA), actor="maria")
    apply_mission_file(fresh_store, load_mission_file(PANAMA), actor="maria")
    with fresh_store.session() as session:
        entries = session.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id)).all()
    assert [(e.actor, e.action, e.target) for e in entries] == [
        ("maria", "load-mission", "panama-mission.yaml"),
    ] * 2
    assert entries[0].detail["site"] == counts(fresh_store)["site"]
