"""The allowed codes of code columns, taken from the store (or from a mission file).

Clerks write codes, but also the names they see in the mission's lists; both are
accepted. A :class:`Reference` maps every normalised code and name to its code, and keeps
the facts row rules need (site types, activity kinds).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from opsreport.ingest.columns import normalise

# reference list name -> (model attribute names) used by Column.codes
LISTS = (
    "activity",
    "site",
    "population_group",
    "topic",
    "audience",
    "office",
    "province",
    "district",
)


@dataclass
class Reference:
    # list name -> {code: (name_en, name_es)}
    entries: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    site_types: dict[str, str] = field(default_factory=dict)
    activity_kinds: dict[str, str] = field(default_factory=dict)
    events: dict[str, int] = field(default_factory=dict)  # event record_id -> event id
    admin_parents: dict[str, str | None] = field(default_factory=dict)  # P-code -> parent
    _lookup: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def codes(self, name: str) -> list[str]:
        return list(self.entries.get(name, {}))

    def lookup(self, name: str) -> dict[str, str]:
        """Normalised code or name -> code, built once per list."""
        if name not in self._lookup:
            table: dict[str, str] = {}
            for code, names in self.entries.get(name, {}).items():
                for text in names:
                    if text:
                        table.setdefault(normalise(text), code)
            for code in self.entries.get(name, {}):
                table[normalise(code)] = code
            self._lookup[name] = table
        return self._lookup[name]


def load_reference(store) -> Reference:
    """The reference lists as they are in the store now."""
    from opsreport.store import models as m

    ref = Reference()
    with store.session() as session:
        for code, en, es, kind in session.execute(
            select(m.Activity.code, m.Activity.name_en, m.Activity.name_es, m.Activity.kind)
        ):
            ref.entries.setdefault("activity", {})[code] = (en, es)
            ref.activity_kinds[code] = kind
        for code, name, type_ in session.execute(select(m.Site.code, m.Site.name, m.Site.type)):
            ref.entries.setdefault("site", {})[code] = (name, name)
            ref.site_types[code] = type_
        for name, model in (
            ("population_group", m.PopulationGroup),
            ("topic", m.Topic),
            ("audience", m.Audience),
            ("office", m.Office),
        ):
            for code, en, es in session.execute(select(model.code, model.name_en, model.name_es)):
                ref.entries.setdefault(name, {})[code] = (en, es)
        for record_id, event_id in session.execute(select(m.Event.record_id, m.Event.id)):
            ref.events[record_id] = event_id
        units = select(
            m.AdminUnit.pcode, m.AdminUnit.level, m.AdminUnit.name, m.AdminUnit.parent_pcode
        )
        for pcode, level, name, parent in session.execute(units):
            _add_admin_unit(ref, pcode, level, name, parent)
    return ref


def _add_admin_unit(ref: Reference, pcode: str, level: int, name: str, parent) -> None:
    """Provinces (admin-1) and districts (admin-2) are looked up by P-code or name."""
    listed = "province" if level == 1 else "district" if level == 2 else None
    if listed:
        ref.entries.setdefault(listed, {})[pcode] = (name, name)
    ref.admin_parents[pcode] = parent


def reference_from_mission_file(mission_file) -> Reference:
    """The same lists read from a mission file, for templates made without a store."""
    ref = Reference()
    tables = mission_file.tables
    for row in tables.get("activity", []):
        ref.entries.setdefault("activity", {})[row["code"]] = (row["name_en"], row["name_es"])
        ref.activity_kinds[row["code"]] = row["kind"]
    for row in tables.get("site", []):
        ref.entries.setdefault("site", {})[row["code"]] = (row["name"], row["name"])
        ref.site_types[row["code"]] = row["type"]
    for name in ("population_group", "topic", "audience", "office"):
        for row in tables.get(name, []):
            ref.entries.setdefault(name, {})[row["code"]] = (row["name_en"], row["name_es"])
    for row in tables.get("admin_unit", []):
        _add_admin_unit(ref, row["pcode"], row["level"], row["name"], row.get("parent_pcode"))
    return ref
