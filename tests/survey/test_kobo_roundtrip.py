"""Acceptance: the demo's survey answers, exported the way Kobo exports them, import into
a store and give the same D0–D4 figures (with n and intervals) as the demo itself."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from opsreport.demo import generate
from opsreport.indicators import compute
from opsreport.ingest import import_file
from opsreport.ingest.kinds.survey_responses import survey_responses_kind
from opsreport.survey import load_instrument, round_summaries

MISSION = Path(__file__).resolve().parents[2] / "src/opsreport/demo/panama-mission.yaml"
IDS = [
    "fms-round",
    "fms-main-info-family",
    "fms-no-regular-pathways",
    "fms-not-enough-info-danger",
    "fms-not-enough-info-insecurity",
    "fms-not-enough-info-difficulty",
    "fms-main-reason-ranking",
]


def kobo_exports(folder: Path) -> dict[str, Path]:
    """One CSV per round, in Kobo's shape: group paths, multiple choices as space-separated
    names plus one 0/1 column per choice, consent and screening answers, _uuid."""
    data = generate()
    form = load_instrument("fms")
    rounds = {r["id"]: r["code"] for r in data["survey_round"]}
    answers: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in data["survey_answer"]:
        answers[row["response_id"]][row["question"]].append(row["value"])
    asked = [q for q in form.questions if q.name in {a["question"] for a in data["survey_answer"]}]
    headers = ["metadata/survey_date", "metadata/fmp", "metadata/consent",
               "metadata/previously_surveyed", "respondent/sex"]  # fmt: skip
    for q in asked:
        if q.name in ("fmp", "consent", "previously_surveyed", "sex", "survey_date"):
            continue
        headers.append(q.path)
        if q.type == "select_multiple":
            headers += [f"{q.path}/{c.name}" for c in q.choices]
    headers += ["_id", "_uuid", "_submission_time"]
    files: dict[str, list[list[str]]] = defaultdict(list)
    for response in data["survey_response"]:
        given = answers[response["id"]]
        cells = {
            "metadata/survey_date": response["survey_date"].isoformat(),
            "metadata/fmp": response["fmp"] or "",
            "metadata/consent": "yes" if response["consent"] else "no",
            "metadata/previously_surveyed": "yes" if response["previously_surveyed"] else "no",
            "respondent/sex": response["sex"] if not response["screened_out"] else "",
            "_id": str(response["id"]),
            "_uuid": response["uuid"],
            "_submission_time": f"{response['survey_date'].isoformat()}T12:00:00",
        }
        for q in asked:
            values = given.get(q.name, [])
            cells[q.path] = " ".join(values)
            if q.type == "select_multiple" and values:
                for c in q.choices:
                    cells[f"{q.path}/{c.name}"] = "1" if c.name in values else "0"
        files[rounds[response["round_id"]]].append([cells.get(h, "") for h in headers])
    paths = {}
    for code, rows in files.items():
        paths[code] = folder / f"{code}.csv"
        with paths[code].open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([headers, *rows])
    return paths


def test_a_kobo_export_of_the_demo_rounds_gives_the_demo_figures(sqlite_store, demo_store,
                                                                  tmp_path):  # fmt: skip
    from opsreport.mission import apply_mission_file, load_mission_file

    apply_mission_file(sqlite_store, load_mission_file(MISSION))
    for code, path in sorted(kobo_exports(tmp_path).items()):
        report = import_file(sqlite_store, path, survey_responses_kind(round_code=code))
        assert report.rows_rejected == 0, report.issues[:3]
        again = import_file(sqlite_store, path, survey_responses_kind(round_code=code))
        assert again.inserted == 0 and again.unchanged == again.rows_read
    imported = {s.code: s for s in round_summaries(sqlite_store)}
    demo = {s.code: s for s in round_summaries(demo_store)}
    assert {c: (s.responses, s.screened_out) for c, s in imported.items()} == {
        c: (s.responses, s.screened_out) for c, s in demo.items()
    }
    got = compute(sqlite_store, "2023-08..2023-09", ids=IDS)
    want = compute(demo_store, "2023-08..2023-09", ids=IDS)
    assert got["fms-round"].meta["round"] == want["fms-round"].meta["round"]
    for name in IDS[1:6]:
        assert got[name].share == want[name].share, name  # numerator, n and interval
        assert got[name].share.n > 0
    assert [i.code for i in got["fms-main-reason-ranking"].items] == [
        i.code for i in want["fms-main-reason-ranking"].items
    ]
    assert (
        got["fms-main-reason-ranking"].meta["previous_top"]
        == (want["fms-main-reason-ranking"].meta["previous_top"])
    )
