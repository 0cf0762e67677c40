"""Connecting Ibis to the database the store uses, so indicators run where the data is.

The engine builds Ibis expressions and lets the database aggregate; only totals and short
lists come back. This module is the one place that knows which Ibis backend a store
needs: a SQLite file, a PostgreSQL server, or (for regional consolidation) DuckDB over
Parquet files or an attached SQLite file, or PySpark over Parquet files. Everything else
talks to :class:`Tables`.

What was checked on Ibis 12: SQLite ``DATE`` columns (ISO text written by SQLAlchemy)
come through as ``date`` and compare with Python dates as ISO strings, which sorts like
dates; ``nunique()`` compiles to ``COUNT(DISTINCT …)`` and ignores nulls (so head-count
attendance rows without a person add nothing to it); JSON columns must be cast to text
before fetching, since Ibis' SQLite path cannot turn decoded dicts into Arrow.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ibis
from sqlalchemy.engine import make_url

from opsreport.errors import StoreError
from opsreport.indicators.i18n import tr
from opsreport.store import Store


@contextmanager
def _quiet() -> Iterator[None]:
    """Hide the deprecation chatter Ibis' SQLite and DuckDB paths trigger on every fetch."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*infer_string.*")
        warnings.filterwarnings("ignore", message=".*fetch_arrow_table.*")
        yield


def connect_url(url: str) -> Any:
    """An Ibis backend connected to the database of a SQLAlchemy ``url``."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise StoreError(tr("Indicators need a SQLite file, not an in-memory database."))
        return ibis.sqlite.connect(parsed.database)
    if backend == "postgresql":
        return ibis.postgres.connect(
            host=parsed.host or "localhost",
            port=parsed.port or 5432,
            user=parsed.username,
            password=parsed.password,
            database=parsed.database,
        )
    raise StoreError(
        tr("Indicators cannot run on a '{backend}' database yet.").format(backend=backend)
    )


def connect_duckdb(
    *, parquet_folder: str | Path | None = None, sqlite_file: str | Path | None = None
) -> Any:
    """A DuckDB backend whose tables are Parquet files (``<table>.parquet``) or a SQLite file.

    This is the regional path: many missions' exports, one catalogue, one machine.
    """
    con = ibis.duckdb.connect()
    if sqlite_file is not None:
        con.attach_sqlite(str(sqlite_file))
    if parquet_folder is not None:
        for file in sorted(Path(parquet_folder).glob("*.parquet")):
            # a view per file, as read_parquet() makes, without its schema look-up (which
            # Tables does when a computation first uses the table)
            path = str(file.resolve()).replace("'", "''")
            name = file.stem.replace('"', '""')
            con.raw_sql(
                f"CREATE OR REPLACE TEMP VIEW \"{name}\" AS SELECT * FROM read_parquet('{path}')"
            )
    return con


def connect_spark(parquet_folder: str | Path, session: Any = None) -> Any:
    """An Ibis PySpark backend over a folder of ``<table>.parquet`` exports.

    For consolidations too big for one machine. Needs the ``spark`` extra
    (``pip install 'opsreport[spark]'``) and a Java runtime; without ``session`` a local
    one is started (all cores of this machine, no web UI).
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:  # pragma: no cover - depends on the installation
        raise StoreError(tr("PySpark is not installed: pip install 'opsreport[spark]'.")) from None
    if session is None:
        session = (
            SparkSession.builder.master("local[*]")
            .appName("opsreport")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate()
        )
    con = ibis.pyspark.connect(session)
    for file in sorted(Path(parquet_folder).glob("*.parquet")):
        with _quiet():
            con.read_parquet(file, table_name=file.stem)
    return con


class Tables:
    """The store's tables as Ibis tables, opened once per computation.

    On a caller's connection (``shared=True``: DuckDB over Parquet, PySpark, any Ibis
    connection passed to ``compute()``) the tables are kept on the connection between
    computations, so a dashboard or a report that computes the figures and then one
    breakdown after another reads each table's columns once, not once per computation
    (a ``DESCRIBE`` of a Parquet view each on DuckDB). Such a connection's tables must
    keep their columns while it is used; their rows may change.

    On DuckDB the SQL of each query is compiled once per connection and run on DuckDB's
    own connection: the same query asked again (the survey rounds and the instrument's
    questions, once per computation) is not compiled by Ibis again.
    """

    def __init__(self, con: Any, shared: bool = False) -> None:
        self.con = con
        kept = con.__dict__.setdefault(_KEPT, {}) if shared else {}
        self._cache: dict[str, Any] = kept.setdefault("tables", {})
        self._sql: dict[Any, str] | None = (
            kept.setdefault("sql", {}) if getattr(con, "name", None) == "duckdb" else None
        )

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._cache:
            with _quiet():
                self._cache[name] = self.con.table(name)
        return self._cache[name]

    def _arrow(self, expr: Any) -> Any:
        """``expr.to_pyarrow()``; on DuckDB with the query's SQL compiled once."""
        if self._sql is None:
            return expr.to_pyarrow()
        from ibis.backends.duckdb.converter import DuckDBPyArrowData

        table = expr.as_table()
        op = table.op()
        sql = self._sql.get(op)
        if sql is None:
            sql = self._sql[op] = self.con.compile(table)
        # what Ibis' DuckDB to_pyarrow() does after compiling (the engine's expressions
        # read only the connection's own tables: no in-memory tables to register first)
        fetched = self.con.con.sql(sql).to_arrow_table()
        return expr.__pyarrow_result__(fetched, data_mapper=DuckDBPyArrowData)

    def rows(self, expr: Any) -> list[dict[str, Any]]:
        """The (few) rows of an already aggregated or filtered expression, as dicts."""
        with _quiet():
            return self._arrow(expr).to_pylist()

    def scalar(self, expr: Any) -> Any:
        """One aggregate value (None when there was nothing to aggregate)."""
        with _quiet():
            return self._arrow(expr).as_py()


# the attribute of a caller's connection that keeps its Tables' tables and DuckDB SQL
_KEPT = "_opsreport_kept"


@contextmanager
def open_tables(store: Store | Any) -> Iterator[Tables]:
    """Ibis tables over the store's database (closed when done), or over an Ibis connection."""
    if not isinstance(store, Store):
        yield Tables(store, shared=True)  # the caller's connection: the caller closes it
        return
    con = connect_url(store.url)
    try:
        yield Tables(con)
    finally:
        con.disconnect()
