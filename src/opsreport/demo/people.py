"""Plausible people for the demo: who is served, trained or surveyed, and when.

Each population group has its own mix of nationality, sex and age, drawn from what the
mission sees in 2023: people crossing the Darién are mostly Venezuelan, then Ecuadorian,
Haitian, Chinese and Colombian, and many travel with children; migrants residing in
Panama are mostly Venezuelan, Colombian, Nicaraguan and Cuban. A person gets a birth date
(kept here, never stored: the store keeps ``birth_year``) so that the age written on each
record is the true age on that record's date.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

# nationality -> weight, per population group
NATIONALITIES = {
    "migrant-transit": {
        "VEN": 55,
        "ECU": 14,
        "HTI": 10,
        "CHN": 7,
        "COL": 5,
        "PER": 2,
        "CHL": 2,
        "BRA": 1.5,
        "IND": 1.5,
        "AFG": 1,
        "CMR": 1,
    },
    "migrant-residing": {"VEN": 50, "COL": 25, "NIC": 12, "CUB": 8, "DOM": 3, "HTI": 2},
    "host-community": {"PAN": 1},
    "partner-staff": {"PAN": 92, "COL": 3, "CRI": 2, "VEN": 2, "ESP": 1},
}
# Children born in Chile or Brazil to parents on the move travel with those passports.
CHILD_ONLY_NATIONALITIES = {"CHL", "BRA"}

# (lowest age, highest age, weight) per population group and purpose
AGE_BANDS = {
    "migrant-transit": [(0, 4, 9), (5, 11, 8), (12, 17, 5), (18, 59, 76), (60, 80, 2)],
    "migrant-residing": [(18, 29, 30), (30, 44, 40), (45, 59, 22), (60, 78, 8)],
    "workshop": [(12, 17, 8), (18, 29, 28), (30, 44, 35), (45, 59, 20), (60, 80, 9)],
    "host-community": [(12, 17, 10), (18, 29, 25), (30, 44, 30), (45, 59, 22), (60, 80, 13)],
    "partner-staff": [(23, 29, 20), (30, 44, 50), (45, 63, 30)],
}
# share of women among adults of the group (children are half and half)
FEMALE_SHARE = {
    "migrant-transit": 0.40,
    "migrant-residing": 0.55,
    "host-community": 0.60,
    "partner-staff": 0.55,
}


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years between a birth date and a day."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def day_in_month(rng: random.Random, year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first + dt.timedelta(days=rng.randrange((following - first).days))


def months_between(first: int, last: int, skip: tuple[int, ...] = ()) -> list[int]:
    return [month for month in range(first, last + 1) if month not in skip]


@dataclass
class People:
    """The people of the demo, created as they are first met, with raw demo identifiers.

    ``rows`` are ``person`` table rows whose ``person_key`` still holds the raw demo
    identifier; :func:`opsreport.demo.build_demo` replaces it with the keyed hash.
    """

    rng: random.Random
    rows: list[dict] = field(default_factory=list)
    births: dict[int, dt.date] = field(default_factory=dict)

    def new(self, group: str, first_seen: dt.date, ages: str | None = None) -> int:
        """A new person of ``group`` first met on ``first_seen``; returns the person id."""
        rng = self.rng
        nationality = _pick(rng, NATIONALITIES[group])
        bands = AGE_BANDS[ages or group]
        if nationality in CHILD_ONLY_NATIONALITIES:
            bands = [(0, 4, 1), (5, 10, 1)]
        low, high, _ = _pick_band(rng, bands)
        age = rng.randint(low, high)
        female = FEMALE_SHARE[group] if age >= 18 else 0.5
        sex = "female" if rng.random() < female else "male"
        if rng.random() < 0.004:
            sex = "other"
        birth = first_seen - dt.timedelta(days=int(age * 365.25) + rng.randrange(365))
        while age_on(birth, first_seen) > age:  # leap days: keep the age drawn
            birth += dt.timedelta(days=1)
        while age_on(birth, first_seen) < age:
            birth -= dt.timedelta(days=1)
        person_id = len(self.rows) + 1
        self.rows.append(
            {
                "id": person_id,
                "person_key": f"DEMO-PERSON-{person_id:06d}",
                "sex": sex,
                "birth_year": birth.year,
                "nationality": nationality,
                "population_group_code": group,
            }
        )
        self.births[person_id] = birth
        return person_id

    def drawing_from(self, rng: random.Random) -> People:
        """The same people (new ones get the next ids) drawn with another random stream."""
        return People(rng, self.rows, self.births)

    def age(self, person_id: int, day: dt.date) -> int:
        return age_on(self.births[person_id], day)

    def group(self, person_id: int) -> str:
        return self.rows[person_id - 1]["population_group_code"]


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _pick_band(rng: random.Random, bands: list[tuple[int, int, float]]) -> tuple:
    return rng.choices(bands, weights=[band[2] for band in bands])[0]


def split_total(rng: random.Random, total: int, parts: int, spread: float = 0.5) -> list[int]:
    """``total`` split into ``parts`` positive whole numbers of similar size that sum to it."""
    weights = [1 + spread * (rng.random() - 0.5) * 2 for _ in range(parts)]
    scale = total / sum(weights)
    shares = [max(1, int(w * scale)) for w in weights]
    shares[-1] += total - sum(shares)
    if shares[-1] < 1:
        raise ValueError("cannot split so small a total into so many parts")
    return shares
