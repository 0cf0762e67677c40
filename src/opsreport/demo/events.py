"""Workshops and trainings of the demo, with their topics and who attended.

S2 and C1 count *distinct participants* over the period, so participants come back to
several sessions (a sum of attendance would over-count). Each participant belongs to one
community (workshops) or one kind of partner (trainings) and attends that one's events.
A few events outside the period carry anonymous head-counts by sex, the way a community
fair is recorded when nobody signs a list.

Workshops grow over the year towards the period's level (:data:`WORKSHOP_LEVEL`), so the
report's "compared with June and July" is a believable change, not a jump from a handful
of sessions. Those extra sessions draw from their own random stream: every draw of the
shared one stays where it was, so the survey, staff and trainings that follow are the
same rows as before the ramp was added.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from opsreport.demo import targets
from opsreport.demo.people import People, day_in_month, months_between

WORKSHOP_SITES = {
    "san-miguelito-community": 22,
    "arraijan-community": 14,
    "la-chorrera-community": 12,
    "colon-community": 14,
    "david-community": 12,
    "meteti-community-centre": 16,
    "pty-office": 10,
}
WORKSHOP_TOPICS = ("c4d", "regularization", "integration")
WORKSHOP_TITLES = {
    "c4d": "Comunicación para el Desarrollo",
    "regularization": "Regularización migratoria",
    "integration": "Integración psicosocial y socioeconómica",
}
TRAINING_AUDIENCES = {"government": 55, "civil-society": 30, "private-sector": 15}
TRAINING_SITES = {
    "pty-office": 60,
    "meteti-community-centre": 15,
    "david-community": 15,
    "colon-community": 10,
}
TRAINING_TOPICS = (
    "trafficking-smuggling",
    "labour-migration",
    "border-management",
    "migration-governance",
    "cccm",
)
TRAINING_TITLES = {
    "trafficking-smuggling": "Trata de personas y tráfico ilícito de migrantes",
    "labour-migration": "Migración laboral",
    "border-management": "Gestión de fronteras",
    "migration-governance": "Gobernanza migratoria",
    "cccm": "Coordinación y gestión de campamentos",
}
PERIOD_MONTHS = (8, 9)
OUTSIDE_PERIOD_MONTHS = months_between(1, 10, skip=PERIOD_MONTHS)
# month -> workshop participants that month, as a share of a period month's
WORKSHOP_LEVEL = {1: 0.52, 2: 0.58, 3: 0.62, 4: 0.7, 5: 0.74, 6: 0.84, 7: 0.88, 10: 0.88}
# Months whose new participants are drawn together: people come back within a block, as
# in the period, so June and July together have fewer people than their two months'
# sum, and the report compares like with like (about +12%).
WORKSHOP_BLOCKS = ((1,), (2, 3), (4, 5), (6, 7), (10,))
# share of a two-month block's participants who attend in one given month of it, with
# the period's 1-4 sessions a person (about what the period's own months show)
IN_ONE_MONTH = 0.63
WORKSHOP_SESSIONS = ((1, 2, 3, 4), (58, 26, 11, 5))
# attendances per workshop session in the ramp, a little more than the period's
SESSION_SIZE = 45


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class Events:
    rng: random.Random
    people: People
    seed: int = 0  # seeds the ramp's own stream (see the module docstring)
    events: list[dict] = field(default_factory=list)
    topics: list[dict] = field(default_factory=list)
    attendance: list[dict] = field(default_factory=list)

    def add_event(
        self,
        activity: str,
        audience: str,
        month: int,
        site: str,
        topics: list[str],
        titles: dict[str, str],
        days: int = 1,
        rng: random.Random | None = None,
    ) -> dict:
        start = day_in_month(rng or self.rng, 2023, month)
        end = start + dt.timedelta(days=days - 1)
        if end.month != month:  # an event stays inside its month, so inside or outside
            start, end = start - dt.timedelta(days=days - 1), start
        event = {
            "id": len(self.events) + 1,
            "record_id": f"demo-event-{len(self.events) + 1:04d}",
            "activity_code": activity,
            "audience_code": audience,
            "title": " / ".join(titles[t] for t in topics),
            "start_date": start,
            "end_date": end,
            "site_code": site,
        }
        self.events.append(event)
        self.topics += [{"event_id": event["id"], "topic_code": t} for t in topics]
        return event

    def attend(self, event: dict, person_id: int) -> None:
        self.attendance.append(
            {
                "id": len(self.attendance) + 1,
                "event_id": event["id"],
                "person_id": person_id,
                "headcount_female": None,
                "headcount_male": None,
                "headcount_other": None,
                "headcount_total": None,
            }
        )

    def headcount(self, event: dict, female: int, male: int) -> None:
        self.attendance.append(
            {
                "id": len(self.attendance) + 1,
                "event_id": event["id"],
                "person_id": None,
                "headcount_female": female,
                "headcount_male": male,
                "headcount_other": 0,
                "headcount_total": female + male,
            }
        )

    def _fill(
        self,
        events_by_place: dict[str, list[dict]],
        participants: int,
        new_person,
        sessions: tuple[tuple[int, ...], tuple[int, ...]],
        rng: random.Random | None = None,
    ) -> list[int]:
        """Exactly ``participants`` new people, each attending 1..n events of one place.

        People are spread over a place's events in turn first, so every event has people.
        """
        rng = rng or self.rng
        places = [place for place, events in events_by_place.items() if events]
        weights = [len(events_by_place[place]) for place in places]
        turn = dict.fromkeys(places, 0)
        people = []
        for _ in range(participants):
            place = rng.choices(places, weights=weights)[0]
            events = events_by_place[place]
            first = events[turn[place] % len(events)]
            turn[place] += 1
            count = min(rng.choices(*sessions)[0], len(events))
            others = rng.sample([e for e in events if e is not first], count - 1)
            chosen = sorted([first, *others], key=lambda e: e["start_date"])
            person = new_person(chosen[0]["start_date"])
            for event in chosen:
                self.attend(event, person)
            people.append(person)
        return people

    # ------------------------------------------------------------------ workshops

    def community_workshops(self) -> None:
        """S2: exactly the target number of distinct participants in the period."""
        rng = self.rng
        by_site: dict[str, list[dict]] = {site: [] for site in WORKSHOP_SITES}
        for index in range(64):
            site = (
                list(WORKSHOP_SITES)[index]
                if index < len(WORKSHOP_SITES)
                else (_weighted(rng, WORKSHOP_SITES))
            )
            event = self.add_event(
                "community-workshop",
                "migrants-host-communities",
                PERIOD_MONTHS[index % 2],
                site,
                self._topics(rng, WORKSHOP_TOPICS, index),
                WORKSHOP_TITLES,
            )
            by_site[site].append(event)

        def participant(day: dt.date) -> int:
            if rng.random() < 0.55:
                return self.people.new("migrant-residing", day, ages="workshop")
            return self.people.new("host-community", day)

        period_people = self._fill(
            by_site,
            targets.COMMUNITY_WORKSHOP_PARTICIPANTS,
            participant,
            WORKSHOP_SESSIONS,
        )
        for month in OUTSIDE_PERIOD_MONTHS:
            for index in range(rng.randint(3, 6)):
                event = self.add_event(
                    "community-workshop",
                    "migrants-host-communities",
                    month,
                    _weighted(rng, WORKSHOP_SITES),
                    self._topics(rng, WORKSHOP_TOPICS, rng.randrange(9)),
                    WORKSHOP_TITLES,
                )
                if month in (7, 10) and index == 0:  # a fair: counted, not listed by name
                    female = rng.randint(20, 45)
                    self.headcount(event, female, rng.randint(12, 35))
                    continue
                regulars = rng.sample(period_people, 6) if month in (7, 10) else []
                for person in regulars:
                    self.attend(event, person)
                for _ in range(rng.randint(15, 35)):
                    self.attend(event, participant(event["start_date"]))
        self._workshop_ramp()

    def _workshop_ramp(self) -> None:
        """More sessions outside the period, growing towards its level (WORKSHOP_LEVEL).

        Each month's target counts the people the month's other workshops already have,
        so the level does not depend on how many those happened to draw.
        """
        rng = random.Random(f"demo-workshop-ramp-{self.seed}")
        people = self.people.drawing_from(rng)

        def participant(day: dt.date) -> int:
            if rng.random() < 0.55:
                return people.new("migrant-residing", day, ages="workshop")
            return people.new("host-community", day)

        already = self._workshop_participants_by_month()
        # a period month's participants: the period's, less those who come in both months
        period_month = IN_ONE_MONTH * targets.COMMUNITY_WORKSHOP_PARTICIPANTS
        sessions = WORKSHOP_SESSIONS
        mean_sessions = sum(n * w for n, w in zip(*sessions, strict=True)) / sum(sessions[1])
        for months in WORKSHOP_BLOCKS:
            missing = [WORKSHOP_LEVEL[m] * period_month - already.get(m, 0) for m in months]
            spread = IN_ONE_MONTH if len(months) > 1 else 1.0
            participants = max(0, round(sum(missing) / len(months) / spread))
            count = max(len(WORKSHOP_SITES), round(participants * mean_sessions / SESSION_SIZE))
            by_site: dict[str, list[dict]] = {site: [] for site in WORKSHOP_SITES}
            for index in range(count):
                site = _weighted(rng, WORKSHOP_SITES)
                event = self.add_event(
                    "community-workshop",
                    "migrants-host-communities",
                    months[index % len(months)],
                    site,
                    self._topics(rng, WORKSHOP_TOPICS, rng.randrange(9)),
                    WORKSHOP_TITLES,
                    rng=rng,
                )
                by_site[site].append(event)
            self._fill(by_site, participants, participant, sessions, rng=rng)

    def _workshop_participants_by_month(self) -> dict[int, int]:
        """Month -> distinct listed people plus head-counts of the workshops so far."""
        workshops = {
            e["id"]: e["start_date"].month
            for e in self.events
            if e["activity_code"] == "community-workshop"
        }
        listed: dict[int, set[int]] = {}
        counted: dict[int, int] = {}
        for row in self.attendance:
            month = workshops.get(row["event_id"])
            if month is None:
                continue
            if row["person_id"] is not None:
                listed.setdefault(month, set()).add(row["person_id"])
            else:
                counted[month] = counted.get(month, 0) + row["headcount_total"]
        return {m: len(listed.get(m, ())) + counted.get(m, 0) for m in {*listed, *counted}}

    # ------------------------------------------------------------------ trainings

    def capacity_trainings(self) -> None:
        """C1: exactly the target number of distinct partner participants in the period."""
        rng = self.rng
        by_audience: dict[str, list[dict]] = {audience: [] for audience in TRAINING_AUDIENCES}
        for index in range(16):
            audience = (
                list(TRAINING_AUDIENCES)[index % 3]
                if index < 3
                else (_weighted(rng, TRAINING_AUDIENCES))
            )
            event = self.add_event(
                "capacity-training",
                audience,
                PERIOD_MONTHS[index % 2],
                _weighted(rng, TRAINING_SITES),
                self._topics(rng, TRAINING_TOPICS, index),
                TRAINING_TITLES,
                days=rng.randint(1, 3),
            )
            by_audience[audience].append(event)

        def partner(day: dt.date) -> int:
            return self.people.new("partner-staff", day)

        self._fill(
            by_audience, targets.PARTNER_TRAINING_PARTICIPANTS, partner, ((1, 2, 3), (70, 22, 8))
        )
        for month in OUTSIDE_PERIOD_MONTHS:
            for _ in range(rng.randint(1, 3)):
                event = self.add_event(
                    "capacity-training",
                    _weighted(rng, TRAINING_AUDIENCES),
                    month,
                    _weighted(rng, TRAINING_SITES),
                    self._topics(rng, TRAINING_TOPICS, rng.randrange(9)),
                    TRAINING_TITLES,
                    days=rng.randint(1, 3),
                )
                for _ in range(rng.randint(12, 30)):
                    self.attend(event, partner(event["start_date"]))

    @staticmethod
    def _topics(rng: random.Random, topics: tuple[str, ...], index: int) -> list[str]:
        """One topic, sometimes two; the first events take each topic in turn."""
        first = topics[index] if index < len(topics) else rng.choice(topics)
        if rng.random() < 0.25:
            second = rng.choice([t for t in topics if t != first])
            return sorted({first, second}, key=topics.index)
        return [first]
