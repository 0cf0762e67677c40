"""Table definitions of the record store (SQLAlchemy 2, declarative).

One schema for SQLite and PostgreSQL. Reference data (mission, offices, sites, catalogues)
is keyed by short stable ``code`` strings that appear in mission files and import files;
operational records carry an external ``record_id`` (the source's id, e.g. a Kobo
``_uuid``) so that re-importing the same file updates instead of duplicating.

Dates are ``Date`` columns; months are stored as the first day of the month.
No column holds a raw personal identifier or a name: people are ``person_key`` values,
a keyed hash made by :mod:`opsreport.privacy`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# --------------------------------------------------------------------------- reference


class Mission(Base):
    __tablename__ = "mission"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_es: Mapped[str] = mapped_column(String(200))
    country_iso3: Mapped[str] = mapped_column(String(3))
    organisation: Mapped[str] = mapped_column(String(100), default="IOM")
    boundary_file: Mapped[str | None] = mapped_column(String(500))
    # Free descriptive facts the mission file states (e.g. years of presence), EN/ES text.
    profile: Mapped[dict | None] = mapped_column(JSON)


class AdminUnit(Base):
    """An administrative unit with its COD-AB P-code (admin-1 province, admin-2 district)."""

    __tablename__ = "admin_unit"
    pcode: Mapped[str] = mapped_column(String(20), primary_key=True)
    level: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    parent_pcode: Mapped[str | None] = mapped_column(ForeignKey("admin_unit.pcode"))


class Office(Base):
    __tablename__ = "office"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(300))
    name_es: Mapped[str] = mapped_column(String(300))
    # country-office | sub-office | administrative-centre | special-envoy-office
    type: Mapped[str] = mapped_column(String(40))
    # which part of the organisation runs it: mission | PAC | OSE
    unit: Mapped[str] = mapped_column(String(20), default="mission")
    admin1_pcode: Mapped[str] = mapped_column(ForeignKey("admin_unit.pcode"))
    admin2_pcode: Mapped[str | None] = mapped_column(ForeignKey("admin_unit.pcode"))
    opened_on: Mapped[dt.date] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    # the import that added it (none when it came from the mission file)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))


class ThematicArea(Base):
    """An area of work; ``parent_code`` makes a sub-area (listed under its parent)."""

    __tablename__ = "thematic_area"
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(300))
    name_es: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("thematic_area.code"))


class Activity(Base):
    """An entry of the activity catalogue; every activity belongs to one thematic area."""

    __tablename__ = "activity"
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(300))
    name_es: Mapped[str] = mapped_column(String(300))
    thematic_area_code: Mapped[str] = mapped_column(ForeignKey("thematic_area.code"))
    # service (one person served) | event (workshop, training: attendance)
    kind: Mapped[str] = mapped_column(String(20))


class Topic(Base):
    """A subject of services (sub-topics) or of events (workshop topics)."""

    __tablename__ = "topic"
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(300))
    name_es: Mapped[str] = mapped_column(String(300))
    # order of the mission file: topic lists in reports follow it
    position: Mapped[int] = mapped_column(Integer, default=0)


class PopulationGroup(Base):
    __tablename__ = "population_group"
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(300))
    name_es: Mapped[str] = mapped_column(String(300))


class Audience(Base):
    """Who an event is for: migrants and host community, government, civil society, …"""

    __tablename__ = "audience"
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(300))
    name_es: Mapped[str] = mapped_column(String(300))


class Site(Base):
    __tablename__ = "site"
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # etrm | fmp | office | community | shelter | border-post | other
    type: Mapped[str] = mapped_column(String(40))
    admin1_pcode: Mapped[str] = mapped_column(ForeignKey("admin_unit.pcode"))
    admin2_pcode: Mapped[str | None] = mapped_column(ForeignKey("admin_unit.pcode"))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    office_code: Mapped[str | None] = mapped_column(ForeignKey("office.code"))
    # the import that added it (none when it came from the mission file)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))


class Donor(Base):
    __tablename__ = "donor"
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(300))
    name_es: Mapped[str] = mapped_column(String(300))
    # direct (earmarked to the mission) | general (unearmarked, to the organisation)
    type: Mapped[str] = mapped_column(String(20))
    active_from: Mapped[dt.date] = mapped_column(Date)
    active_to: Mapped[dt.date | None] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # the import that added it (none when it came from the mission file)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))


class StaffMember(Base):
    """One line of the staff roster; ``staff_key`` is pseudonymous like person keys."""

    __tablename__ = "staff_member"
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_key: Mapped[str] = mapped_column(String(64), unique=True)
    category: Mapped[str] = mapped_column(String(20))  # national | international
    unit: Mapped[str] = mapped_column(String(20))  # mission | PAC | OSE
    office_code: Mapped[str | None] = mapped_column(ForeignKey("office.code"))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))


# --------------------------------------------------------------------------- people


class Person(Base):
    """A person served or trained, known only by a keyed hash of an identifier."""

    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_key: Mapped[str] = mapped_column(String(64), unique=True)
    sex: Mapped[str | None] = mapped_column(String(10))  # female | male | other | unknown
    birth_year: Mapped[int | None] = mapped_column(Integer)
    nationality: Mapped[str | None] = mapped_column(String(3))  # ISO 3166-1 alpha-3
    population_group_code: Mapped[str | None] = mapped_column(ForeignKey("population_group.code"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))


# --------------------------------------------------------------------------- operations


class ServiceRecord(Base):
    """One service delivered to one person (legal orientation, medical care, …)."""

    __tablename__ = "service_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[str] = mapped_column(String(100), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    # no index of its own: a catalogue has a handful of activities, so one activity is a
    # large share of the records, read faster by the index on dates (a month's) or a scan;
    # keeping such an index cost an import of 1M services about 0.85 s of its 10
    activity_code: Mapped[str] = mapped_column(ForeignKey("activity.code"))
    service_date: Mapped[dt.date] = mapped_column(Date, index=True)
    site_code: Mapped[str] = mapped_column(ForeignKey("site.code"))
    # the person's group at the time of the service (people move between groups)
    population_group_code: Mapped[str] = mapped_column(ForeignKey("population_group.code"))
    topic_code: Mapped[str | None] = mapped_column(ForeignKey("topic.code"))
    age_years: Mapped[int | None] = mapped_column(Integer)  # age at the service date
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))


class Event(Base):
    """A workshop, training session or other gathering, with its audience and topics."""

    __tablename__ = "event"
    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[str] = mapped_column(String(100), unique=True)
    activity_code: Mapped[str] = mapped_column(ForeignKey("activity.code"), index=True)
    audience_code: Mapped[str] = mapped_column(ForeignKey("audience.code"))
    title: Mapped[str | None] = mapped_column(String(300))
    start_date: Mapped[dt.date] = mapped_column(Date, index=True)
    end_date: Mapped[dt.date] = mapped_column(Date)
    site_code: Mapped[str] = mapped_column(ForeignKey("site.code"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))


class EventTopic(Base):
    __tablename__ = "event_topic"
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), primary_key=True)
    topic_code: Mapped[str] = mapped_column(ForeignKey("topic.code"), primary_key=True)


class Attendance(Base):
    """Who came to an event: one identified person, or an anonymous head-count by sex.

    An individual row has ``person_id`` set and ``headcount_*`` null. A head-count row has
    ``person_id`` null and the counts set (female + male + other ≤ total).
    """

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("event_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    headcount_female: Mapped[int | None] = mapped_column(Integer)
    headcount_male: Mapped[int | None] = mapped_column(Integer)
    headcount_other: Mapped[int | None] = mapped_column(Integer)
    headcount_total: Mapped[int | None] = mapped_column(Integer)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))


class ChannelMetric(Base):
    """A communications figure for one month and channel (e.g. people reached on Facebook)."""

    __tablename__ = "channel_metric"
    __table_args__ = (UniqueConstraint("month", "channel", "metric"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date)  # first day of the month
    channel: Mapped[str] = mapped_column(String(40))  # facebook | instagram | x | …
    metric: Mapped[str] = mapped_column(String(40))  # people-reached | impressions | …
    value: Mapped[int] = mapped_column(Integer)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))


# --------------------------------------------------------------------------- surveys


class SurveyInstrument(Base):
    __tablename__ = "survey_instrument"
    __table_args__ = (UniqueConstraint("code", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))  # e.g. fms
    version: Mapped[str] = mapped_column(String(40))
    title_en: Mapped[str] = mapped_column(String(300))
    title_es: Mapped[str] = mapped_column(String(300))
    form_file: Mapped[str | None] = mapped_column(String(500))  # XLSForm shipped or imported
    # question name -> {"type": "select_one"|"select_multiple"|…, "list": …, "sensitive": bool}
    questions: Mapped[dict | None] = mapped_column(JSON)


class SurveyRound(Base):
    __tablename__ = "survey_round"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("survey_instrument.id"))
    fieldwork_start: Mapped[dt.date] = mapped_column(Date)
    fieldwork_end: Mapped[dt.date] = mapped_column(Date)
    # P-codes of the provinces where the round's FMPs are, space-separated in order
    provinces: Mapped[str] = mapped_column(String(200))


class SurveyResponse(Base):
    __tablename__ = "survey_response"
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id"), index=True)
    uuid: Mapped[str] = mapped_column(String(64), unique=True)  # Kobo _uuid
    survey_date: Mapped[dt.date] = mapped_column(Date)
    fmp: Mapped[str | None] = mapped_column(String(60))
    province_pcode: Mapped[str | None] = mapped_column(ForeignKey("admin_unit.pcode"))
    sex: Mapped[str | None] = mapped_column(String(10))
    age: Mapped[int | None] = mapped_column(Integer)
    nationality: Mapped[str | None] = mapped_column(String(3))
    consent: Mapped[bool] = mapped_column(Boolean, default=True)
    previously_surveyed: Mapped[bool] = mapped_column(Boolean, default=False)
    # True when screened out (no consent or already surveyed): kept, excluded from shares
    screened_out: Mapped[bool] = mapped_column(Boolean, default=False)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))


class SurveyAnswer(Base):
    """One answer value: a select_one gives one row, a select_multiple one row per choice.

    ``value`` is the choice name (or the text/number as text for other question types).
    """

    __tablename__ = "survey_answer"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_response.id"), index=True)
    question: Mapped[str] = mapped_column(String(100), index=True)
    value: Mapped[str] = mapped_column(String(300))


# --------------------------------------------------------------------------- flows


class TransitCount(Base):
    """Official count of irregular transits (SNM) for a month and place.

    Either ``nationality`` or ``group`` (men, women, boys, girls) is set; a row with both
    null is the month's total.
    """

    __tablename__ = "transit_count"
    __table_args__ = (UniqueConstraint("month", "place", "nationality", "group", "source"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(60))  # e.g. darien
    nationality: Mapped[str | None] = mapped_column(String(3))
    group: Mapped[str | None] = mapped_column(String(20))
    count: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(100))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))


# --------------------------------------------------------------------------- ingest & audit


class ImportBatch(Base):
    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # services | events | attendance | …
    file_name: Mapped[str] = mapped_column(String(500))
    file_hash: Mapped[str] = mapped_column(String(64), index=True)
    imported_by: Mapped[str] = mapped_column(String(100))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_accepted: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="complete")  # complete | undone


class RejectedRow(Base):
    """A row that failed validation, kept with its raw values and the reason."""

    __tablename__ = "rejected_row"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(500))
    sheet: Mapped[str | None] = mapped_column(String(100))
    row_number: Mapped[int] = mapped_column(Integer)
    column: Mapped[str | None] = mapped_column(String(200))
    value: Mapped[str | None] = mapped_column(Text)
    code: Mapped[str] = mapped_column(String(60))
    message: Mapped[str] = mapped_column(Text)
    raw: Mapped[dict] = mapped_column(JSON)


class AuditEntry(Base):
    """Every change to the store: who, when, what, and a summary of it."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))  # init | load-mission | import | undo | demo
    target: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[dict | None] = mapped_column(JSON)
