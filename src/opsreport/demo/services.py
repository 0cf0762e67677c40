"""Service records of the demo: legal orientation, medical care, psychosocial support, kits.

The two figures built from services are counts of *distinct people* (S1 legal orientation
to migrants residing in Panama, S3 medical care to migrants in transit at the ETRMs), so
the records are made to trap a careless count: people come back two or three times, some
were also served in July or October, some are served in both August and September (a sum
of monthly counts over-counts), and medical care is also given away from the ETRMs and to
people who are not in transit, which must not count.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from opsreport.demo import targets
from opsreport.demo.people import People, day_in_month, months_between

ETRMS = {"etrm-lajas-blancas": 45, "etrm-san-vicente": 30, "etrm-los-planes": 25}
LEGAL_SITES = {
    "pty-legal-desk": 55,
    "pty-office": 15,
    "san-miguelito-community": 10,
    "arraijan-community": 8,
    "colon-community": 6,
    "david-community": 6,
}
LEGAL_TOPICS = {"legal-migration": 55, "legal-work": 30, "legal-family": 15}
KIT_SITES = {
    "etrm-lajas-blancas": 35,
    "etrm-san-vicente": 25,
    "etrm-los-planes": 20,
    "fmp-bajo-chiquito": 20,
}
OUTSIDE_PERIOD_MONTHS = months_between(1, 10, skip=(8, 9))
AUGUST, SEPTEMBER = 8, 9


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _in_period(day: dt.date) -> bool:
    return targets.PERIOD_START <= day <= targets.PERIOD_END


@dataclass
class Services:
    """Writes ``service_record`` rows; the person's group and age come from the person."""

    rng: random.Random
    people: People
    rows: list[dict] = field(default_factory=list)

    def add(
        self, person_id: int, activity: str, day: dt.date, site: str, topic: str | None = None
    ) -> None:
        self.rows.append(
            {
                "id": len(self.rows) + 1,
                "record_id": f"demo-service-{len(self.rows) + 1:06d}",
                "person_id": person_id,
                "activity_code": activity,
                "service_date": day,
                "site_code": site,
                "population_group_code": self.people.group(person_id),
                "topic_code": topic,
                "age_years": self.people.age(person_id, day),
            }
        )

    # ------------------------------------------------------------------ legal orientation

    def legal_orientation(self) -> None:
        """S1: exactly the target number of residing migrants served in the period."""
        rng = self.rng
        sites, topics = list(LEGAL_SITES), list(LEGAL_TOPICS)
        for index in range(targets.LEGAL_ORIENTATION_RESIDING):
            visits = rng.choices((1, 2, 3), weights=(62, 28, 10))[0]
            if visits == 1:
                days = [_period_day(rng)]
            elif index % 3:  # most returning people come back the following month
                days = [day_in_month(rng, 2023, AUGUST), day_in_month(rng, 2023, SEPTEMBER)]
                days += [_period_day(rng) for _ in range(visits - 2)]
            else:
                month = rng.choice((AUGUST, SEPTEMBER))
                days = [day_in_month(rng, 2023, month) for _ in range(visits)]
            if rng.random() < 0.12:
                days.append(day_in_month(rng, 2023, 7))
            if rng.random() < 0.10:
                days.append(day_in_month(rng, 2023, 10))
            days.sort()
            person = self.people.new("migrant-residing", days[0])
            # the first people visit each site and raise each topic, so all are listed
            site = sites[index] if index < len(sites) else _weighted(rng, LEGAL_SITES)
            for visit, day in enumerate(days):
                topic = topics[index] if index < len(topics) and visit == 0 else None
                self.add(
                    person, "legal-orientation", day, site, topic or _weighted(rng, LEGAL_TOPICS)
                )
        for month in OUTSIDE_PERIOD_MONTHS:  # people served only outside the period
            for _ in range(rng.randint(35, 55)):
                day = day_in_month(rng, 2023, month)
                person = self.people.new("migrant-residing", day)
                site = _weighted(rng, LEGAL_SITES)
                self.add(person, "legal-orientation", day, site, _weighted(rng, LEGAL_TOPICS))
                again = day + dt.timedelta(days=rng.randint(7, 40))
                # a visitor of July coming back in August would count: they come back later
                if rng.random() < 0.2 and not _in_period(again) and again <= targets.DATA_END:
                    self.add(person, "legal-orientation", again, site, _weighted(rng, LEGAL_TOPICS))
        for _ in range(6):  # migrants in transit asking at an ETRM: not residing, not S1
            day = _period_day(rng)
            person = self.people.new("migrant-transit", day)
            self.add(person, "legal-orientation", day, _weighted(rng, ETRMS), "legal-migration")

    # ------------------------------------------------------------------ medical care

    def medical_care(self) -> list[tuple[int, dt.date, str]]:
        """S3: exactly the target number of people in transit cared for at ETRMs.

        Returns the (person, day, site) of the first visits, for the kits and support
        those people also receive.
        """
        rng = self.rng
        first_visits = []
        for index in range(targets.MEDICAL_CARE_TRANSIT_ETRM):
            if index == 0:  # arrived on the last day of July, seen again the next day
                days = [dt.date(2023, 7, 31), dt.date(2023, 8, 1)]
            elif index == 1:  # seen on the period's last day
                days = [targets.PERIOD_END]
            else:
                days = [_period_day(rng)]
                for _ in range(rng.choices((0, 1, 2), weights=(78, 18, 4))[0]):
                    days.append(days[-1] + dt.timedelta(days=rng.randint(0, 3)))
            site = _weighted(rng, ETRMS)
            person = self.people.new("migrant-transit", days[0])
            for visit, day in enumerate(days):
                # people go on from Darién to Chiriquí: a later visit may be at Los Planes
                if visit and site != "etrm-los-planes" and rng.random() < 0.3:
                    site = "etrm-los-planes"
                self.add(person, "medical-care", day, site)
            first_visits.append((person, days[0], site))
        for month in OUTSIDE_PERIOD_MONTHS:
            for _ in range(rng.randint(70, 110)):
                day = day_in_month(rng, 2023, month)
                site = _weighted(rng, ETRMS)
                person = self.people.new("migrant-transit", day)
                self.add(person, "medical-care", day, site)
                again = day + dt.timedelta(days=rng.randint(0, 3))
                if rng.random() < 0.15 and again.month == month:
                    self.add(person, "medical-care", again, site)
        # in the period, but not S3: away from an ETRM, or not a migrant in transit
        for _ in range(20):
            day = _period_day(rng)
            self.add(
                self.people.new("migrant-transit", day), "medical-care", day, "fmp-bajo-chiquito"
            )
        for _ in range(10):
            day = _period_day(rng)
            self.add(
                self.people.new("migrant-residing", day), "medical-care", day, "david-community"
            )
        for _ in range(6):
            day = _period_day(rng)
            self.add(
                self.people.new("host-community", day), "medical-care", day, "etrm-lajas-blancas"
            )
        return first_visits

    # ------------------------------------------------------------------ other services

    def support_and_kits(self, cared_for: list[tuple[int, dt.date, str]]) -> None:
        """Psychosocial support and hygiene kits, partly to people also given medical care."""
        rng = self.rng
        for person, day, site in cared_for:
            if rng.random() < 0.5:
                self.add(person, "hygiene-kit", day, site)
            if rng.random() < 0.15:
                self.add(person, "psychosocial-support", day, site)
        for month in months_between(1, 10):
            for _ in range(rng.randint(40, 70)):
                day = day_in_month(rng, 2023, month)
                site = _weighted(rng, KIT_SITES)
                if 3 <= month <= 5 and rng.random() < 0.25:
                    site = "fmp-canaan-membrillo"  # a station open only in the spring
                self.add(self.people.new("migrant-transit", day), "hygiene-kit", day, site)
            for _ in range(rng.randint(12, 20)):
                day = day_in_month(rng, 2023, month)
                person = self.people.new("migrant-transit", day)
                self.add(person, "psychosocial-support", day, _weighted(rng, ETRMS))
            for _ in range(rng.randint(6, 12)):
                day = day_in_month(rng, 2023, month)
                person = self.people.new("migrant-residing", day)
                self.add(person, "psychosocial-support", day, "san-miguelito-community")


def _period_day(rng: random.Random) -> dt.date:
    span = (targets.PERIOD_END - targets.PERIOD_START).days
    return targets.PERIOD_START + dt.timedelta(days=rng.randint(0, span))
