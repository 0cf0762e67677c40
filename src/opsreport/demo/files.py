"""The demo mission's records as the import files a mission's units would hand in.

``emit_files(folder)`` writes the files of every record kind, in the order they are
imported. The registers a unit keeps are in the layout of the import templates (English
header row, then the HXL hashtag row): the large ones as CSV, the small sheets as Excel
workbooks, so the demo exercises both readers. Each Flow Monitoring Survey round is a
Kobo export (one row per submission, group paths as headers, a multiple choice as
space-separated names plus one 0/1 column per choice, ``_uuid`` and the other system
columns, semicolons as Kobo's CSV has them), and the transit counts are an SNM table
(a title line, Spanish headers, months with their total or their split by nationality,
groups in Spanish). Each file carries a few deliberately bad rows (an unknown site, an
ambiguous date, an age of 150, …) that the importer must reject; they describe no real
record, so the report's figures stay those of the generated data.
:func:`opsreport.demo.build_demo` imports these files.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from opsreport.demo.generate import DemoData, generate
from opsreport.ingest.export import attendance_row, cell_text, event_row, service_row
from opsreport.ingest.kinds import get_kind


@dataclass(frozen=True)
class DemoFile:
    """One emitted file: the record kind it holds, where it is, and its survey round."""

    kind: str
    path: Path
    bad_rows: int
    round: str | None = None  # survey-responses: the round the export is imported into


# file name -> kind; the order is the order of import (events before attendance)
FILES = {
    "staff-roster-2023.xlsx": "staff",
    "channel-metrics-2023.xlsx": "channel-metrics",
    "services-2023.csv": "services",
    "events-2023.xlsx": "events",
    "attendance-2023.csv": "attendance",
    "fms-2023-06-kobo.csv": "survey-responses",
    "fms-2023-07-kobo.csv": "survey-responses",
    "snm-transitos-darien-2023.csv": "transits",
}
# survey export -> its round (the rounds of survey.ROUNDS, in order)
SURVEY_FILES = {"fms-2023-06-kobo.csv": "fms-2023-06", "fms-2023-07-kobo.csv": "fms-2023-07"}
TRANSITS_FILE = "snm-transitos-darien-2023.csv"
TRANSITS_TITLE = "Tránsito irregular por Darién 2023 (Servicio Nacional de Migración)"
# The SNM table's headers and its words for the groups (the importer reads both).
TRANSITS_HEADERS = {
    "month": "Mes",
    "nationality": "Nacionalidad",
    "group": "Grupo",
    "count": "Cruces",
}
GROUP_WORDS_ES = {"men": "hombres", "women": "mujeres", "boys": "niños", "girls": "niñas"}

# Rows each file gets on top of the generated records; every one must be rejected.
# Survey rows are keyed by question name, transit rows by the kind's column names.
BAD_ROWS: dict[str, list[dict[str, str]]] = {
    "services-2023.csv": [
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
    "events-2023.xlsx": [
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
    "attendance-2023.csv": [
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
    "staff-roster-2023.xlsx": [
        {  # an office the mission does not have
            "staff_id": "DEMO-BAD-STAFF-1",
            "category": "national",
            "unit": "mission",
            "office": "colon-office-old",
            "start_date": "2023-03-01",
        }
    ],
    "channel-metrics-2023.xlsx": [
        {"month": "2023-08", "channel": "facebook", "metric": "people-reached", "value": "-5"}
    ],
    "fms-2023-06-kobo.csv": [],
    "fms-2023-07-kobo.csv": [
        {  # a minor interviewed: the form allows ages 18 to 99
            "_uuid": "demo-bad-submission-1",
            "survey_date": "2023-07-11",
            "fmp": "lajas_blancas",
            "consent": "yes",
            "previously_surveyed": "no",
            "sex": "female",
            "age": "16",
            "nationality": "VEN",
        }
    ],
    TRANSITS_FILE: [
        {"month": "2023-08", "group": "adolescentes", "count": "6120"}  # not an SNM group
    ],
}


def kind_rows(data: DemoData) -> dict[str, list[dict[str, object]]]:
    """The generated records, row by row, under the import columns' names."""
    people = {row["id"]: row for row in data["person"]}
    events = {row["id"]: row["record_id"] for row in data["event"]}
    topics: dict[int, list[str]] = {}
    for row in data["event_topic"]:
        topics.setdefault(row["event_id"], []).append(row["topic_code"])

    def person(person_id: int | None) -> dict[str, object] | None:
        return None if person_id is None else people[person_id]

    def key(person_id: int | None) -> str | None:
        return None if person_id is None else people[person_id]["person_key"]

    services = [
        service_row(r, people[r["person_id"]], people[r["person_id"]]["person_key"])
        for r in data["service_record"]
    ]
    event_rows = [event_row(r, topics.get(r["id"], [])) for r in data["event"]]
    attendance = [
        attendance_row(events[r["event_id"]], r, person(r["person_id"]), key(r["person_id"]))
        for r in data["attendance"]
    ]
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
    rounds = {row["code"]: row["id"] for row in data["survey_round"]}
    written = []
    for file_name, kind_name in FILES.items():
        path, bad = folder / file_name, BAD_ROWS[file_name]
        if kind_name == "survey-responses":
            code = SURVEY_FILES[file_name]
            _write_kobo_export(path, data, rounds[code], bad)
            written.append(DemoFile(kind_name, path, len(bad), round=code))
            continue
        if kind_name == "transits":
            _write_snm_table(path, data["transit_count"], bad)
            written.append(DemoFile(kind_name, path, len(bad)))
            continue
        kind = get_kind(kind_name)
        names = [c.name for c in kind.columns]
        table = [[cell_text(row.get(n)) for n in names] for row in rows[kind_name]]
        # bad rows in the middle of the file, where a clerk's typing errors would be
        middle = len(table) // 2
        table[middle:middle] = [[row.get(n, "") for n in names] for row in bad]
        header = [[c.label_en for c in kind.columns], [c.hxl for c in kind.columns]]
        if path.suffix == ".csv":
            with path.open("w", encoding="utf-8", newline="") as fh:
                csv.writer(fh).writerows(header + table)
        else:
            _write_xlsx(path, kind.name, header + table)
        written.append(DemoFile(kind_name, path, len(bad)))
    return written


