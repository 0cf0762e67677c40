"""A tiny builder of hand-made stores for indicator tests.

``Builder(store)`` writes a small mission (two provinces, a few sites, the activities and
groups the shipped catalogue names) and offers one method per record kind, each writing
through the SQLAlchemy models exactly as the importers will.
"""

from __future__ import annotations

import datetime as dt
import itertools

from opsreport.privacy import person_key
from opsreport.store import Store
from opsreport.store import models as m

D = dt.date


class Builder:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._ids = itertools.count(1)
        self.people: dict[str, int] = {}
        with store.session() as s:
            s.add_all(
                [
                    m.AdminUnit(pcode="PA05", level=1, name="Darién"),
                    m.AdminUnit(pcode="PA02", level=1, name="Chiriquí"),
                    m.AdminUnit(pcode="PA12", level=1, name="Panamá"),
                ]
            )
            s.flush()
            s.add(m.AdminUnit(pcode="PA1201", level=2, name="Panamá", parent_pcode="PA12"))
            s.flush()
            s.add_all(
                [
                    m.Office(
                        code="co",
                        name_en="Country Office",
                        name_es="Oficina de País",
                        type="country-office",
                        unit="mission",
                        admin1_pcode="PA12",
                        admin2_pcode="PA1201",
                        opened_on=D(1990, 6, 1),
                    ),
                    m.Office(
                        code="meteti",
                        name_en="Metetí sub-office",
                        name_es="Suboficina de Metetí",
                        type="sub-office",
                        unit="mission",
                        admin1_pcode="PA05",
                        opened_on=D(2019, 2, 1),
                    ),
                    m.ThematicArea(
                        code="health",
                        name_en="Migration and health",
                        name_es="Migración y salud",
                        position=1,
                    ),
                ]
            )
            s.flush()
            s.add_all(
                [
                    m.Site(
                        code="etrm-darien", name="ETRM Darién", type="etrm", admin1_pcode="PA05"
                    ),
                    m.Site(
                        code="etrm-chiriqui", name="ETRM Chiriquí", type="etrm", admin1_pcode="PA02"
                    ),
                    m.Site(
                        code="legal-desk", name="Legal desk", type="office", admin1_pcode="PA12"
                    ),
                    m.Activity(
                        code="legal-orientation",
                        name_en="Legal orientation",
                        name_es="Orientación legal",
                        thematic_area_code="health",
                        kind="service",
                    ),
                    m.Activity(
                        code="medical-care",
                        name_en="Medical care",
                        name_es="Atención médica",
                        thematic_area_code="health",
                        kind="service",
                    ),
                    m.Activity(
                        code="community-workshop",
                        name_en="Workshop",
                        name_es="Taller",
                        thematic_area_code="health",
                        kind="event",
                    ),
                    m.Activity(
                        code="capacity-training",
                        name_en="Training",
                        name_es="Capacitación",
                        thematic_area_code="health",
                        kind="event",
                    ),
                    m.PopulationGroup(
                        code="migrant-residing", name_en="residing", name_es="residentes"
                    ),
                    m.PopulationGroup(
                        code="migrant-transit", name_en="in transit", name_es="en tránsito"
                    ),
                    m.Audience(
                        code="migrants-host-communities", name_en="migrants", name_es="migrantes"
                    ),
                    m.Audience(code="government", name_en="government", name_es="gobierno"),
                    m.Audience(
                        code="civil-society", name_en="civil society", name_es="sociedad civil"
                    ),
                    m.Topic(code="legal-work", name_en="work", name_es="trabajo", position=2),
                    m.Topic(code="legal-family", name_en="family", name_es="familia", position=1),
                    m.Topic(
                        code="c4d",
                        name_en="Communication for Development",
                        name_es="Comunicación para el Desarrollo",
                    ),
                    m.Topic(
                        code="border-management",
                        name_en="border management",
                        name_es="gestión de fronteras",
                    ),
                ]
            )

    # ------------------------------------------------------------------ people & services

    def person(
        self,
        raw_id: str,
        sex: str | None = None,
        nationality: str | None = None,
        birth_year: int | None = None,
    ) -> int:
        if raw_id not in self.people:
            with self.store.session() as s:
                person = m.Person(
                    person_key=person_key(raw_id),
                    sex=sex,
                    nationality=nationality,
                    birth_year=birth_year,
                )
                s.add(person)
                s.flush()
                self.people[raw_id] = person.id
        return self.people[raw_id]

    def service(
        self,
        who: str,
        day: dt.date,
        activity: str = "legal-orientation",
        group: str = "migrant-residing",
        site: str = "legal-desk",
        topic: str | None = None,
        age: int | None = None,
        sex: str | None = None,
        nationality: str | None = None,
    ) -> None:
        person_id = self.person(who, sex=sex, nationality=nationality)
        with self.store.session() as s:
            s.add(
                m.ServiceRecord(
                    record_id=f"svc-{next(self._ids)}",
                    person_id=person_id,
                    activity_code=activity,
                    service_date=day,
                    site_code=site,
                    population_group_code=group,
                    topic_code=topic,
                    age_years=age,
                )
            )

    # ------------------------------------------------------------------ events

    def event(
        self,
        day: dt.date,
        activity: str = "community-workshop",
        audience: str = "migrants-host-communities",
        site: str = "legal-desk",
        topics: tuple[str, ...] = (),
        people: tuple[str, ...] = (),
        headcount: int | None = None,
        headcount_sex: tuple[int, int, int] | None = None,  # female, male, other
    ) -> int:
        person_ids = [self.person(who) for who in people]
        with self.store.session() as s:
            event = m.Event(
                record_id=f"evt-{next(self._ids)}",
                activity_code=activity,
                audience_code=audience,
                start_date=day,
                end_date=day,
                site_code=site,
            )
            s.add(event)
            s.flush()
            s.add_all(m.EventTopic(event_id=event.id, topic_code=t) for t in topics)
            s.add_all(m.Attendance(event_id=event.id, person_id=p) for p in person_ids)
            if headcount is not None:
                female, male, other = headcount_sex or (None, None, None)
                s.add(
                    m.Attendance(
                        event_id=event.id,
                        headcount_total=headcount,
                        headcount_female=female,
                        headcount_male=male,
                        headcount_other=other,
                    )
                )
            return event.id

    # ------------------------------------------------------------------ roster, metrics

    def staff(
        self,
        key: str,
        start: dt.date,
        end: dt.date | None = None,
        category: str = "national",
        unit: str = "mission",
    ) -> None:
        with self.store.session() as s:
            s.add(
                m.StaffMember(
                    staff_key=key, category=category, unit=unit, start_date=start, end_date=end
                )
            )

    def metric(
        self, month: dt.date, value: int, channel: str = "facebook", metric: str = "people-reached"
    ) -> None:
        with self.store.session() as s:
            s.add(m.ChannelMetric(month=month, channel=channel, metric=metric, value=value))

    def donor(
        self, code: str, type_: str, start: dt.date, end: dt.date | None = None, position: int = 0
    ) -> None:
        with self.store.session() as s:
            s.add(
                m.Donor(
                    code=code,
                    name_en=code.title(),
                    name_es=code.title(),
                    type=type_,
                    active_from=start,
                    active_to=end,
                    position=position,
                )
            )

    # ------------------------------------------------------------------ surveys

    def instrument(self, code: str = "fms", questions: dict | None = None) -> int:
        with self.store.session() as s:
            instrument = m.SurveyInstrument(
                code=code, version="1", title_en="FMS", title_es="EMF", questions=questions
            )
            s.add(instrument)
            s.flush()
            return instrument.id

    def round(
        self,
        instrument_id: int,
        code: str,
        start: dt.date,
        end: dt.date,
        provinces: str = "PA05 PA02",
    ) -> int:
        with self.store.session() as s:
            rnd = m.SurveyRound(
                code=code,
                instrument_id=instrument_id,
                fieldwork_start=start,
                fieldwork_end=end,
                provinces=provinces,
            )
            s.add(rnd)
            s.flush()
            return rnd.id

    def response(
        self,
        round_id: int,
        answers: dict[str, str | list[str]],
        screened_out: bool = False,
        sex: str | None = None,
        weight: float = 1.0,
        nationality: str | None = None,
        province: str | None = None,
    ) -> None:
        with self.store.session() as s:
            response = m.SurveyResponse(
                round_id=round_id,
                uuid=f"uuid-{next(self._ids)}",
                survey_date=D(2023, 7, 15),
                screened_out=screened_out,
                sex=sex,
                weight=weight,
                nationality=nationality,
                province_pcode=province,
            )
            s.add(response)
            s.flush()
            for question, value in answers.items():
                for one in value if isinstance(value, list) else [value]:
                    s.add(m.SurveyAnswer(response_id=response.id, question=question, value=one))
