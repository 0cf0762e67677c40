"""Staff roster: one line per staff member, known by a keyed hash of their staff number."""

from __future__ import annotations

from typing import Any

from opsreport.ingest.columns import Column
from opsreport.ingest.i18n import tr
from opsreport.ingest.kinds import Options, RecordKind, RowProblem, register_kind
from opsreport.ingest.reference import Reference
from opsreport.ingest.writing import Counts, delete_batch_rows, upsert
from opsreport.store import models as m

COLUMNS = (
    Column(
        "staff_id",
        "identifier",
        "Staff ID",
        "ID del funcionario",
        "#contact+id",
        "Staff or index number. Turned into a keyed hash; never stored.",
        "Número de funcionario. Se convierte en una clave cifrada; nunca se guarda.",
        required=True,
    ),
    Column(
        "category",
        "choice",
        "Category",
        "Categoría",
        "#contact+type",
        "national or international.",
        "national (nacional) o international (internacional).",
        required=True,
        choices=("national", "international"),
    ),
    Column(
        "unit",
        "choice",
        "Unit",
        "Unidad",
        "#org+code",
        "Which part of the organisation: mission, PAC or OSE.",
        "Qué parte de la organización: mission, PAC u OSE.",
        required=True,
        choices=("mission", "PAC", "OSE"),
    ),
    Column(
        "office",
        "code",
        "Office",
        "Oficina",
        "#loc+office+code",
        "The office code (optional).",
        "El código de la oficina (opcional).",
        codes="office",
    ),
    Column(
        "start_date",
        "date",
        "Start date",
        "Fecha de inicio",
        "#date+start",
        "First day of the contract.",
        "Primer día del contrato.",
        required=True,
    ),
    Column(
        "end_date",
        "date",
        "End date",
        "Fecha de fin",
        "#date+end",
        "Last day, empty while the person works for the mission.",
        "Último día; vacío mientras la persona trabaja en la misión.",
    ),
)


def check_staff(values: dict[str, Any], ref: Reference, options: Options) -> list[RowProblem]:
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        return [
            (
                "end-before-start",
                "end_date",
                tr(
                    "The end date {end} is before the start date {start}. Correct one of them."
                ).format(end=end, start=start),
            )
        ]
    return []


class StaffWriter:
    def __init__(self, conn, batch_id: int, reference: Reference) -> None:
        self.conn, self.batch_id = conn, batch_id

    def write(self, rows: list[dict[str, Any]]) -> Counts:
        counts, _, _ = upsert(
            self.conn,
            m.StaffMember.__table__,
            ("staff_key",),
            [
                {
                    "staff_key": r["staff_id"],
                    "category": r["category"],
                    "unit": r["unit"],
                    "office_code": r.get("office"),
                    "start_date": r["start_date"],
                    "end_date": r.get("end_date"),
                }
                for r in rows
            ],
            self.batch_id,
        )
        return counts

    @staticmethod
    def undo(conn, batch_id: int) -> dict[str, int]:
        return {"staff_member": delete_batch_rows(conn, m.StaffMember.__table__, batch_id)}


register_kind(
    RecordKind(
        name="staff",
        title_en="Staff roster",
        title_es="Lista de personal",
        description="One row per staff member; a re-import updates by staff ID.",
        columns=COLUMNS,
        key=("staff_id",),
        writer=StaffWriter,
        check_row=check_staff,
        tables=("staff_member",),
    )
)
