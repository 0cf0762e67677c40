"""A mission file's relative boundary_file is read from the mission file's folder."""

from __future__ import annotations

from pathlib import Path

from test_mission_file import VALID

from opsreport.mission import apply_mission_file, load_mission_file
from opsreport.report.data import BOUNDARY_ENV, boundary_path

SHARED = Path(__file__).parents[3] / "shared" / "data" / "panama-admin1-simplified.geojson"


def mission_with(tmp_path: Path, boundary: str) -> Path:
    folder = tmp_path / "mission"
    (folder / "maps").mkdir(parents=True)
    (folder / "maps" / "adm1.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    text = VALID.replace(
        "  country_iso3: PAN\n", f"  country_iso3: PAN\n  boundary_file: {boundary}\n"
    )
    path = folder / "mission.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_relative_boundary_file_is_stored_from_the_mission_files_folder(
    tmp_path, monkeypatch, sqlite_store
):
    path = mission_with(tmp_path, "maps/adm1.geojson")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the report runs from another folder
    monkeypatch.delenv(BOUNDARY_ENV, raising=False)
    mission = load_mission_file(path)
    expected = (path.parent / "maps" / "adm1.geojson").resolve()
    assert mission.mission["boundary_file"] == str(expected)
    apply_mission_file(sqlite_store, mission, actor="test")
    assert boundary_path(sqlite_store) == expected
    assert boundary_path(sqlite_store).exists()


def test_an_absolute_boundary_file_is_kept_and_the_variable_still_wins(
    tmp_path, monkeypatch, sqlite_store
):
    absolute = (tmp_path / "mission" / "maps" / "adm1.geojson").resolve()
    mission = load_mission_file(mission_with(tmp_path, str(absolute)))
    assert mission.mission["boundary_file"] == str(absolute)
    apply_mission_file(sqlite_store, mission, actor="test")
    monkeypatch.setenv(BOUNDARY_ENV, str(SHARED))
    assert boundary_path(sqlite_store) == SHARED


def test_no_boundary_file_stays_none(tmp_path):
    path = tmp_path / "mission.yaml"
    path.write_text(VALID, encoding="utf-8")
    assert load_mission_file(path).mission["boundary_file"] is None
