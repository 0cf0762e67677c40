"""Services: one service delivered to one person (legal orientation, medical care, …)."""

from __future__ import annotations

from typing import Any

from opsreport.ingest.columns import Column
from opsreport.ingest.i18n import tr
from opsreport.ingest.kinds import Options, RecordKind, RowProblem, register_kind
from opsreport.ingest.reference import Reference
from opsreport.ingest.writing import (
    Counts,
    PeopleGuess,
    References,
    delete_batch_rows,
    delete_orphan_people,
    ensure_people_listed,
    upsert_columns,
)
from opsreport.store import models as m

RECORD_ID = Column(
    "record_id",
    "text",
    "Record ID",
    "ID del registro",
    "#meta+id",
    "The form's or sheet's own id of this service; importing the same id again updates it.",
    "El identificador propio del registro; importar el mismo id otra vez lo actualiza.",
    required=True,
    aliases=("_uuid", "uuid", "id"),
    max_length=100,
)
PERSON_ID = Column(
    "person_id",
    "identifier",
    "Person ID",
    "ID de la persona",
    "#beneficiary+id",
    "Document or case number of the person. Turned into a keyed hash; never stored.",
    "Número de documento o de caso. Se convierte en una clave cifrada; nunca se guarda.",
    required=True,
    aliases=("documento", "cedula", "pasaporte"),
)
SEX = Column(
    "sex",
    "sex",
    "Sex",
    "Sexo",
    "#beneficiary+sex",
    "female, male, other or unknown.",
    "mujer, hombre, otro o desconocido.",
    required=True,
)
BIRTH_YEAR = Column(
    "birth_year",
    "integer",
    "Year of birth",
    "Año de nacimiento",
    "#beneficiary+birth_year",
    "Four-digit year; give this or the age.",
    "Año con cuatro cifras; indique este o la edad.",
    minimum=1900,
    maximum=2100,
)
AGE = Column(
    "age",
    "integer",
    "Age",
    "Edad",
    "#beneficiary+age",
    "Age in whole years on the service date (0 to 120).",
    "Edad en años cumplidos en la fecha del servicio (0 a 120).",
    minimum=0,
    maximum=120,
)
NATIONALITY = Column(
    "nationality",
    "iso3",
    "Nationality",
    "Nacionalidad",
    "#beneficiary+nationality+code",
    "ISO 3166-1 alpha-3 code (VEN, COL, HTI…) or the country's name.",
    "Código ISO 3166-1 alfa-3 (VEN, COL, HTI…) o el nombre del país.",
    required=True,
)
POPULATION_GROUP = Column(
    "population_group",
    "code",
    "Population group",
    "Grupo de población",
    "#group+code",
    "The person's group on the service date.",
    "El grupo de la persona en la fecha del servicio.",
    required=True,
    codes="population_group",
)
COLUMNS = (
    RECORD_ID,
    PERSON_ID,
    SEX,
    BIRTH_YEAR,
    AGE,
    NATIONALITY,
    POPULATION_GROUP,
    Column(
        "activity",
        "code",
        "Activity",
        "Actividad",
        "#activity+code",
        "A service activity of the mission's catalogue.",
        "Una actividad de servicio del catálogo de la misión.",
        required=True,
        codes="activity",
    ),
    Column(
        "service_date",
        "date",
        "Service date",
        "Fecha de atención",
        "#date",
        "The day the service was given.",
        "El día en que se prestó el servicio.",
        required=True,
        aliases=("fecha", "date"),
    ),
    Column(
        "site",
        "code",
        "Site",
        "Sitio",
        "#loc+code",
        "Where the service was given (site code or name).",
        "Dónde se prestó el servicio (código o nombre del sitio).",
        required=True,
        codes="site",
    ),
    Column(
        "topic",
        "code",
        "Topic",
        "Tema",
        "#sector+code",
        "Sub-topic of the service, e.g. legal-work for legal orientation on work.",
        "Subtema del servicio, p. ej. legal-work para orientación legal laboral.",
        codes="topic",
    ),
)


def check_service(values: dict[str, Any], ref: Reference, options: Options) -> list[RowProblem]:
    problems: list[RowProblem] = []
    activity, site = values.get("activity"), values.get("site")
    if activity and ref.activity_kinds.get(activity) not in (None, "service"):
        problems.append(
            (
                "not-a-service-activity",
                "activity",
                tr(
                    "'{activity}' is an event activity (workshops, trainings). Import it as "
                    "events with attendance, or choose a service activity."
                ).format(activity=activity),
            )
        )
    age, birth_year, day = values.get("age"), values.get("birth_year"), values.get("service_date")
    if birth_year is not None and day is not None:
        if birth_year > day.year:
            problems.append(
                (
                    "birth-after-service",
                    "birth_year",
                    tr(
                        "The year of birth {birth_year} is after the service date {day}. "
                        "Check the year."
                    ).format(birth_year=birth_year, day=day),
                )
            )
        elif day.year - birth_year > 120:
            problems.append(
                (
                    "out-of-range",
                    "birth_year",
                    tr(
                        "A year of birth of {birth_year} makes the person older than 120. "
                        "Check the year."
                    ).format(birth_year=birth_year),
                )
            )
    if age is not None and birth_year is not None and day is not None:
        if abs((day.year - birth_year) - age) > 1:
            problems.append(
                (
                    "age-mismatch",
                    "age",
                    tr(
                        "Age {age} does not match the year of birth {birth_year}. "
                        "Correct one of them or leave the age empty."
                    ).format(age=age, birth_year=birth_year),
                )
            )
    group = values.get("population_group")
    if (
        site
        and ref.site_types.get(site) == "etrm"
        and group
        and group != "migrant-transit"
        and not options.allow_non_transit_at_etrm
    ):
        problems.append(
            (
                "non-transit-at-etrm",
                "population_group",
                tr(
                    "'{site}' is a migration reception station (ETRM), where services go to "
                    "migrants in transit, but this row says '{group}'. Correct the group or "
                    "the site, or import with --allow-non-transit-at-etrm if it is right."
                ).format(site=site, group=group),
            )
        )
    return problems


