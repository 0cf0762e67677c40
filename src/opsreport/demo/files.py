"""The demo mission's records as the import files a mission's units would hand in.

``emit_files(folder)`` writes one file per record kind, in the layout of the import
templates (English header row, then the HXL hashtag row): the large registers as CSV, the
small sheets as Excel workbooks, so the demo exercises both readers. Each file carries a
few deliberately bad rows (an unknown site, an ambiguous date, an age of 150, …) that the
importer must reject; they describe no real record, so the report's figures stay those of
the generated data. :func:`opsreport.demo.build_demo` imports these files.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from opsreport.demo.generate import DemoData, generate
from opsreport.ingest.kinds import get_kind


@dataclass(frozen=True)
class DemoFile:
    """One emitted file: the record kind it holds and where it is."""

    kind: str
    path: Path
    bad_rows: int


# kind -> file name; the order is the order of import (events before attendance)
FILES = {
    "staff": "staff-roster-2023.xlsx",
    "channel-metrics": "channel-metrics-2023.xlsx",
    "services": "services-2023.csv",
    "events": "events-2023.xlsx",
    "attendance": "attendance-2023.csv",
}

# Rows each file gets on top of the generated records; every one must be rejected.
BAD_ROWS: dict[str, list[dict[str, str]]] = {
    "services": [
        {  # a site the mission does not have
            "record_id": "demo-bad-service-1",
            "person_id": "DEMO-BAD-PERSON-1",
            "sex": "female",
            "birth_year": "1990",
            "nationality": "VEN",
            "population_group": "migrant-transit",
            "activity": "medical-care",
            "service_date": "2023-08-14",
            "site": "etrm-nowhere",
        },
        {  # 05/06/2023: 5 June or 6 May? The file's dates are ISO, so no convention
            "record_id": "demo-bad-service-2",
            "person_id": "DEMO-BAD-PERSON-2",
            "sex": "male",
            "birth_year": "1985",
            "nationality": "COL",
            "population_group": "migrant-residing",
            "activity": "legal-orientation",
            "service_date": "05/06/2023",
            "site": "david-community",
        },
        {  # an age of 150
            "record_id": "demo-bad-service-3",
            "person_id": "DEMO-BAD-PERSON-3",
            "sex": "male",
            "age": "150",
            "nationality": "HTI",
            "population_group": "migrant-transit",
            "activity": "medical-care",
            "service_date": "2023-09-02",
            "site": "etrm-lajas-blancas",
        },
    ],
    "events": [
        {  # ends before it starts
            "record_id": "demo-bad-event-1",
            "activity": "community-workshop",
            "audience": "migrants-host-communities",
            "title": "Taller sin fecha de cierre correcta",
            "start_date": "2023-09-12",
            "end_date": "2023-09-02",
            "site": "arraijan-community",
        }
    ],
    "attendance": [
        {  # an event that was never imported
            "event_record_id": "demo-event-9999",
            "person_id": "DEMO-BAD-PERSON-4",
            "sex": "female",
            "nationality": "PAN",
        },
        {  # more women and men than the total
            "event_record_id": "demo-event-0001",
            "headcount_female": "30",
            "headcount_male": "25",
            "headcount_total": "40",
        },
    ],
    "staff": [
        {  # an office the mission does not have
            "staff_id": "DEMO-BAD-STAFF-1",
            "category": "national",
            "unit": "mission",
            "office": "colon-office-old",
            "start_date": "2023-03-01",
        }
    ],
    "channel-metrics": [
        {"month": "2023-08", "channel": "facebook", "metric": "people-reached", "value": "-5"}
    ],
}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def kind_rows(data: DemoData) -> dict[str, list[dict[str, object]]]:
    """The generated records, row by row, under the import columns' names."""
    people = {row["id"]: row for row in data["person"]}
    events = {row["id"]: row["record_id"] for row in data["event"]}
    topics: dict[int, list[str]] = {}
    for row in data["event_topic"]:
        topics.setdefault(row["event_id"], []).append(row["topic_code"])

    def person(person_id: int) -> dict[str, object]:
        found = people[person_id]
        return {
            "person_id": found["person_key"],
            "sex": found["sex"],
            "birth_year": found["birth_year"],
            "nationality": found["nationality"],
        }

    services = [
        {
            "record_id": r["record_id"],
            **person(r["person_id"]),
            "age": r["age_years"],
            "population_group": r["population_group_code"],
            "activity": r["activity_code"],
            "service_date": r["service_date"],
            "site": r["site_code"],
            "topic": r["topic_code"],
        }
        for r in data["service_record"]
    ]
    event_rows = [
        {
            "record_id": r["record_id"],
            "activity": r["activity_code"],
            "audience": r["audience_code"],
            "title": r["title"],
            "start_date": r["start_date"],
            "end_date": r["end_date"],
            "site": r["site_code"],
            "topics": "; ".join(sorted(topics.get(r["id"], []))),
        }
        for r in data["event"]
    ]
    attendance = []
    for r in data["attendance"]:
        row: dict[str, object] = {"event_record_id": events[r["event_id"]]}
        if r["person_id"] is not None:
            row.update(person(r["person_id"]))
            row["population_group"] = people[r["person_id"]]["population_group_code"]
        else:
            row.update({c: r[c] for c in r if c.startswith("headcount_")})
        attendance.append(row)
    staff = [
        {
            "staff_id": r["staff_key"],
            "category": r["category"],
            "unit": r["unit"],
            "office": r["office_code"],
            "start_date": r["start_date"],
            "end_date": r["end_date"],
        }
        for r in data["staff_member"]
    ]
    metrics = [
        {"month": f"{r['month']:%Y-%m}", **{c: r[c] for c in ("channel", "metric", "value")}}
        for r in data["channel_metric"]
    ]
    return {
        "staff": staff,
        "channel-metrics": metrics,
        "services": services,
        "events": event_rows,
        "attendance": attendance,
    }


def emit_files(
    folder: str | Path, seed: int = 2023, data: DemoData | None = None
) -> list[DemoFile]:
    """Write the demo's import files into ``folder``, in the order they must be imported."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    data = data or generate(seed)
    rows = kind_rows(data)
    written = []
    for kind_name, file_name in FILES.items():
        kind = get_kind(kind_name)
        names = [c.name for c in kind.columns]
        table = [[_text(row.get(n)) for n in names] for row in rows[kind_name]]
        bad = BAD_ROWS[kind_name]
        # bad rows in the middle of the file, where a clerk's typing errors would be
        middle = len(table) // 2
        table[middle:middle] = [[row.get(n, "") for n in names] for row in bad]
        header = [[c.label_en for c in kind.columns], [c.hxl for c in kind.columns]]
        path = folder / file_name
        if path.suffix == ".csv":
            with path.open("w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows(header + table)
        else:
            _write_xlsx(path, kind.name, header + table)
        written.append(DemoFile(kind_name, path, len(bad)))
    return written


def _write_xlsx(path: Path, title: str, lines: list[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for line in lines:
        sheet.append([cell if cell != "" else None for cell in line])
    book.save(path)
