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

import threading
import warnings
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.operations as ops
from sqlalchemy.engine import make_url

from opsreport.errors import StoreError
from opsreport.indicators.i18n import tr
from opsreport.indicators.once import Once
from opsreport.store import Store


class _Quiet:
    """Hide the deprecation chatter Ibis' SQLite and DuckDB paths trigger on every fetch.

    Python's warning filters are the process's, not a thread's: the first of the engine's
    threads to fetch sets them, the last to finish puts them back (one ``catch_warnings``
    per thread would put back another thread's filters while it fetches).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fetching = 0
        self._caught: Any = None

    def __enter__(self) -> None:
        with self._lock:
            if self._fetching == 0:
                self._caught = warnings.catch_warnings()
                self._caught.__enter__()
                warnings.filterwarnings("ignore", message=".*infer_string.*")
                warnings.filterwarnings("ignore", message=".*fetch_arrow_table.*")
                warnings.filterwarnings("ignore", message=".*DB-API result makes an extra copy.*")
            self._fetching += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._fetching -= 1
            if self._fetching == 0:
                self._caught.__exit__(None, None, None)
                self._caught = None


_quiet = _Quiet()


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
    con.__dict__[_CURSORS] = True
    if sqlite_file is not None:
        con.attach_sqlite(str(sqlite_file))
    if parquet_folder is not None:
        views = []
        for file in sorted(Path(parquet_folder).glob("*.parquet")):
            # a view per file, as read_parquet() makes, without its schema look-up (which
            # Tables does when a computation first uses the table)
            path = str(file.resolve()).replace("'", "''")
            name = file.stem.replace('"', '""')
            # not TEMP: a temporary view is seen by its own connection only, and the
            # engine's threads query through cursors of their own (see Tables)
            views.append(
                f"CREATE OR REPLACE VIEW \"{name}\" AS SELECT * FROM read_parquet('{path}')"
            )
        if views:  # one script: one round trip instead of one per file
            con.con.execute(";\n".join(views))
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
        with _quiet:
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
    questions, once per computation) is not compiled by Ibis again. The selections many
    queries start from are built once (:meth:`view`), kept like the tables.
    """

    def __init__(self, con: Any, shared: bool = False) -> None:
        self.con = con
        kept = con.__dict__.setdefault(_KEPT, {}) if shared else {}
        self._kept = kept
        self._lock = kept.setdefault("lock", threading.RLock())
        self._cache: dict[str, Any] = kept.setdefault("tables", {})
        self._columns: dict[str, list[tuple[str, str, bool]]] | None = None
        duckdb = getattr(con, "name", None) == "duckdb"
        self._sql: dict[Any, str] | None = kept.setdefault("sql", {}) if duckdb else None
        self._views: Once = kept.setdefault("views", Once())
        # DuckDB connections made by connect_duckdb(): each thread queries through a
        # cursor of its own (a DuckDB connection is not to be used by two threads at once)
        self.threads = bool(duckdb and shared and con.__dict__.get(_CURSORS))
        self._local = threading.local()
        self._cursors: list[Any] = []

    def close(self) -> None:
        """Close the cursors the computation's threads opened."""
        with self._lock:
            cursors, self._cursors = self._cursors, []
        for cursor in cursors:
            cursor.close()

    def _duckdb(self) -> Any:
        """The DuckDB connection of the calling thread (a cursor of its own when threaded)."""
        if not self.threads:
            return self.con.con
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._local.cursor = self.con.con.cursor()
            with self._lock:
                self._cursors.append(cursor)
        return cursor

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        cache = self._cache
        if name not in cache:
            with self._lock, _quiet:
                if name not in cache:
                    table = self._listed(name)
                    cache[name] = table if table is not None else self.con.table(name)
        return cache[name]

    def _listed(self, name: str) -> Any:
        """On DuckDB, the table ``name`` from one look-up of every table's columns.

        Ibis asks DuckDB for each table's columns with a ``DESCRIBE`` of its own (18 in
        the benchmark's workload: 0.06 s, against 0.03 s for one query of DuckDB's
        catalogue answering for all tables at once, at 1M records on a busy machine).
        A name found in several schemas, or a table with geometry (which needs the
        spatial extension loaded), is left to Ibis, which knows those cases.
        """
        if self._sql is None:
            return None
        if self._columns is None:
            if "columns" not in self._kept:
                self._kept["columns"] = _duckdb_columns(self._duckdb())
            self._columns = self._kept["columns"]
        columns = self._columns.get(name)
        if columns is None:
            return None
        mapper = self.con.compiler.type_mapper
        schema = ibis.schema(
            {column: mapper.from_string(kind, nullable=null) for column, kind, null in columns}
        )
        if schema.geospatial:
            return None
        table = ops.DatabaseTable(
            name, schema=schema, source=self.con, namespace=ops.Namespace(None, None)
        )
        return table.to_expr()

    def view(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """The records ``build()`` selects, built once per ``key`` (a table expression).

        Many queries start from the same selection (an indicator's records in the
        period with their sites, a round's answers with their respondents), then group
        it one way or another: the headline figure, its facets, each breakdown. On
        DuckDB the selection becomes a temporary view of the connection, so the queries
        over it are built and compiled from one table instead of the whole selection
        again: Ibis' work grows with the expression, DuckDB's does not (it expands the
        view into each query before optimising it, so the plan is the same): Ibis'
        compiling of the benchmark's 60 queries at 1M records went from about 0.37 to
        0.2 s of CPU.
        Elsewhere the built expression is reused as it is. A view reads the rows as
        they are when a query runs, like the tables. ``key`` must name everything the
        selection depends on (the period, the filters, the round).
        """
        return self._views.get(key, lambda: self._view(build()))

    def _view(self, expr: Any) -> Any:
        if self._sql is None:
            return expr
        with self._lock:
            name = f"_opsreport_view_{self._kept.setdefault('named', 0)}"
            self._kept["named"] += 1
        sql = _compile_unfused(self.con, expr)
        kind = "VIEW" if self.threads else "TEMP VIEW"  # a temporary one: this cursor's only
        self._duckdb().execute(f'CREATE OR REPLACE {kind} "{name}" AS {sql}')
        return ops.DatabaseTable(
            name, schema=expr.schema(), source=self.con, namespace=ops.Namespace(None, None)
        ).to_expr()

    def _arrow(self, expr: Any) -> Any:
        """``expr.to_pyarrow()``; on DuckDB with the query's SQL compiled once."""
        if self._sql is None:
            return expr.to_pyarrow()
        from ibis.backends.duckdb.converter import DuckDBPyArrowData

        table = expr.as_table()
        op = table.op()
        sql = self._sql.get(op)
        if sql is None:
            sql = self._sql[op] = _compile_unfused(self.con, table)
        # what Ibis' DuckDB to_pyarrow() does after compiling (the engine's expressions
        # read only the connection's own tables: no in-memory tables to register first),
        # but run as a statement: a relation (con.sql) binds the query once to learn its
        # columns and again to run it, and the results are a few rows, so the copy
        # DuckDB warns of costs nothing. 60 queries at 1M records: 0.73 -> 0.63 s.
        fetched = self._duckdb().execute(sql).to_arrow_table()
        return expr.__pyarrow_result__(fetched, data_mapper=DuckDBPyArrowData)

    def rows(self, expr: Any) -> list[dict[str, Any]]:
        """The (few) rows of an already aggregated or filtered expression, as dicts."""
        with _quiet:
            return self._arrow(expr).to_pylist()

    def scalar(self, expr: Any) -> Any:
        """One aggregate value (None when there was nothing to aggregate)."""
        with _quiet:
            return self._arrow(expr).as_py()


def _duckdb_columns(duck: Any) -> dict[str, list[tuple[str, str, bool]]]:
    """Every table's and view's columns (name, type, nullable), by table name; names found
    in more than one schema are left out (which one a query reads depends on the path)."""
    rows = duck.execute(
        "SELECT database_name, schema_name, table_name, column_name, data_type, is_nullable"
        " FROM duckdb_columns() WHERE NOT internal ORDER BY table_name, column_index"
    ).fetchall()
    columns: dict[str, list[tuple[str, str, bool]]] = {}
    places: dict[str, set[tuple[str, str]]] = {}
    for database, schema, table, column, kind, null in rows:
        places.setdefault(table, set()).add((database, schema))
        columns.setdefault(table, []).append((column, kind, bool(null)))
    return {table: cols for table, cols in columns.items() if len(places[table]) == 1}


def _compile_unfused(con: Any, table: Any) -> str:
    """``con.compile(table)`` without Ibis merging nested SELECTs into one.

    The merging is a rewrite pass over the whole expression for each query, about a
    quarter of Ibis' compile time on the engine's queries (0.32 -> 0.25 s for the 60 of a
    1M-record workload), and DuckDB's optimizer flattens the nested SELECTs itself: the
    queries ran as fast either way. Only the SQL's shape changes, not its meaning. The
    option is Ibis-wide, so it is set only while compiling.
    """
    with _COMPILING:  # the engine's threads: one at a time (the option is Ibis-wide)
        option = ibis.options.sql
        fuse = option.fuse_selects
        option.fuse_selects = False
        try:
            return con.compile(table)
        finally:
            option.fuse_selects = fuse


_COMPILING = threading.Lock()


# the attribute of a caller's connection that keeps its Tables' tables and DuckDB SQL
_KEPT = "_opsreport_kept"
# the attribute of a DuckDB connection whose tables every cursor sees (connect_duckdb's)
_CURSORS = "_opsreport_cursors"


@contextmanager
def open_tables(store: Store | Any) -> Iterator[Tables]:
    """Ibis tables over the store's database (closed when done), or over an Ibis connection."""
    if not isinstance(store, Store):
        tables = Tables(store, shared=True)  # the caller's connection: the caller closes it
        try:
            yield tables
        finally:
            tables.close()
        return
    con = connect_url(store.url)
    try:
        yield Tables(con)
    finally:
        con.disconnect()