def _write_kobo_export(path: Path, data: DemoData, round_id: int, bad: list[dict]) -> None:
    """One round's submissions as KoboToolbox exports them to CSV (see the module doc)."""
    from opsreport.demo.survey import fms_form

    form = fms_form()
    responses = [r for r in data["survey_response"] if r["round_id"] == round_id]
    given: dict[int, dict[str, list[str]]] = {r["id"]: {} for r in responses}
    for answer in data["survey_answer"]:
        if answer["response_id"] in given:
            given[answer["response_id"]].setdefault(answer["question"], []).append(answer["value"])
    asked = {a["question"] for a in data["survey_answer"]}
    questions = [q for q in form.questions if q.name in asked]
    header: list[str] = []
    for q in questions:
        header.append(q.path)
        if q.type == "select_multiple":
            header += [f"{q.path}/{c.name}" for c in q.choices]
    header += ["_id", "_uuid", "_submission_time", "_validation_status", "__version__", "_index"]

    def line(answers: dict[str, list[str]], uuid: str, number: int, day: str) -> list[str]:
        cells = []
        for q in questions:
            values = answers.get(q.name, [])
            order = [c.name for c in q.choices]
            if q.type == "select_multiple":
                values = sorted(values, key=order.index)
            cells.append(" ".join(values))
            if q.type == "select_multiple":
                cells += [("1" if c in values else "0") if values else "" for c in order]
        # Kobo's own numbering; the time of sending is the evening of the interview
        submitted = f"{day}T{17 + number % 5:02d}:{number * 7 % 60:02d}:00"
        return cells + [str(240_000 + number), uuid, submitted, "", form.version, str(number)]

    lines = [
        line(given[r["id"]], r["uuid"], index, r["survey_date"].isoformat())
        for index, r in enumerate(responses, start=1)
    ]
    middle = len(lines) // 2
    lines[middle:middle] = [
        line(
            {k: [v] for k, v in row.items() if not k.startswith("_")},
            row["_uuid"],
            len(lines) + n,
            row["survey_date"],
        )
        for n, row in enumerate(bad, start=1)
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([header, *lines])


def _write_snm_table(path: Path, counts: list[dict], bad: list[dict]) -> None:
    """The year's crossings as the SNM shares them (see the module docstring)."""
    lines = [
        [
            f"{row['month']:%Y-%m}",
            row["nationality"] or "",
            GROUP_WORDS_ES.get(row["group"] or "", ""),
            str(row["count"]),
        ]
        for row in counts
    ]
    middle = len(lines) // 2
    lines[middle:middle] = [[row.get(n, "") for n in TRANSITS_HEADERS] for row in bad]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([TRANSITS_TITLE])
        writer.writerows([list(TRANSITS_HEADERS.values()), *lines])


def _write_xlsx(path: Path, title: str, lines: list[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for line in lines:
        sheet.append([cell if cell != "" else None for cell in line])
    book.save(path)
