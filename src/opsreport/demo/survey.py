"""Flow Monitoring Survey of the demo: the instrument, the June and July rounds, answers.

D1..D4 are shares among the respondents of the latest round who answered a question, so
the answers of the July round are dealt out in exact numbers: the count of each target
answer is the one whose share rounds to the target percentage. A few respondents skip
each question (no answer row), and some are screened out (no consent, or interviewed
before): they are kept, with no answers beyond the interview's date, the FMP and the
screening questions. The rows are those the importer makes of the rounds' Kobo exports
(:mod:`opsreport.demo.files` writes them): the date, FMP, sex, age and nationality are
answers as well as columns of the response, and a screened-out response has no sex, age
or nationality. The June round
has its own numbers, with the same top reason for leaving, so the report can say the
economic reasons "continue to be" the main motivation.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import uuid

from opsreport.demo import targets
from opsreport.demo.people import NATIONALITIES
from opsreport.survey.instrument import Instrument, load_instrument

FMPS = {
    "lajas_blancas": 30,
    "san_vicente": 25,
    "los_planes_gualaca": 20,
    "bajo_chiquito": 15,
    "canaan_membrillo": 10,
}
FMP_PROVINCE = {"los_planes_gualaca": "PA02"}  # every other FMP is in Darién, PA05
INFO_SOURCES = (
    "family_friends_migrated",
    "social_media",
    "smugglers_guides",
    "news",
    "ngo_un",
    "government",
    "other",
)
REASONS = (
    "economic",
    "insecurity_violence",
    "political",
    "persecution",
    "family_reunification",
    "lack_services",
    "discrimination",
    "disaster_climate",
    "other",
)
NEEDS = (
    "food",
    "water",
    "health",
    "shelter",
    "cash",
    "information",
    "transport",
    "hygiene",
    "documentation",
    "legal",
    "psychosocial",
)
INCIDENTS = (
    "robbery",
    "assault",
    "sexual_violence",
    "extortion",
    "detention",
    "witnessed_death",
    "none",
    "prefer_not_say",
)
YES_NO_DK = ("yes", "no", "dont_know")


# Per round: respondents, fieldwork, target shares (%) and main-reason weights.
ROUNDS = {
    "fms-2023-06": {
        "respondents": 262,
        "fieldwork": (dt.date(2023, 6, 5), dt.date(2023, 6, 23)),
        "main_info_family": 73,
        "no_regular_pathways": 57,
        "not_enough_info": {"danger": 63, "insecurity": 68, "difficulty": 59},
        "reasons": (52, 25, 8, 5, 3, 4, 1.6, 1, 0.4),
    },
    targets.FMS_ROUND: {
        "respondents": 314,
        "fieldwork": (dt.date(2023, 7, 3), dt.date(2023, 7, 21)),
        "main_info_family": targets.FMS_MAIN_INFO_FAMILY_PCT,
        "no_regular_pathways": targets.FMS_NO_REGULAR_PATHWAYS_PCT,
        "not_enough_info": targets.FMS_NOT_ENOUGH_INFO_PCT,
        "reasons": (56, 22, 7, 5, 3, 4, 1.5, 1, 0.5),
    },
}


@functools.cache
def fms_form() -> Instrument:
    """The shipped FMS form, read once a process: generating, emitting and building use it.

    Reading it parses a long YAML file (about a quarter of a second), so the demo does not
    read it again for each round.
    """
    return load_instrument("fms")


def instrument() -> dict:
    """The ``survey_instrument`` row of the FMS form shipped with opsreport.

    The demo answers the form's own questions with its own choice names, so the
    dashboard can label them; questions the demo leaves out simply have no answers.
    """
    form = fms_form()
    return {
        "id": 1,
        "code": form.code,
        "version": form.version,
        "title_en": form.title("en"),
        "title_es": form.title("es"),
        "form_file": form.form_file,
        "questions": form.questions_json(),
    }


def share_count(percent: int, answered: int) -> int:
    """The number of answers out of ``answered`` whose whole-percent share is ``percent``."""
    count = round(percent * answered / 100)
    for candidate in (count, count - 1, count + 1):
        exact = 100 * candidate / answered
        if abs(exact - percent) < 0.5:
            return candidate
    raise ValueError(f"no count out of {answered} rounds to {percent}%")


def _deal(
    rng: random.Random, answered: int, counts: dict[str, int], rest: dict[str, float]
) -> list[str]:
    """A shuffled list of ``answered`` values: ``counts`` exactly, the rest by weight."""
    remaining = answered - sum(counts.values())
    total = sum(rest.values())
    quotas = {value: remaining * weight / total for value, weight in rest.items()}
    exact = {value: int(quota) for value, quota in quotas.items()}
    by_remainder = sorted(quotas, key=lambda v: quotas[v] - exact[v], reverse=True)
    for value in by_remainder[: remaining - sum(exact.values())]:
        exact[value] += 1
    values = [v for v, n in {**counts, **exact}.items() for _ in range(n)]
    rng.shuffle(values)
    return values


def _answering(rng: random.Random, eligible: list[int]) -> list[int]:
    """The respondents who answer a question: a few skip it."""
    skipped = set(rng.sample(eligible, rng.randint(2, 7)))
    return [response for response in eligible if response not in skipped]


def survey_rows(rng: random.Random) -> dict[str, list[dict]]:
    rounds, responses, answers = [], [], []

    def answer(response_id: int, question: str, value: str) -> None:
        answers.append(
            {
                "id": len(answers) + 1,
                "response_id": response_id,
                "question": question,
                "value": value,
            }
        )

    adults = {k: v for k, v in NATIONALITIES["migrant-transit"].items() if k not in ("CHL", "BRA")}
    for round_id, (code, spec) in enumerate(ROUNDS.items(), start=1):
        start, end = spec["fieldwork"]
        rounds.append(
            {
                "id": round_id,
                "code": code,
                "instrument_id": 1,
                "fieldwork_start": start,
                "fieldwork_end": end,
                "provinces": targets.FMS_PROVINCES,
            }
        )
        eligible = []
        for _ in range(spec["respondents"]):
            response_id = len(responses) + 1
            fmp = rng.choices(list(FMPS), weights=list(FMPS.values()))[0]
            consent = rng.random() > 0.04
            before = consent and rng.random() < 0.03
            response = {
                "id": response_id,
                "round_id": round_id,
                "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "survey_date": start + dt.timedelta(days=rng.randint(0, (end - start).days)),
                "fmp": fmp,
                "province_pcode": FMP_PROVINCE.get(fmp, "PA05"),
                "sex": rng.choices(("male", "female", "other"), weights=(58, 41, 1))[0],
                "age": min(99, 18 + int(rng.expovariate(1 / 13))),
                "nationality": rng.choices(list(adults), weights=list(adults.values()))[0],
                "consent": consent,
                "previously_surveyed": before,
                "screened_out": not consent or before,
                "weight": 1.0,
            }
            responses.append(response)
            answer(response_id, "survey_date", response["survey_date"].isoformat())
            answer(response_id, "fmp", fmp)
            answer(response_id, "consent", "yes" if consent else "no")
            if consent:
                answer(response_id, "previously_surveyed", "yes" if before else "no")
            if response["screened_out"]:  # the form asks nothing more (drawn all the same)
                response.update(sex=None, age=None, nationality=None)
            else:
                for question in ("sex", "age", "nationality"):
                    answer(response_id, question, str(response[question]))
                eligible.append(response_id)
        _information(rng, spec, eligible, answer)
        _journey(rng, spec, eligible, answer)
    return {
        "survey_instrument": [instrument()],
        "survey_round": rounds,
        "survey_response": responses,
        "survey_answer": answers,
    }


def _information(rng, spec: dict, eligible: list[int], answer) -> None:
    who = _answering(rng, eligible)
    family = share_count(spec["main_info_family"], len(who))
    rest = dict(zip(INFO_SOURCES[1:], (40, 18, 10, 16, 6, 10), strict=True))
    mains = dict(zip(who, _deal(rng, len(who), {INFO_SOURCES[0]: family}, rest), strict=True))
    for response, main in mains.items():
        answer(response, "main_info_source", main)
    for response in _answering(rng, eligible):
        main = mains.get(response)
        others = [s for s in INFO_SOURCES if s != main]
        chosen = {main} if main else set()
        chosen |= set(rng.sample(others, rng.randint(0 if main else 1, 2)))
        for source in INFO_SOURCES:
            if source in chosen:
                answer(response, "info_sources_route", source)
    who = _answering(rng, eligible)
    no = share_count(spec["no_regular_pathways"], len(who))
    for response, value in zip(
        who, _deal(rng, len(who), {"no": no}, {"yes": 70, "dont_know": 30}), strict=True
    ):
        answer(response, "knew_regular_pathways", value)
    for aspect, percent in spec["not_enough_info"].items():
        who = _answering(rng, eligible)
        no = share_count(percent, len(who))
        values = _deal(rng, len(who), {"no": no}, {"yes": 75, "dont_know": 25})
        for response, value in zip(who, values, strict=True):
            answer(response, f"enough_info_{aspect}", value)


def _journey(rng, spec: dict, eligible: list[int], answer) -> None:
    who = _answering(rng, eligible)
    weights = dict(zip(REASONS, spec["reasons"], strict=True))
    mains = dict(zip(who, _deal(rng, len(who), {}, weights), strict=True))
    for response, main in mains.items():
        answer(response, "main_reason_leave", main)
    for response in _answering(rng, eligible):
        main = mains.get(response)
        chosen = {main} if main else {rng.choice(REASONS[:3])}
        chosen |= set(rng.sample(REASONS[:6], rng.randint(0, 2)))
        for reason in REASONS:
            if reason in chosen:
                answer(response, "reasons_leave", reason)
    for response in eligible:
        company = rng.choices(
            ("alone", "family", "friends", "other_migrants"), weights=(25, 55, 10, 10)
        )[0]
        answer(response, "travel_with", company)
        size = {
            "alone": 1,
            "family": rng.randint(2, 8),
            "friends": rng.randint(2, 5),
            "other_migrants": rng.randint(3, 15),
        }[company]
        answer(response, "group_size", str(size))
        answer(
            response,
            "days_in_jungle",
            str(rng.choices(range(2, 9), weights=(5, 20, 30, 22, 12, 7, 4))[0]),
        )
        needs = rng.sample(NEEDS, rng.randint(1, 3))
        for need in NEEDS:
            if need in needs:
                answer(response, "main_needs", need)
    for response in _answering(rng, eligible):
        incident = rng.choices(INCIDENTS, weights=(25, 8, 2, 15, 3, 6, 45, 5))[0]
        chosen = {incident}
        if incident not in ("none", "prefer_not_say") and rng.random() < 0.3:
            chosen.add(rng.choice(INCIDENTS[:6]))
        for value in INCIDENTS:
            if value in chosen:
                answer(response, "incidents_route", value)