def suspect_services(columns: dict[str, list[Any]], ref: Reference, options: Options) -> list[int]:
    """The rows of a chunk that may break a rule of :func:`check_service` (a superset).

    The rules look at few distinct combinations (activities, years of birth and service
    years, sites and groups), so each combination is judged once and only the rows with a
    doubtful one are found; :func:`check_service` then words the problems.
    """
    n = len(columns["activity"])
    nothing = [None] * n
    found: set[int] = set()

    def rows_with(values: list, doubtful: set) -> None:
        if doubtful:
            found.update(i for i, v in enumerate(values) if v in doubtful)

    activities = columns["activity"]
    rows_with(
        activities,
        {a for a in set(activities) if a and ref.activity_kinds.get(a) not in (None, "service")},
    )
    days = columns.get("service_date") or nothing
    year_of = {d: d.year for d in set(days) if d is not None}
    year_of[None] = None
    years = list(map(year_of.__getitem__, days))
    births, ages = columns.get("birth_year") or nothing, columns.get("age") or nothing
    triples = list(zip(births, years, ages, strict=True))
    rows_with(
        triples,
        {
            (b, y, a)
            for b, y, a in set(triples)
            if b is not None
            and y is not None
            and (b > y or y - b > 120 or (a is not None and abs(y - b - a) > 1))
        },
    )
    if not options.allow_non_transit_at_etrm:
        pairs = list(zip(columns["site"], columns["population_group"], strict=True))
        rows_with(
            pairs,
            {
                (s, g)
                for s, g in set(pairs)
                if s and g and g != "migrant-transit" and ref.site_types.get(s) == "etrm"
            },
        )
    return sorted(found)


class ServiceWriter:
    # set aside during a big import and rebuilt (BulkIndexes): of the records' indexes,
    # only the one on person ids costs more kept up to date (1.2 s for 1M rows) than rebuilt
    # (0.6 s); the one on dates costs no less rebuilt at 1M (set aside with it, a 1M
    # import took 1.10x as long), so it is kept
    bulk_indexes = {"service_record": ("person_id",)}
    # ... unless the import is so big (BIG_ROWS) that it no longer fits the page cache
    bulk_indexes_big = {"service_record": ("service_date",)}
    # its codes are checked before the commit (References), people are numbered in the
    # import's transaction: SQLite's per-row foreign-key checks may be off
    checks_references = True

    def __init__(self, conn, batch_id: int, reference: Reference) -> None:
        self.conn, self.batch_id = conn, batch_id
        self.known: dict[str, int] = {}  # person key -> id, across chunks
        self.people_guess = PeopleGuess()  # new people inserted first, or looked up first
        # codes written, checked before the commit (SQLite's per-row checks are off)
        self.references = References(
            m.ServiceRecord.__table__,
            ("activity_code", "site_code", "population_group_code", "topic_code"),
        )

    def write(self, rows: list[dict[str, Any]]) -> Counts:
        names = [c.name for c in COLUMNS]
        return self.write_columns({n: [r.get(n) for r in rows] for n in names})

    def write_columns(self, columns: dict[str, list[Any]]) -> Counts:
        """Write a chunk of checked rows, given column by column."""
        keys = columns["person_id"]
        n = len(keys)
        nothing = [None] * n
        births = columns.get("birth_year") or nothing
        attributes = list(
            zip(
                columns["sex"],
                births,
                columns["nationality"],
                columns["population_group"],
                strict=True,
            )
        )
        first = dict(
            zip(reversed(keys), reversed(attributes), strict=True)
        )  # a person's first row wins
        order = list(dict.fromkeys(keys))
        people = dict(zip(order, map(first.__getitem__, order), strict=True))
        filled: list[dict[str, Any]] = []  # people's blanks filled in, for undo
        ids = ensure_people_listed(
            self.conn, people, self.batch_id, self.known, filled, self.people_guess
        )
        days = columns["service_date"]
        ages = columns.get("age") or nothing
        if None in ages:
            year_of = {d: d.year for d in set(days)}
            ages = [
                a if a is not None or b is None else year_of[d] - b
                for a, b, d in zip(ages, births, days, strict=True)
            ]
        records = {
            "record_id": columns["record_id"],
            "person_id": list(map(ids.__getitem__, keys)),
            "activity_code": columns["activity"],
            "service_date": days,
            "site_code": columns["site"],
            "population_group_code": columns["population_group"],
            "topic_code": columns.get("topic") or nothing,
            "age_years": ages,
        }
        self.references.note(records)
        counts = upsert_columns(
            self.conn, m.ServiceRecord.__table__, "record_id", records, self.batch_id
        )
        counts.replaced.extend(filled)
        return counts

    @staticmethod
    def undo(conn, batch_id: int) -> dict[str, int]:
        removed = delete_batch_rows(conn, m.ServiceRecord.__table__, batch_id)
        return {"service_record": removed, "person": delete_orphan_people(conn, batch_id)}


register_kind(
    RecordKind(
        name="services",
        title_en="Services to people",
        title_es="Servicios a personas",
        description="One row per service given to one person.",
        columns=COLUMNS,
        key=("record_id",),
        writer=ServiceWriter,
        check_row=check_service,
        suspects=suspect_services,
        tables=("service_record", "person"),
    )
)
