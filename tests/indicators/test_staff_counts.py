"""Staff figures are counted together in one query, each with its own filters: every
figure must still be the number of roster lines in force that match its filters, on
SQLite, PostgreSQL and DuckDB."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from opsreport.indicators import compute, connect_duckdb, export_parquet, load_catalogue
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
    lines = [x for x in staff if x.start_date <= end and (x.end_date is None or x.end_date >= end)]
    return {
        "staff": len(lines),
        "staff-national": sum(x.category == "national" for x in lines),
        "staff-in-sub-offices": sum(x.office_code in sub_offices for x in lines),
        "national-mission-staff": sum(
            x.category == "national" and x.unit == "mission" for x in lines
        ),
        "staff-nowhere": 0,
    }


def _staff_figures(con, catalogue) -> dict[str, int]:
    ids = [i.id for i in catalogue.select(None) if i.source == "staff"]
    together = {k: r.value for k, r in compute(con, PERIOD, ids, catalogue).items()}
    for key in ids:  # each alone gives what it gets with the others
        assert compute(con, PERIOD, [key], catalogue)[key].value == together[key], key
    return together


@pytest.mark.filterwarnings("ignore:.*infer_string:Warning")
def test_staff_figures_counted_together_match_the_roster(demo_store, tmp_path):
    path = tmp_path / "mission-indicators.yaml"
    path.write_text(MISSION)
    catalogue = load_catalogue([path])
    expected = _expected(demo_store)
    assert expected["staff"] > expected["staff-national"] > 0
    assert expected["staff-in-sub-offices"] > 0
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
