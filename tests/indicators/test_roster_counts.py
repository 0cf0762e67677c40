"""Staff figures are counted together in one query, each with its own filters: every
figure must still be the roster lines in force that match its filters (and every offices
figure the offices open), on SQLite, PostgreSQL and DuckDB."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from opsreport.indicators import (
    compute,
    connect_duckdb,
    export_parquet,
    load_catalogue,
    results_to_json,
)
from opsreport.store import models as m

PERIOD = "2023-08..2023-09"
END = "2023-09-30"

MISSION = """
indicators:
  - id: staff-in-sub-offices
    label_en: Staff in sub-offices
    label_es: Personal en suboficinas
    definition_en: Staff in force in an office of type sub-office.
    definition_es: Personal vigente en una oficina de tipo suboficina.
    unit: as-of-count
    source: staff
    period: as-of-end
    filters: {office_type: sub-office}
  - id: national-mission-staff
    label_en: National mission staff
    label_es: Personal nacional de la misión
    definition_en: National staff of the mission.
    definition_es: Personal nacional de la misión.
    unit: as-of-count
    source: staff
    period: as-of-end
    filters: {category: national, unit: mission}
  - id: staff-nowhere
    label_en: Staff of no office
    label_es: Personal de ninguna oficina
    definition_en: Staff of an office that does not exist.
    definition_es: Personal de una oficina que no existe.
    unit: as-of-count
    source: staff
    period: as-of-end
    filters: {office: no-such-office}
  - id: mission-offices-in-panama
    label_en: Mission offices in Panama province
    label_es: Oficinas de la misión en la provincia de Panamá
    definition_en: Offices of the mission open in Panama province.
    definition_es: Oficinas de la misión abiertas en la provincia de Panamá.
    unit: list
    source: offices
    period: as-of-end
    filters: {unit: mission, admin1: PA12}
"""


def _expected(store) -> dict[str, int]:
    """The same figures counted in Python from the roster's rows."""
    import datetime as dt

    end = dt.date.fromisoformat(END)
    with store.session() as s:
        staff = s.execute(select(m.StaffMember)).scalars().all()
        sub_offices = set(
            s.execute(select(m.Office.code).where(m.Office.type == "sub-office")).scalars()
        )
        offices = s.execute(select(m.Office)).scalars().all()
    lines = [x for x in staff if x.start_date <= end and (x.end_date is None or x.end_date >= end)]
    open_ = sorted(
        (o for o in offices if o.opened_on <= end and (o.closed_on is None or o.closed_on >= end)),
        key=lambda o: (o.opened_on, o.code),
    )
    return {
        "staff": len(lines),
        "staff-national": sum(x.category == "national" for x in lines),
        "staff-in-sub-offices": sum(x.office_code in sub_offices for x in lines),
        "national-mission-staff": sum(
            x.category == "national" and x.unit == "mission" for x in lines
        ),
        "staff-nowhere": 0,
        "offices-open": [o.code for o in open_],
        "sub-offices": [o.code for o in open_ if o.type == "sub-office"],
        "mission-offices-in-panama": [
            o.code for o in open_ if o.unit == "mission" and o.admin1_pcode == "PA12"
        ],
    }


def _figure(result) -> object:
    """A staff count, or the codes of the offices an offices figure lists (which it counts)."""
    if "staff" in result.id:
        return result.value
    assert result.value == len(result.items)
    return [item.code for item in result.items]


def _staff_figures(con, catalogue) -> dict[str, object]:
    ids = [i.id for i in catalogue.select(None) if i.source in ("staff", "offices")]
    results = compute(con, PERIOD, ids, catalogue)
    for key in ids:  # each alone gives what it gets with the others
        alone = compute(con, PERIOD, [key], catalogue)[key]
        assert results_to_json([alone]) == results_to_json([results[key]]), key
    return {key: _figure(result) for key, result in results.items()}


@pytest.mark.filterwarnings("ignore:.*infer_string:Warning")
def test_staff_figures_counted_together_match_the_roster(demo_store, tmp_path):
    path = tmp_path / "mission-indicators.yaml"
    path.write_text(MISSION)
    catalogue = load_catalogue([path])
    expected = _expected(demo_store)
    assert expected["staff"] > expected["staff-national"] > 0
    assert expected["staff-in-sub-offices"] > 0
    assert len(expected["offices-open"]) > len(expected["sub-offices"]) > 0
    assert expected["mission-offices-in-panama"]
    on_sqlite = _staff_figures(demo_store, catalogue)
    assert {k: on_sqlite[k] for k in expected} == expected
    export_parquet(demo_store, tmp_path / "parquet")
    duck = connect_duckdb(parquet_folder=tmp_path / "parquet")
    try:
        assert _staff_figures(duck, catalogue) == on_sqlite
    finally:
        duck.disconnect()


@pytest.mark.postgres
def test_staff_figures_counted_together_on_postgresql(demo_store, demo_store_pg, tmp_path):
    path = tmp_path / "mission-indicators.yaml"
    path.write_text(MISSION)
    catalogue = load_catalogue([path])
    assert _staff_figures(demo_store_pg, catalogue) == _staff_figures(demo_store, catalogue)
