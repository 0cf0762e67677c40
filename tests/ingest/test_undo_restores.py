"""Undoing a re-import puts back everything it replaced, for every kind of record.

For each kind a file A is imported, then a later file A' that changes some of A's records
(and some the mission file set up) and adds others; undoing A' must give back the store
exactly as it was after A, and undoing A then the store as it was before A. The store is
compared table by table, every row and column a report, a list or an export could show,
so a value an import changed and undo forgot is caught whichever table it is in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from ingest_helpers import write_text
from sqlalchemy import select

from opsreport.ingest import import_file, undo_batch
from opsreport.store import models as m

# the import's own bookkeeping: an undo marks its batch and adds an audit entry
BOOKKEEPING = {"import_batch", "audit_log", "rejected_row"}
# rows an undo writes again (the answers it puts back) get new surrogate ids
RENUMBERED = {"survey_answer": {"id"}}


def snapshot(store) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, but the bookkeeping and the ids an undo may renumber."""
    content = {}
    with store.engine.connect() as conn:
        for table in m.Base.metadata.sorted_tables:
            if table.name in BOOKKEEPING:
                continue
            skipped = RENUMBERED.get(table.name, set())
            columns = [c for c in table.c if c.name not in skipped]
            rows = [tuple(row) for row in conn.execute(select(*columns))]
            content[table.name] = sorted(rows, key=repr)
    return content


def differences(before: dict, after: dict) -> dict[str, tuple[list, list]]:
    """Per table: the rows only before, the rows only after."""
    found = {}
    for name in before:
        gone = [r for r in before[name] if r not in after[name]]
        added = [r for r in after[name] if r not in before[name]]
        if gone or added:
            found[name] = (gone, added)
    return found


@dataclass
class Case:
    kind: str
    first: list[str]  # file A: header and rows
    second: list[str]  # file A': changes some of A's rows (and the mission's), adds some
    setup: list[tuple[str, list[str]]] = field(default_factory=list)  # (kind, file) before A
    updated: int = 1  # how many records A' updates, at least


SERVICES = "record_id,person_id,sex,birth_year,age,nationality,population_group,activity,"
SERVICES += "service_date,site,topic"
EVENTS = "record_id,activity,audience,title,start_date,end_date,site,topics"
EVENT_FILE = [
    EVENTS,
    "ev-1,community-workshop,migrants-host-communities,Taller,2023-08-10,,"
    "meteti-community-centre,c4d",
    "ev-2,community-workshop,migrants-host-communities,Taller 2,2023-08-11,,"
    "meteti-community-centre,",
    "ev-3,capacity-training,government,Curso,2023-08-12,2023-08-13,pty-office,",
]
ATTENDANCE = "event_record_id,person_id,sex,birth_year,nationality,population_group,"
ATTENDANCE += "headcount_female,headcount_male,headcount_other,headcount_total"
SURVEY = "survey_date,fmp,consent,previously_surveyed,sex,age,nationality,"
SURVEY += "info_sources_route,main_info_source,days_in_jungle,_uuid"

