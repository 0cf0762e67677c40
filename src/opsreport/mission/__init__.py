"""Reference data of a mission: loaded from a mission file (YAML), kept in the store."""

from opsreport.mission.apply import apply_mission_file
from opsreport.mission.file import MissionFile, load_mission_file

__all__ = ["MissionFile", "apply_mission_file", "load_mission_file"]
