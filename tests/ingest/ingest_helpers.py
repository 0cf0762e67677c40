"""Helpers of the importer tests (inline awkward files, counts, the mission)."""

from __future__ import annotations

from pathlib import Path

MISSION = Path(__file__).resolve().parents[2] / "src/opsreport/demo/panama-mission.yaml"

SERVICES_HEADER = (
    "ID del registro;ID de la persona;Sexo;Edad;Nacionalidad;Grupo de población;"
    "Actividad;Fecha de atención;Sitio;Tema"
)


def with_mission(store):
    from opsreport.mission import apply_mission_file, load_mission_file

    apply_mission_file(store, load_mission_file(MISSION))
    return store


def write_text(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def count(store, table: str) -> int:
    from sqlalchemy import text

    with store.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