CASES = [
    Case(
        "services",
        [
            SERVICES,
            "s-1,P1,female,1990,,VEN,migrant-residing,legal-orientation,2023-08-15,"
            "pty-legal-desk,legal-work",
            "s-2,P2,male,,33,COL,migrant-residing,legal-orientation,2023-08-16,"
            "pty-legal-desk,legal-family",
            "s-3,P3,female,1985,,VEN,migrant-transit,medical-care,2023-08-17,etrm-lajas-blancas,",
        ],
        [
            SERVICES,
            # another date and topic, and another person (new to the store)
            "s-1,P4,male,1970,,PAN,migrant-residing,legal-orientation,2023-08-20,"
            "pty-legal-desk,legal-family",
            # the person's blank year of birth is filled in
            "s-2,P2,male,1990,33,COL,migrant-residing,legal-orientation,2023-08-16,"
            "pty-legal-desk,legal-family",
            "s-3,P3,female,1985,,VEN,migrant-transit,medical-care,2023-08-17,etrm-lajas-blancas,",
            "s-4,P1,female,1990,,VEN,migrant-residing,psychosocial-support,2023-08-21,pty-office,",
            "s-5,P5,female,2000,,HTI,migrant-transit,hygiene-kit,2023-08-22,etrm-lajas-blancas,",
        ],
    ),
    Case(
        "events",
        EVENT_FILE,
        [
            EVENTS,
            # other title and topics
            "ev-1,community-workshop,migrants-host-communities,Taller de integración,"
            "2023-08-10,,meteti-community-centre,c4d integration",
            # topics only
            "ev-2,community-workshop,migrants-host-communities,Taller 2,2023-08-11,,"
            "meteti-community-centre,regularization",
            # dates only
            "ev-3,capacity-training,government,Curso,2023-08-12,2023-08-14,pty-office,",
            "ev-4,capacity-training,civil-society,Curso 2,2023-08-15,,pty-office,border-management",
        ],
        updated=3,
    ),
    Case(
        "attendance",
        [
            ATTENDANCE,
            "ev-1,P1,female,1990,VEN,migrant-residing,,,,",
            "ev-1,P2,male,,COL,host-community,,,,",
            "ev-3,,,,,,3,4,0,7",
        ],
        [
            ATTENDANCE,
            "ev-1,P1,female,1990,VEN,migrant-residing,,,,",
            "ev-1,P2,male,1988,COL,host-community,,,,",  # the blank year filled in
            "ev-2,P2,male,1988,COL,host-community,,,,",
            "ev-1,P6,female,2001,PAN,host-community,,,,",
            "ev-3,,,,,,5,4,0,9",  # a corrected head-count
            "ev-2,,,,,,1,1,0,2",
        ],
        setup=[("events", EVENT_FILE)],
    ),
    Case(
        "channel-metrics",
        [
            "month,channel,metric,value",
            "2023-08,facebook,people-reached,100",
            "2023-08,instagram,impressions,50",
        ],
        [
            "month,channel,metric,value",
            "2023-08,facebook,people-reached,120",
            "2023-08,instagram,impressions,50",
            "2023-09,facebook,people-reached,90",
        ],
    ),
    Case(
        "staff",
        [
            "staff_id,category,unit,office,start_date,end_date",
            "S1,national,mission,pty-country-office,2020-01-01,",
            "S2,international,PAC,,2021-05-01,",
        ],
        [
            "staff_id,category,unit,office,start_date,end_date",
            "S1,national,mission,pty-country-office,2020-01-01,2023-08-31",
            "S2,international,OSE,meteti-sub-office,2021-05-01,",
            "S3,national,mission,,2023-08-01,",
        ],
        updated=2,
    ),
    Case(
        "offices",
        [
            "code,name_en,name_es,type,unit,province,district,opened_on,closed_on",
            "david-office,David Office,Oficina de David,sub-office,mission,PA02,PA0201,2024-03-15,",
            "pty-country-office,Panama Office,Oficina de Panamá,country-office,mission,PA12,,"
            "2001-01-15,",
        ],
        [
            "code,name_en,name_es,type,unit,province,district,opened_on,closed_on",
            "david-office,David Office,Oficina de David,sub-office,mission,PA02,PA0201,"
            "2024-03-15,2024-09-30",
            "pty-country-office,Panama Country Office,Oficina de Panamá,country-office,"
            "mission,PA12,PA1201,2001-01-15,",
            "colon-office,Colón Office,Oficina de Colón,sub-office,mission,PA04,,2024-02-01,",
        ],
        updated=2,
    ),
    Case(
        "sites",
        [
            "code,name,type,province,district,latitude,longitude,office",
            "david-desk,David desk,office,PA02,PA0201,8.43,-82.43,pty-country-office",
            "pty-office,Panama City office,office,PA12,PA1201,8.99,-79.52,pty-country-office",
        ],
        [
            "code,name,type,province,district,latitude,longitude,office",
            "david-desk,David help desk,office,PA02,PA0201,8.43,-82.43,pty-country-office",
            "pty-office,Panama City office,office,PA12,PA1201,8.98,-79.51,meteti-sub-office",
            "colon-desk,Colón desk,office,PA04,PA0401,,,",
        ],
        updated=2,
    ),
    Case(
        "donors",
        [
            "code,name_en,name_es,type,active_from,active_to",
            "new-fund,New Fund,Fondo Nuevo,direct,2024-01-01,",
            "canada,Government of Canada,Gobierno de Canadá,direct,2020-04-01,2025-03-31",
        ],
        [
            "code,name_en,name_es,type,active_from,active_to,order",
            "new-fund,New Fund,Fondo Nuevo,direct,2024-01-01,2024-12-31,1",
            "canada,Canada,Canadá,direct,2020-04-01,2025-03-31,",
            "late-fund,Late Fund,Fondo Tardío,general,2024-06-01,,",
        ],
        updated=2,
    ),
    Case(
        "transits",
        [
            "month,nationality,group,count",
            "2023-08,VEN,,100",
            "2023-08,,men,60",
            "2023-08,HTI,,40",
        ],
        [
            "month,nationality,group,count",
            "2023-08,VEN,,110",  # revised
            "2023-08,,men,60",
            "2023-08,HTI,,40",
            "2023-09,HTI,,20",
            "2023-08,,women,30",
        ],
    ),
    Case(
        "survey-responses",
        [
            SURVEY,
            "2023-07-10,lajas_blancas,yes,no,female,30,VEN,social_media,social_media,4,u1",
            "2023-07-12,lajas_blancas,yes,no,male,41,COL,"
            '"social_media family_friends_migrated",family_friends_migrated,5,u2',
            "2023-07-14,lajas_blancas,no,no,,,,,,,u3",
        ],
        [
            SURVEY,
            # the response's columns and its answers change
            "2023-07-10,lajas_blancas,yes,no,female,31,VEN,family_friends_migrated,"
            "family_friends_migrated,6,u1",
            # its answers only
            "2023-07-12,lajas_blancas,yes,no,male,41,COL,social_media,family_friends_migrated,7,u2",
            "2023-07-14,lajas_blancas,no,no,,,,,,,u3",
            # in a province and on a day the round did not cover yet
            "2023-07-28,los_planes_gualaca,yes,no,female,25,ECU,social_media,social_media,3,u4",
        ],
        updated=2,
    ),
]


