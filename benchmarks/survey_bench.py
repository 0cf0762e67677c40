"""How fast a large Kobo export of the FMS imports, and how fast its results come back.

Why: a regional DTM office imports every round of several countries; a round of tens of
thousands of interviews must import in seconds and its results (every choice question,
broken down) must not loop over responses. Two measurements, each against a floor taken
in the same run on the same machine:

* import: :func:`opsreport.ingest.import_file` with the ``survey-responses`` kind (header
  matching, choice checks, screening, idempotent upsert by ``_uuid``) against the floor of
  reading the same CSV with the ``csv`` module and inserting responses and answer rows
  with plain ``executemany``, no checks at all;
* results: :func:`opsreport.survey.results.round_results` for every question of the form
  (and ``--by province``) against one hand-written ``GROUP BY`` query of the answers.

    .venv/bin/python benchmarks/survey_bench.py --sizes 10000 50000 --repeat 3

Medians of the repeats are printed; each repeat uses a fresh SQLite store.
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

MISSION = Path(__file__).resolve().parents[1] / "src/opsreport/demo/panama-mission.yaml"


def write_export(path: Path, size: int, seed: int = 7) -> None:
    """A Kobo-shaped export: group paths, multiple choices as names plus 0/1 columns."""
    from opsreport.survey import load_instrument

    form = load_instrument("fms")
    rng = random.Random(seed)
    fixed = {"survey_date", "consent", "previously_surveyed", "age"}
    asked = [q for q in form.questions if q.is_select and q.asked and q.name not in fixed]
    headers = ["metadata/survey_date", "metadata/consent", "metadata/previously_surveyed",
               "respondent/age"]  # fmt: skip
    for q in asked:
        headers.append(q.path)
        if q.type == "select_multiple":
            headers += [f"{q.path}/{c.name}" for c in q.choices]
    headers += ["journey/days_in_jungle", "_uuid"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for i in range(size):
            row = [f"2023-07-{rng.randint(1, 28):02d}", "yes" if rng.random() > 0.03 else "no",
                   "no", str(rng.randint(18, 70))]  # fmt: skip
            for q in asked:
                names = [c.name for c in q.choices]
                if q.type == "select_multiple":
                    picked = rng.sample(names, min(len(names), rng.randint(1, 3)))
                    row.append(" ".join(picked))
                    row += ["1" if n in picked else "0" for n in names]
                else:
                    row.append(rng.choice(names))
            row += [str(rng.randint(1, 10)), f"uuid-{i:08d}"]
            writer.writerow(row)


def fresh_store(folder: Path):
    from opsreport.mission import apply_mission_file, load_mission_file
    from opsreport.store import open_store

    store = open_store(f"sqlite:///{folder / 'bench.db'}")
    store.migrate()
    apply_mission_file(store, load_mission_file(MISSION))
    return store


def time_import(export: Path) -> tuple[float, object]:
    from opsreport.ingest import import_file
    from opsreport.ingest.kinds.survey_responses import survey_responses_kind

    folder = Path(tempfile.mkdtemp(prefix="survey-bench-"))
    store = fresh_store(folder)
    began = time.perf_counter()
    report = import_file(store, export, survey_responses_kind(round_code="bench"))
    elapsed = time.perf_counter() - began
    assert report.rows_rejected == 0, report.issues[:3]
    return elapsed, store


def time_floor(export: Path) -> float:
    """Responses and answers inserted as read: no header matching, no checks, no upsert."""
    folder = Path(tempfile.mkdtemp(prefix="survey-floor-"))
    store = fresh_store(folder)
    db = store.url.removeprefix("sqlite:///")
    store.engine.dispose()
    began = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute(
        "INSERT INTO survey_instrument (code, version, title_en, title_es) VALUES ('f','1','','')"
    )
    con.execute(
        "INSERT INTO survey_round (code, instrument_id, fieldwork_start, fieldwork_end, "
        "provinces) VALUES ('floor', 1, '2023-07-01', '2023-07-28', '')"
    )
    with export.open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        headers = next(reader)
        plain = [i for i, h in enumerate(headers) if h.count("/") <= 1 and h != "_uuid"]
        responses, answers = [], []
        for number, row in enumerate(reader, start=1):
            responses.append((number, 1, row[-1], row[0], row[1] == "no"))
            for i in plain:
                for value in row[i].split():
                    answers.append((number, headers[i].rsplit("/", 1)[-1], value))
    con.executemany(
        "INSERT INTO survey_response (id, round_id, uuid, survey_date, screened_out, consent, "
        "previously_surveyed, weight) VALUES (?, ?, ?, ?, ?, 1, 0, 1)",
        responses,
    )
    con.executemany(
        "INSERT INTO survey_answer (response_id, question, value) VALUES (?, ?, ?)", answers
    )
    con.commit()
    con.close()
    return time.perf_counter() - began


def time_results(store) -> tuple[float, float, float]:
    from sqlalchemy import text

    from opsreport.survey.results import round_results

    began = time.perf_counter()
    round_results(store, "bench")
    everything = time.perf_counter() - began
    began = time.perf_counter()
    round_results(store, "bench", by="province")
    by_province = time.perf_counter() - began
    began = time.perf_counter()
    with store.engine.connect() as conn:
        conn.execute(
            text(
                "SELECT a.question, a.value, COUNT(DISTINCT a.response_id) FROM survey_answer a "
                "JOIN survey_response r ON r.id = a.response_id WHERE NOT r.screened_out "
                "GROUP BY a.question, a.value"
            )
        ).all()
    floor = time.perf_counter() - began
    return everything, by_province, floor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for size in args.sizes:
        export = Path(tempfile.mkdtemp(prefix="survey-export-")) / f"fms-{size}.csv"
        write_export(export, size)
        imports, floors, results, by, query = [], [], [], [], []
        for _ in range(args.repeat):
            elapsed, store = time_import(export)
            imports.append(elapsed)
            floors.append(time_floor(export))
            everything, by_province, floor = time_results(store)
            results.append(everything)
            by.append(by_province)
            query.append(floor)
        imp, flo = statistics.median(imports), statistics.median(floors)
        res, byp, qry = statistics.median(results), statistics.median(by), statistics.median(query)
        print(
            f"{size:>7,} responses: import {imp:6.2f}s ({size / imp:8,.0f}/s), floor "
            f"{flo:5.2f}s, ratio {imp / flo:4.1f}x | results {res:5.2f}s, by province "
            f"{byp:5.2f}s, one GROUP BY {qry:5.2f}s, ratio {res / qry:4.1f}x"
        )


if __name__ == "__main__":
    main()
