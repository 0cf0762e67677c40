"""The staff roster of the demo, with people who left before and join after the period.

P3 counts who is on the roster on the period's last day, so the roster also holds former
staff (an end date before that day, one the day before), staff whose contract ends on
that very day (still counted), and recruits starting after it (not yet counted).
"""

from __future__ import annotations

import datetime as dt
import random

from opsreport.demo import targets

# International staff of the country mission itself; the rest are in PAC and the OSE.
MISSION_INTERNATIONAL = 6
# Share of the non-mission staff who work for the Panama Administrative Centre.
PAC_SHARE = 0.69
OFFICES = {
    "mission": ("pty-country-office", "meteti-sub-office"),
    "PAC": ("pty-administrative-centre",),
    "OSE": ("pty-special-envoy",),
}
EARLIEST_START = {
    "pty-country-office": dt.date(2005, 1, 1),
    "meteti-sub-office": dt.date(2019, 2, 1),
    "pty-administrative-centre": dt.date(2008, 3, 1),
    "pty-special-envoy": dt.date(2018, 9, 1),
}


def _day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def staff_roster(rng: random.Random) -> list[dict]:
    """``staff_member`` rows; ``staff_key`` holds the raw demo identifier until written."""
    end = targets.PERIOD_END
    national_rest = targets.STAFF_NATIONAL - (targets.STAFF_MISSION - MISSION_INTERNATIONAL)
    international_rest = targets.STAFF_INTERNATIONAL - MISSION_INTERNATIONAL
    pac_national = round(national_rest * PAC_SHARE)
    pac_international = round(international_rest * PAC_SHARE)
    on_roster = [
        ("mission", "national", targets.STAFF_MISSION - MISSION_INTERNATIONAL),
        ("mission", "international", MISSION_INTERNATIONAL),
        ("PAC", "national", pac_national),
        ("PAC", "international", pac_international),
        ("OSE", "national", national_rest - pac_national),
        ("OSE", "international", international_rest - pac_international),
    ]
    rows: list[dict] = []

    def add(unit: str, category: str, start: dt.date, finish: dt.date | None) -> None:
        office = rng.choice(OFFICES[unit])
        start = max(start, EARLIEST_START[office])
        if finish is not None and finish <= start:  # the office opened after that start
            finish = min(start + dt.timedelta(days=400), targets.PERIOD_END - dt.timedelta(2))
        rows.append(
            {
                "id": len(rows) + 1,
                "staff_key": f"DEMO-STAFF-{len(rows) + 1:04d}",
                "category": category,
                "unit": unit,
                "office_code": office,
                "start_date": start,
                "end_date": finish,
            }
        )

    for unit, category, count in on_roster:
        for _ in range(count):
            start = _day_between(rng, dt.date(2006, 1, 1), dt.date(2023, 9, 1))
            finish = None
            if category == "international" or rng.random() < 0.3:  # fixed-term contracts
                finish = _day_between(rng, dt.date(2023, 12, 31), dt.date(2025, 12, 31))
            add(unit, category, start, finish)
    rows[0]["end_date"] = end  # a contract ending on the very day: still on the roster
    rows[1]["start_date"] = end  # and one starting on it
    for _ in range(34):  # former staff
        unit = rng.choices(list(OFFICES), weights=(20, 55, 25))[0]
        category = rng.choices(("national", "international"), weights=(75, 25))[0]
        start = _day_between(rng, dt.date(2009, 1, 1), dt.date(2022, 6, 30))
        finish = _day_between(rng, start + dt.timedelta(days=180), end - dt.timedelta(days=2))
        add(unit, category, start, finish)
    add("mission", "national", dt.date(2021, 4, 1), end - dt.timedelta(days=1))
    for _ in range(8):  # recruits who join after the period
        unit = rng.choices(list(OFFICES), weights=(30, 50, 20))[0]
        category = rng.choices(("national", "international"), weights=(70, 30))[0]
        add(
            unit,
            category,
            _day_between(rng, end + dt.timedelta(days=1), dt.date(2023, 12, 1)),
            None,
        )
    return rows
