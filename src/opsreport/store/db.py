"""Opening the store: one database URL chooses SQLite (default) or PostgreSQL.

``open_store(url)`` returns a :class:`Store` with an engine and a session factory;
``Store.migrate()`` brings the schema to the newest Alembic revision.
SQLite files are opened in WAL mode with foreign keys enforced.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from opsreport.errors import StoreError
from opsreport.settings import database_url

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


@dataclass
class Store:
    url: str
    engine: Engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def sessions(self) -> sessionmaker[Session]:
        return sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    def migrate(self) -> str:
        """Create or upgrade the schema to the newest revision; returns that revision."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["engine"] = self.engine
        try:
            command.upgrade(config, "head")
        except OperationalError as exc:
            raise StoreError(
                f"Could not create or upgrade the store at {self.safe_url}: {exc.orig}"
            ) from exc
        return self.revision() or ""

    def revision(self) -> str | None:
        if not inspect(self.engine).has_table("alembic_version"):
            return None
        with self.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()

    def is_initialised(self) -> bool:
        return self.revision() is not None

    @property
    def safe_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None) -> Store:
    """Open (not create) the store at ``url``, the environment's, or the default file."""
    url = database_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"'{url}' is not a database URL. Use sqlite:///path/to/file.db or "
            "postgresql+psycopg://user:password@host/database."
        ) from None
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url)
    except Exception as exc:  # unknown dialect or driver
        raise StoreError(
            f"Cannot open {parsed.render_as_string(hide_password=True)}: {exc}"
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return Store(url=url, engine=engine)