def setup_and_first(store, tmp_path, case):
    """The case's setup files imported, then its file A: the store before A, A's report,
    and the store after it."""
    for number, (kind, lines) in enumerate(case.setup):
        assert import_file(
            store, write_text(tmp_path / f"setup-{number}.csv", lines), kind
        ).committed
    before = snapshot(store)
    first = import_file(store, write_text(tmp_path / "a.csv", case.first), case.kind)
    assert first.committed and first.rows_rejected == 0, first.issues
    return before, first, snapshot(store)


@pytest.mark.parametrize("case", CASES, ids=[c.kind for c in CASES])
def test_undoing_a_reimport_gives_back_the_store_as_the_first_import_left_it(store, tmp_path, case):
    before, first, after_first = setup_and_first(store, tmp_path, case)
    assert differences(before, after_first), "file A changed nothing"

    second = import_file(store, write_text(tmp_path / "a2.csv", case.second), case.kind)
    assert second.committed and second.rows_rejected == 0, second.issues
    assert second.inserted >= 1 and second.updated >= case.updated, second
    assert differences(after_first, snapshot(store)), "file A' changed nothing"

    undo_batch(store, second.batch_id)
    assert differences(after_first, snapshot(store)) == {}
    undo_batch(store, first.batch_id)
    assert differences(before, snapshot(store)) == {}
