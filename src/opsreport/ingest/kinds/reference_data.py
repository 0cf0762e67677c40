"""Offices, sites and donors: the mission's reference lists, kept in spreadsheets too.

A mission file names them at set-up; later a new site opens or a donor's grant ends, and
the clerk who keeps that list in Excel imports it. Each row is known by its code, so a
re-import updates what changed and adds nothing twice; P-codes, office codes, types and
dates are checked against what the mission allows, and undo removes what a batch added
and puts back what it changed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from opsreport.ingest.columns import Column
from opsreport.ingest.i18n import tr
from opsreport.ingest.kinds import Options, RecordKind, RowProblem, register_kind
from opsreport.ingest.reference import Reference
from opsreport.ingest.writing import Counts, delete_batch_rows, upsert_by_code
from opsreport.mission.file import DONOR_TYPES, OFFICE_TYPES, OFFICE_UNITS, SITE_TYPES
from opsreport.store import models as m


def _code(what_en: str, what_es: str) -> Column:
    return Column(
        "code",
        "text",
        "Code",
        "Código",
        "#meta+code",
        f"The {what_en}'s short code, as the other files write it. A re-import updates by it.",
        f"El código corto {what_es}, como lo escriben los demás archivos. Una nueva "
        "importación actualiza por él.",
        required=True,
        max_length=40,
    )


def _place(level: str) -> Column:
    if level == "province":
        return Column(
            "province",
            "code",
            "Province P-code",
            "P-código de provincia",
            "#adm1+code",
            "The admin-1 P-code (PA05) or its name, from the mission's list.",
            "El P-código de admin-1 (PA05) o su nombre, de la lista de la misión.",
            required=True,
            codes="province",
        )
    return Column(
        "district",
        "code",
        "District P-code",
        "P-código de distrito",
        "#adm2+code",
        "The admin-2 P-code or its name (optional); it must lie in the province.",
        "El P-código de admin-2 o su nombre (opcional); debe estar en la provincia.",
        codes="district",
    )


def _names(what: str) -> tuple[Column, Column]:
    return (
        Column(
            "name_en",
            "text",
            "Name (English)",
            "Nombre (inglés)",
            "#org+name+i_en" if what == "org" else "#loc+name+i_en",
            "The name shown in English reports.",
            "El nombre que muestran los informes en inglés.",
            required=True,
        ),
        Column(
            "name_es",
            "text",
            "Name (Spanish)",
            "Nombre (español)",
            "#org+name+i_es" if what == "org" else "#loc+name+i_es",
            "The name shown in Spanish reports.",
            "El nombre que muestran los informes en español.",
            required=True,
        ),
    )


def _dates(start: str, end: str, hxl: str) -> tuple[Column, Column]:
    return (
        Column(
            start,
            "date",
            "From",
            "Desde",
            f"#date+start+{hxl}",
            "The first day.",
            "El primer día.",
            required=True,
        ),
        Column(
            end,
            "date",
            "Until",
            "Hasta",
            f"#date+end+{hxl}",
            "The last day; empty while it lasts.",
            "El último día; vacío mientras dure.",
        ),
    )


def _type(choices: tuple[str, ...], hxl: str) -> Column:
    return Column(
        "type",
        "choice",
        "Type",
        "Tipo",
        hxl,
        f"One of: {', '.join(choices)}.",
        f"Uno de: {', '.join(choices)}.",
        required=True,
        choices=choices,
    )


OFFICE_COLUMNS = (
    _code("office", "de la oficina"),
    *_names("org"),
    _type(OFFICE_TYPES, "#org+type"),
    Column(
        "unit",
        "choice",
        "Unit",
        "Unidad",
        "#org+unit",
        f"Which part of the organisation runs it: {', '.join(OFFICE_UNITS)}.",
        f"Qué parte de la organización la gestiona: {', '.join(OFFICE_UNITS)}.",
        required=True,
        choices=OFFICE_UNITS,
    ),
    _place("province"),
    _place("district"),
    *_dates("opened_on", "closed_on", "office"),
)

SITE_COLUMNS = (
    _code("site", "del sitio"),
    Column(
        "name",
        "text",
        "Name",
        "Nombre",
        "#loc+name",
        "The site's name.",
        "El nombre del sitio.",
        required=True,
    ),
    _type(SITE_TYPES, "#loc+type"),
    _place("province"),
    _place("district"),
    Column(
        "latitude",
        "text",
        "Latitude",
        "Latitud",
        "#geo+lat",
        "Decimal degrees, -90 to 90 (optional).",
        "Grados decimales, de -90 a 90 (opcional).",
    ),
    Column(
        "longitude",
        "text",
        "Longitude",
        "Longitud",
        "#geo+lon",
        "Decimal degrees, -180 to 180 (optional).",
        "Grados decimales, de -180 a 180 (opcional).",
    ),
    Column(
        "office",
        "code",
        "Office",
        "Oficina",
        "#loc+office+code",
        "The code of the office that covers it (optional).",
        "El código de la oficina que lo cubre (opcional).",
        codes="office",
    ),
)

DONOR_COLUMNS = (
    _code("donor", "del donante"),
    *_names("org"),
    _type(DONOR_TYPES, "#org+funder+type"),
    *_dates("active_from", "active_to", "funding"),
    Column(
        "order",
        "integer",
        "Order",
        "Orden",
        "#meta+order",
        "Place in the report's list of donors of its type, 1 first (the mission file's "
        "donors are 1, 2, 3… in its order; a tie goes by code). Empty: a new donor comes "
        "after the last one, in the order of the file; a known donor keeps its place.",
        "Lugar en la lista de donantes de su tipo del informe, 1 primero (los donantes del "
        "archivo de la misión son 1, 2, 3… en su orden; un empate va por código). Vacío: un "
        "donante nuevo va después del último, en el orden del archivo; uno conocido conserva "
        "su lugar.",
        minimum=1,
        maximum=9999,
    ),
)


def _check_place(values: dict[str, Any], ref: Reference) -> list[RowProblem]:
    district, province = values.get("district"), values.get("province")
    if district and province and ref.admin_parents.get(district) != province:
        return [
            (
                "district-outside-province",
                "district",
                tr(
                    "The district {district} is not in the province {province}. Correct one "
                    "of the two P-codes."
                ).format(district=district, province=province),
            )
        ]
    return []


def _check_dates(values: dict[str, Any], start: str, end: str) -> list[RowProblem]:
    first, last = values.get(start), values.get(end)
    if first and last and last < first:
        return [
            (
                "end-before-start",
                end,
                tr(
                    "The end date {end} is before the start date {start}. Correct one of them."
                ).format(end=last, start=first),
            )
        ]
    return []


def check_office(values: dict[str, Any], ref: Reference, options: Options) -> list[RowProblem]:
    return _check_place(values, ref) + _check_dates(values, "opened_on", "closed_on")


def check_site(values: dict[str, Any], ref: Reference, options: Options) -> list[RowProblem]:
    problems = _check_place(values, ref)
    for name, limit in (("latitude", 90), ("longitude", 180)):
        text = values.get(name)
        if text is None:
            continue
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            number = None
        if number is None or not -limit <= number <= limit:
            problems.append(
                (
                    "out-of-range",
                    name,
                    (
                        tr(
                            "'{text}' is not a latitude in decimal degrees between -{limit} "
                            "and {limit}. Write it like 8.9824."
                        )
                        if name == "latitude"
                        else tr(
                            "'{text}' is not a longitude in decimal degrees between -{limit} "
                            "and {limit}. Write it like -79.5199."
                        )
                    ).format(text=text, limit=limit),
                )
            )
        else:
            values[name] = number
    return problems


def check_donor(values: dict[str, Any], ref: Reference, options: Options) -> list[RowProblem]:
    return _check_dates(values, "active_from", "active_to")


class _CodeWriter:
    """Writes one reference table keyed by code; ``columns`` maps import name -> store name."""

    table: Any = None
    columns: dict[str, str] = {}

    def __init__(self, conn, batch_id: int, reference: Reference) -> None:
        self.conn, self.batch_id = conn, batch_id

    def write(self, rows: list[dict[str, Any]]) -> Counts:
        records = [{store: r.get(name) for name, store in self.columns.items()} for r in rows]
        return upsert_by_code(self.conn, self.table, records, self.batch_id)

    @classmethod
    def undo(cls, conn, batch_id: int) -> dict[str, int]:
        return {cls.table.name: delete_batch_rows(conn, cls.table, batch_id)}


class OfficeWriter(_CodeWriter):
    table = m.Office.__table__
    columns = {
        "code": "code",
        "name_en": "name_en",
        "name_es": "name_es",
        "type": "type",
        "unit": "unit",
        "province": "admin1_pcode",
        "district": "admin2_pcode",
        "opened_on": "opened_on",
        "closed_on": "closed_on",
    }


class SiteWriter(_CodeWriter):
    table = m.Site.__table__
    columns = {
        "code": "code",
        "name": "name",
        "type": "type",
        "province": "admin1_pcode",
        "district": "admin2_pcode",
        "latitude": "latitude",
        "longitude": "longitude",
        "office": "office_code",
    }


class DonorWriter(_CodeWriter):
    """Donors, with their place in the report's list (``position``, by type).

    The ``order`` column sets the place; without it a donor already in the store keeps
    its place and a new one comes after the last donor (the mission file's and those
    imported before), in the order of the file, so an imported list reads as typed.
    """

    table = m.Donor.__table__
    columns = {
        "code": "code",
        "name_en": "name_en",
        "name_es": "name_es",
        "type": "type",
        "active_from": "active_from",
        "active_to": "active_to",
    }

    def write(self, rows: list[dict[str, Any]]) -> Counts:
        table = self.table
        places = dict(
            self.conn.execute(
                select(table.c.code, table.c.position).where(
                    table.c.code.in_([r["code"] for r in rows])
                )
            ).all()
        )
        last = self.conn.execute(select(func.max(table.c.position))).scalar() or 0
        records = []
        for r in rows:
            record = {store: r.get(name) for name, store in self.columns.items()}
            position = r.get("order")
            if position is None:
                position = places.get(r["code"])
            if position is None:
                position = last + 1
            last = max(last, position)
            records.append({**record, "position": position})
        return upsert_by_code(self.conn, table, records, self.batch_id)


for _name, _en, _es, _what, _columns, _writer, _check in (
    ("offices", "Offices", "Oficinas", "office", OFFICE_COLUMNS, OfficeWriter, check_office),
    ("sites", "Sites", "Sitios", "site", SITE_COLUMNS, SiteWriter, check_site),
    ("donors", "Donors", "Donantes", "donor", DONOR_COLUMNS, DonorWriter, check_donor),
):
    register_kind(
        RecordKind(
            name=_name,
            title_en=_en,
            title_es=_es,
            description=f"One row per {_what}, known by its code; a re-import updates by code.",
            columns=_columns,
            key=("code",),
            writer=_writer,
            check_row=_check,
            tables=(_writer.table.name,),
        )
    )
