"""Writing a mission file's reference data into the store (insert or update by code)."""

from __future__ import annotations

import getpass

from sqlalchemy import select

from opsreport.mission.file import MissionFile
from opsreport.store import Store
from opsreport.store import models as m

# table name -> model, in the order rows must be written (parents first)
MODELS = {
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


def apply_mission_file(store: Store, mission_file: MissionFile, actor: str | None = None) -> dict:
    """Insert or update every row of the file in one transaction; returns counts per table."""
    counts: dict[str, int] = {}
    with store.session() as session:
        mission = session.scalars(
            select(m.Mission).where(m.Mission.code == mission_file.mission["code"])
        ).first()
        if mission is None:
            session.add(m.Mission(**mission_file.mission))
        else:
            for key, value in mission_file.mission.items():
                setattr(mission, key, value)
        for table, model in MODELS.items():
            rows = mission_file.tables.get(table, [])
            for row in rows:
                session.merge(model(**row))
            session.flush()
            counts[table] = len(rows)
        session.add(
            m.AuditEntry(
                actor=actor or getpass.getuser(),
                action="load-mission",
                target=str(mission_file.path.name),
                detail=counts,
            )
        )
    return counts
