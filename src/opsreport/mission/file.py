"""The mission file: a mission's reference data in YAML, validated with line numbers.

``load_mission_file(path)`` reads and checks the file and returns a :class:`MissionFile`
of plain rows per table; ``apply_mission_file(store, mission_file)`` writes them into the
store (insert or update by code, in one transaction, audited). The format is documented
in ``docs/mission-file.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opsreport.errors import MissionFileError
from opsreport.mission.i18n import tr
from opsreport.yamlfile import LineDict, LineList, YamlSyntaxError, load_yaml

OFFICE_TYPES = ("country-office", "sub-office", "administrative-centre", "special-envoy-office")
OFFICE_UNITS = ("mission", "PAC", "OSE")
SITE_TYPES = ("etrm", "fmp", "office", "community", "shelter", "border-post", "other")
ACTIVITY_KINDS = ("service", "event")
DONOR_TYPES = ("direct", "general")

SECTIONS = (
    "mission",
    "admin_units",
    "offices",
    "sites",
    "thematic_areas",
    "activities",
    "topics",
    "population_groups",
    "audiences",
    "donors",
)


@dataclass
class MissionFile:
    """Rows ready for the store, keyed by table name, in dependency order."""

    path: Path
    mission: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


class _Checker:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, line: int, where: str, problem: str) -> MissionFileError:
        """The error at ``line`` of the file and key ``where``; ``problem`` is translated."""
        return MissionFileError(
            tr("{file}, line {line}, {key}: {problem}").format(
                file=self.path.name, line=line, key=where, problem=problem
            )
        )

    def mapping(self, node: Any, where: str, line: int) -> LineDict:
        if not isinstance(node, dict):
            raise self.fail(line, where, tr("expected a mapping of keys to values"))
        return node  # type: ignore[return-value]

    def listing(self, node: Any, where: str, line: int) -> LineList:
        if not isinstance(node, list):
            raise self.fail(line, where, tr("expected a list (lines starting with '- ')"))
        return node  # type: ignore[return-value]

    def text(self, row: LineDict, key: str, where: str, required: bool = True) -> str | None:
        value = row.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.fail(row.line, f"{where}.{key}", tr("is required and missing"))
            return None
        return str(value).strip()

    def choice(self, row: LineDict, key: str, where: str, allowed: tuple[str, ...]) -> str:
        value = self.text(row, key, where)
        if value not in allowed:
            raise self.fail(
                row.line_of(key),
                f"{where}.{key}",
                tr("'{value}' is not one of {allowed}").format(
                    value=value, allowed=", ".join(allowed)
                ),
            )
        return value  # type: ignore[return-value]

    def date(self, row: LineDict, key: str, where: str, required: bool = True) -> dt.date | None:
        value = row.get(key)
        if value is None:
            if required:
                raise self.fail(row.line, f"{where}.{key}", tr("is required (a date, YYYY-MM-DD)"))
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(
                row.line_of(key),
                f"{where}.{key}",
                tr("'{value}' is not a date; write YYYY-MM-DD").format(value=value),
            ) from None

    def number(self, row: LineDict, key: str, where: str) -> float | None:
        value = row.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(
                row.line_of(key),
                f"{where}.{key}",
                tr("'{value}' is not a number").format(value=value),
            )
        return float(value)

    def reference(
        self,
        row: LineDict,
        key: str,
        where: str,
        known: dict[str, Any],
        unknown: str,
        required: bool = True,
    ) -> str | None:
        """The code in ``key``, which must be one of ``known``; ``unknown`` is the message
        when it is not (translated, with ``{value}`` and ``{known}``)."""
        value = self.text(row, key, where, required)
        if value is not None and value not in known:
            sample = ", ".join(list(known)[:8])
            raise self.fail(
                row.line_of(key), f"{where}.{key}", unknown.format(value=value, known=sample)
            )
        return value

    def unique(self, rows: list[dict[str, Any]], key: str, section: LineList, name: str) -> None:
        seen: set[str] = set()
        for index, row in enumerate(rows):
            if row[key] in seen:
                raise self.fail(
                    section.line_of(index),
                    f"{name}[{index}].{key}",
                    tr("'{value}' is listed twice; each {key} must be unique").format(
                        value=row[key], key=key
                    ),
                )
            seen.add(row[key])


def _resolved(boundary_file: str | None, mission_path: Path) -> str | None:
    """A relative ``boundary_file`` as an absolute path from the mission file's folder.

    The mission file is written beside its data ("boundaries/panama-adm1.geojson"), but
    the store keeps no mission-file folder and reports run from anywhere, so the path is
    resolved now, once, where its meaning is known.
    """
    if not boundary_file:
        return boundary_file
    written = Path(boundary_file).expanduser()
    if written.is_absolute():
        return str(written)
    return str((mission_path.parent / written).resolve())


def load_mission_file(path: str | Path) -> MissionFile:
    path = Path(path)
    if not path.exists():
        raise MissionFileError(tr("Mission file {path} does not exist.").format(path=path))
    try:
        doc = load_yaml(path)
    except YamlSyntaxError as exc:
        raise MissionFileError(
            tr("{file}, line {line}: not valid YAML ({cause})").format(
                file=exc.path, line=exc.line, cause=exc.cause
            )
        ) from None
    check = _Checker(path)
    doc = check.mapping(doc, tr("the file"), 1)
    for key in doc:
        if key not in SECTIONS:
            raise check.fail(
                doc.line_of(key),
                key,
                tr("unknown section; the sections are {sections}").format(
                    sections=", ".join(SECTIONS)
                ),
            )
    for key in ("mission", "admin_units", "offices", "sites", "thematic_areas", "activities"):
        if key not in doc:
            raise check.fail(1, key, tr("this section is required"))

    m = check.mapping(doc["mission"], "mission", doc.line_of("mission"))
    mission = {
        "code": check.text(m, "code", "mission"),
        "name_en": check.text(m, "name_en", "mission"),
        "name_es": check.text(m, "name_es", "mission"),
        "organisation": check.text(m, "organisation", "mission", required=False) or "IOM",
        "country_iso3": check.text(m, "country_iso3", "mission"),
        "boundary_file": check.text(m, "boundary_file", "mission", required=False),
        "profile": dict(m.get("profile") or {}),
    }
    mission["boundary_file"] = _resolved(mission["boundary_file"], path)
    if len(mission["country_iso3"] or "") != 3:
        raise check.fail(
            m.line_of("country_iso3"),
            "mission.country_iso3",
            tr("must be an ISO 3166-1 alpha-3 code such as PAN"),
        )

    def rows_of(name: str) -> tuple[LineList, list[tuple[str, LineDict]]]:
        section = check.listing(doc.get(name) or LineList(), name, doc.line_of(name))
        items = []
        for index, item in enumerate(section):
            where = f"{name}[{index}]"
            items.append((where, check.mapping(item, where, section.line_of(index))))
        return section, items

    tables: dict[str, list[dict[str, Any]]] = {}

    section, items = rows_of("admin_units")
    units: dict[str, dict[str, Any]] = {}
    for where, row in items:
        pcode = check.text(row, "pcode", where)
        level = row.get("level")
        if level not in (1, 2, 3):
            raise check.fail(row.line_of("level"), f"{where}.level", tr("must be 1, 2 or 3"))
        parent = row.get("parent")
        if parent is not None and parent not in units:
            raise check.fail(
                row.line_of("parent"),
                f"{where}.parent",
                tr("'{parent}' must be listed above this unit").format(parent=parent),
            )
        if pcode in units:
            raise check.fail(
                row.line, f"{where}.pcode", tr("'{pcode}' is listed twice").format(pcode=pcode)
            )
        units[pcode] = {
            "pcode": pcode,
            "level": level,
            "name": check.text(row, "name", where),
            "parent_pcode": parent,
        }
    tables["admin_unit"] = list(units.values())
    admin1 = {code: u for code, u in units.items() if u["level"] == 1}
    not_admin1 = tr("'{value}' is not an admin-1 P-code of this file (known: {known})")
    not_pcode = tr("'{value}' is not a P-code of this file (known: {known})")

    section, items = rows_of("offices")
    offices: dict[str, dict[str, Any]] = {}
    for where, row in items:
        office = {
            "code": check.text(row, "code", where),
            "name_en": check.text(row, "name_en", where),
            "name_es": check.text(row, "name_es", where),
            "type": check.choice(row, "type", where, OFFICE_TYPES),
            "unit": row.get("unit") or "mission",
            "admin1_pcode": check.reference(row, "admin1", where, admin1, not_admin1),
            "admin2_pcode": check.reference(row, "admin2", where, units, not_pcode, False),
            "opened_on": check.date(row, "opened_on", where),
            "closed_on": check.date(row, "closed_on", where, required=False),
        }
        if office["unit"] not in OFFICE_UNITS:
            raise check.fail(
                row.line_of("unit"),
                f"{where}.unit",
                tr("'{value}' is not one of {allowed}").format(
                    value=office["unit"], allowed=", ".join(OFFICE_UNITS)
                ),
            )
        offices[office["code"]] = office
    tables["office"] = list(offices.values())
    check.unique(tables["office"], "code", section, "offices")

    section, items = rows_of("sites")
    not_office = tr("'{value}' is not an office of this file (known: {known})")
    sites = []
    for where, row in items:
        sites.append(
            {
                "code": check.text(row, "code", where),
                "name": check.text(row, "name", where),
                "type": check.choice(row, "type", where, SITE_TYPES),
                "admin1_pcode": check.reference(row, "admin1", where, admin1, not_admin1),
                "admin2_pcode": check.reference(row, "admin2", where, units, not_pcode, False),
                "latitude": check.number(row, "lat", where),
                "longitude": check.number(row, "lon", where),
                "office_code": check.reference(row, "office", where, offices, not_office, False),
            }
        )
    check.unique(sites, "code", section, "sites")
    tables["site"] = sites

    areas: list[dict[str, Any]] = []

    def add_areas(section: LineList, name: str, parent: str | None) -> None:
        for index, item in enumerate(section):
            where = f"{name}[{index}]"
            row = check.mapping(item, where, section.line_of(index))
            code = check.text(row, "code", where)
            areas.append(
                {
                    "code": code,
                    "name_en": check.text(row, "name_en", where),
                    "name_es": check.text(row, "name_es", where),
                    "position": len(areas) + 1,
                    "parent_code": parent,
                }
            )
            if row.get("areas"):
                add_areas(
                    check.listing(row["areas"], f"{where}.areas", row.line_of("areas")),
                    f"{where}.areas",
                    code,
                )

    add_areas(
        check.listing(doc["thematic_areas"], "thematic_areas", doc.line_of("thematic_areas")),
        "thematic_areas",
        None,
    )
    known_areas = {a["code"]: a for a in areas}
    if len(known_areas) != len(areas):
        raise check.fail(
            doc.line_of("thematic_areas"), "thematic_areas", tr("a code is listed twice")
        )
    tables["thematic_area"] = areas

    def named(name: str, table: str) -> dict[str, Any]:
        section, items = rows_of(name)
        rows = [
            {
                "code": check.text(row, "code", where),
                "name_en": check.text(row, "name_en", where),
                "name_es": check.text(row, "name_es", where),
            }
            for where, row in items
        ]
        check.unique(rows, "code", section, name)
        tables[table] = rows
        return {r["code"]: r for r in rows}

    section, items = rows_of("activities")
    not_area = tr("'{value}' is not a thematic area of this file (known: {known})")
    activities = []
    for where, row in items:
        activities.append(
            {
                "code": check.text(row, "code", where),
                "name_en": check.text(row, "name_en", where),
                "name_es": check.text(row, "name_es", where),
                "kind": check.choice(row, "kind", where, ACTIVITY_KINDS),
                "thematic_area_code": check.reference(row, "area", where, known_areas, not_area),
            }
        )
    check.unique(activities, "code", section, "activities")
    tables["activity"] = activities
    named("topics", "topic")
    for index, row in enumerate(tables["topic"]):  # reports list topics in this order
        row["position"] = index + 1
    named("population_groups", "population_group")
    named("audiences", "audience")

    section, items = rows_of("donors")
    donors = []
    for index, (where, row) in enumerate(items):
        donors.append(
            {
                "code": check.text(row, "code", where),
                "name_en": check.text(row, "name_en", where),
                "name_es": check.text(row, "name_es", where),
                "type": check.choice(row, "type", where, DONOR_TYPES),
                "active_from": check.date(row, "active_from", where),
                "active_to": check.date(row, "active_to", where, required=False),
                "position": index + 1,
            }
        )
    check.unique(donors, "code", section, "donors")
    tables["donor"] = donors
    return MissionFile(path=path, mission=mission, tables=tables)
