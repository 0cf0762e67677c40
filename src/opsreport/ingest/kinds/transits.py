"""Official transit counts: the monthly irregular crossings Panama's SNM publishes.

Flow monitoring has two tools: a survey that interviews people, and a registry that
counts them. In Panama the registry is the Servicio Nacional de Migración's monthly count
of irregular transits through Darién, published by nationality and by sex/age group
(men, women, boys, girls). This kind reads those tables in the shape they are shared
(``month,nationality,count`` or ``month,group,count``) or typed month by month from the
template, so the report can open its DTM section with the period's crossings.

A row carries a nationality *or* a group, never both; a row with neither is a month's
total as published. Rows are identified by (month, place, nationality or group, source):
importing the same table again, or a newer table overlapping it, duplicates nothing and
updates the figures the SNM revised.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update

from opsreport.ingest.columns import Column, normalise
from opsreport.ingest.i18n import tr
from opsreport.ingest.kinds import Options, RecordKind, register_kind
from opsreport.ingest.reference import Reference
from opsreport.ingest.writing import Counts, delete_batch_rows
from opsreport.store import models as m

GROUPS = ("men", "women", "boys", "girls")
OTHER_NATIONALITY = "OOO"  # SNM tables: other or unknown nationality
DEFAULT_PLACE = "darien"
DEFAULT_SOURCE = "SNM Panamá"
_GROUP_WORDS = {
    "men": "men",
    "hombres": "men",
    "women": "women",
    "mujeres": "women",
    "boys": "boys",
    "ninos": "boys",
    "girls": "girls",
    "ninas": "girls",
}

COLUMNS = (
    Column(
        "month",
        "month",
        "Month",
        "Mes",
        "#date+month",
        "The month of the crossings, as 2023-08.",
        "El mes de los cruces, como 2023-08.",
        required=True,
    ),
    Column(
        "place",
        "text",
        "Place",
        "Lugar",
        "#loc+name",
        f"Where the crossings were counted; empty means {DEFAULT_PLACE}.",
        f"Dónde se contaron los cruces; vacío significa {DEFAULT_PLACE}.",
        max_length=60,
    ),
    Column(
        "nationality",
        "text",
        "Nationality",
        "Nacionalidad",
        "#nationality+code",
        f"ISO 3166-1 alpha-3 code (VEN, ECU, HTI…) or the country's name; "
        f"{OTHER_NATIONALITY} for other or unknown. Leave empty on a group row.",
        f"Código ISO 3166-1 alfa-3 (VEN, ECU, HTI…) o el nombre del país; "
        f"{OTHER_NATIONALITY} para otra o desconocida. Vacío en una fila de grupo.",
        aliases=("country", "pais"),
    ),
    Column(
        "group",
        "text",
        "Group",
        "Grupo",
        "#group+code",
        "Sex and age group: " + ", ".join(GROUPS) + ". Leave empty on a nationality row.",
        "Grupo de sexo y edad: hombres, mujeres, niños, niñas (o men, women, boys, girls). "
        "Vacío en una fila de nacionalidad.",
        aliases=("sex age", "sexo edad"),
    ),
    Column(
        "count",
        "integer",
        "Crossings",
        "Cruces",
        "#affected+num",
        "The number of irregular crossings, a whole number.",
        "El número de cruces irregulares, un número entero.",
        required=True,
        minimum=0,
        aliases=("count", "total", "cantidad"),
    ),
    Column(
        "source",
        "text",
        "Source",
        "Fuente",
        "#meta+source",
        f"Who published the figure; empty means {DEFAULT_SOURCE}.",
        f"Quién publicó la cifra; vacío significa {DEFAULT_SOURCE}.",
        max_length=100,
    ),
)


def check_transit_row(values: dict[str, Any], _ref: Reference, _options: Options):
    """Normalise nationality, group, place and source in place; report what cannot be.

    The values are completed here (codes upper-cased, defaults filled) so the writer and
    the duplicate check both see the key the store will hold.
    """
    from opsreport.ingest.validate import countries

    nationality, group = values.get("nationality"), values.get("group")
    if nationality:
        code = nationality.strip().upper()
        if code != OTHER_NATIONALITY:
            code = countries().get(normalise(nationality))
        if code is None:
            yield (
                "unknown-nationality",
                "nationality",
                tr(
                    "'{nationality}' is not an ISO 3166-1 alpha-3 code or country name. "
                    "Write the code (VEN, ECU, HTI…), or {other} for other."
                ).format(nationality=nationality, other=OTHER_NATIONALITY),
            )
            return
        values["nationality"] = code
    if group:
        found = _GROUP_WORDS.get(normalise(group))
        if found is None:
            yield (
                "invalid-group",
                "group",
                tr("'{group}' is not a group of the SNM tables. Use one of: {groups}.").format(
                    group=group, groups=", ".join(GROUPS)
                ),
            )
            return
        values["group"] = found
    if values.get("nationality") and values.get("group"):
        yield (
            "nationality-and-group",
            "group",
            tr(
                "A row counts crossings by nationality or by group, not both. "
                "Split it into a nationality row and a group row."
            ),
        )
    values["place"] = normalise(values.get("place") or DEFAULT_PLACE).replace(" ", "-")
    values["source"] = values.get("source") or DEFAULT_SOURCE


_KEY = ("month", "place", "nationality", "group", "source")


class TransitWriter:
    """Inserts new counts and updates revised ones, matching empty nationality/group too.

    The generic upsert matches keys with SQL ``IN``, where an empty (NULL) group never
    equals another; transit tables are small, so the month's rows are read and matched
    here instead.
    """

    def __init__(self, conn, batch_id: int, reference: Reference) -> None:
        self.conn, self.batch_id = conn, batch_id

    def write(self, rows: list[dict[str, Any]]) -> Counts:
        table = m.TransitCount.__table__
        counts = Counts()
        months = sorted({r["month"] for r in rows})
        existing = {
            tuple(found[1:6]): (found[0], found[6])
            for found in self.conn.execute(
                select(table.c.id, *(table.c[k] for k in _KEY), table.c.count).where(
                    table.c.month.in_(months)
                )
            )
        }
        new = []
        for row in rows:
            key = tuple(row.get(k) for k in _KEY)
            if key not in existing:
                new.append({**dict(zip(_KEY, key, strict=True)), "count": row["count"]})
                continue
            record_id, before = existing[key]
            if before == row["count"]:
                counts.unchanged += 1
                continue
            self.conn.execute(
                update(table).where(table.c.id == record_id).values(count=row["count"])
            )
            counts.updated += 1
            counts.replaced.append(
                {"table": table.name, "id": record_id, "before": {"count": before}}
            )
        if new:
            self.conn.execute(insert(table), [{**r, "batch_id": self.batch_id} for r in new])
            counts.inserted += len(new)
        return counts

    @staticmethod
    def undo(conn, batch_id: int) -> dict[str, int]:
        return {"transit_count": delete_batch_rows(conn, m.TransitCount.__table__, batch_id)}


register_kind(
    RecordKind(
        name="transits",
        title_en="Official transit counts (SNM)",
        title_es="Conteos oficiales de tránsito (SNM)",
        description=(
            "One row per month and nationality, or month and group (men, women, boys, "
            "girls); a re-import updates revised figures and duplicates nothing."
        ),
        columns=COLUMNS,
        key=_KEY,
        writer=TransitWriter,
        check_row=check_transit_row,
        tables=("transit_count",),
    )
)
