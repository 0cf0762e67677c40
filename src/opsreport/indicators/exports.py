"""The regional path: a mission's tables as Parquet files, for DuckDB to consolidate.

A regional office gathers each mission's ``export_parquet`` folder and runs the same
catalogue over them with :func:`~opsreport.indicators.backend.connect_duckdb`. Only the
tables the indicators read are written: people appear as their pseudonymous keys and
attributes (never names or raw identifiers, which the store does not hold), and the
import bookkeeping (batches, rejected rows, the audit log) stays home.

Record tables are written in the order the indicators read them (``SORTED_BY``): service
records and events by date, a survey's responses by round, answers by round and
response. A Parquet file keeps each row group's minimum and maximum per column, so
DuckDB skips the row groups outside a period (or a round) without reading them; row
groups of ``ROW_GROUP_ROWS`` rows keep that skipping fine-grained (a month of a
10M-record year is about seven of them).

Survey answers carry their response's ``round_id`` (``CARRIED``), which the store keeps
on the response only: a report reads one round of answers, and with the round on each
answer (and the answers in round order) DuckDB reads that round's row groups, not every
round's. The engine filters answers by it when the column is there (see
``measures.survey``) and still takes the respondents from the responses, so an export
without it (written before) gives the same figures, only slower.

Keys (``id`` and every ``…_id`` column) are written as 32-bit integers when their values
fit (:func:`narrow_keys`), as they do for any mission: the engine only compares and
counts them, and DuckDB reads, hashes and joins half the bytes: the benchmark's
workload at 10M service records took 0.89 of its time over the year with 32-bit keys.

Service records carry their person's sex, nationality and birth year (``person_sex``,
``person_nationality``, ``person_birth_year``; ``CARRIED``): a breakdown of distinct
people by a person's attribute then groups the records' people without joining the
person table (millions of rows at a regional office's sizes). The store keeps them on
the person only; the engine uses the carried columns when an export has them (see
``breakdown``) and joins the person table otherwise, with the same figures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from opsreport.indicators.backend import _quiet, connect_url
from opsreport.store import Store
from opsreport.store.models import Base

# tables kept at the mission: who imported what, rejected rows (raw cells), the audit log
NOT_EXPORTED = frozenset({"import_batch", "rejected_row", "audit_log", "mission"})
# the order each record table is written in (the columns periods and rounds filter on)
SORTED_BY = {
    "service_record": ("service_date", "id"),
    "event": ("start_date", "id"),
    "attendance": ("event_id", "id"),
    "event_topic": ("event_id", "topic_code"),
    "survey_response": ("round_id", "id"),
    "survey_answer": ("round_id", "response_id", "id"),
    "channel_metric": ("month", "id"),
    "transit_count": ("month", "id"),
}
ROW_GROUP_ROWS = 122_880  # DuckDB's own row group size
# columns an exported table carries from another table:
# (table, key, its key, {name in the export: column of that table})
CARRIED = {
    "survey_answer": ("survey_response", "response_id", "id", {"round_id": "round_id"}),
    "service_record": (
        "person",
        "person_id",
        "id",
        {
            "person_sex": "sex",
            "person_nationality": "nationality",
            "person_birth_year": "birth_year",
        },
    ),
}
INT32 = (-(2**31), 2**31 - 1)


def is_key(column: str) -> bool:
    """Whether a column is a key (its own ``id`` or another table's ``…_id``)."""
    return column == "id" or column.endswith("_id")


def narrow_keys(table: pa.Table) -> pa.Table:
    """``table`` with its 64-bit key columns as 32-bit integers where every value fits."""
    for index, field in enumerate(table.schema):
        if not (is_key(field.name) and pa.types.is_int64(field.type)):
            continue
        column = table.column(index)
        low, high = pc.min_max(column).values()
        if low.is_valid and (low.as_py() < INT32[0] or high.as_py() > INT32[1]):
            continue  # a key beyond 32 bits stays as it is
        table = table.set_column(index, field.with_type(pa.int32()), column.cast(pa.int32()))
    return table


def exported_tables() -> list[str]:
    """The store's tables a Parquet export holds, in dependency order."""
    return [t.name for t in Base.metadata.sorted_tables if t.name not in NOT_EXPORTED]


def export_parquet(store: Store, folder: str | Path) -> list[Path]:
    """Write each exported table as ``<folder>/<table>.parquet``; return the files.

    JSON columns (the survey instrument's question list) are written as text, which is
    how every backend reads them; record tables are sorted (``SORTED_BY``); keys that fit
    are 32-bit (:func:`narrow_keys`). The store is
    read through the database in one query per table; nothing is changed.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    con = connect_url(store.url)
    written = []
    try:
        for name in exported_tables():
            with _quiet:
                table = con.table(name)
                json_columns = [c for c, t in table.schema().items() if t.is_json()]
                if json_columns:
                    table = table.mutate(**{c: table[c].cast("string") for c in json_columns})
                if name in CARRIED:
                    table = _carry(con, table, *CARRIED[name])
                order = [c for c in SORTED_BY.get(name, ()) if c in table.columns]
                if order:
                    table = table.order_by(order)
                path = folder / f"{name}.parquet"
                arrow = narrow_keys(table.to_pyarrow())
                pq.write_table(arrow, path, row_group_size=ROW_GROUP_ROWS)
            written.append(path)
    finally:
        con.disconnect()
    return written


def _carry(
    con: Any, table: Any, other: str, key: str, other_key: str, columns: dict[str, str]
) -> Any:
    """``table`` with ``columns`` (new name: column) of the ``other`` table's row its
    ``key`` points to."""
    source = con.table(other)
    source = source.select(_key=source[other_key], **{n: source[c] for n, c in columns.items()})
    joined = table.left_join(source, table[key] == source["_key"])
    return joined.select(*table.columns, *columns)
