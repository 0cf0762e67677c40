"""Shared fixtures: real stores on SQLite and on a throw-away PostgreSQL server.

- ``postgres_url`` (session): a PostgreSQL server started from the machine's binaries in a
  temporary folder, or the server named by ``OPSREPORT_TEST_POSTGRES_URL``.
- ``fresh_store``: an empty migrated store per test, once on SQLite and once on PostgreSQL.
- ``sqlite_store``: the same, SQLite only.
- ``demo_store`` / ``demo_store_pg`` (session): the demo mission built once; read-only.

Every test runs with its own ``OPSREPORT_HOME``, a fixed ``OPSREPORT_SECRET`` and no
``OPSREPORT_DATABASE_URL``, so nothing touches ``~/.opsreport``. Tests that need
PostgreSQL get the ``postgres`` marker: ``pytest -m "not postgres"`` is a quick local run.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# pytest runs with --import-mode=importlib (pyproject.toml) so that test modules of two
# folders may share a basename (tests/indicators/test_catalogue.py and
# tests/report/test_catalogue.py). That mode does not put a test's folder on sys.path, so
# do it here: helper modules beside the tests (indicator_builder.py, seed_results.py, …)
# stay importable by their plain name, as under pytest's default mode.
sys.path.insert(0, str(Path(__file__).parent))  # helpers shared by folders (catalogue_checks)
for _folder in sorted(Path(__file__).parent.iterdir()):
    if _folder.is_dir() and _folder.name[0] not in "._" and str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

# The command line speaks the language of OPSREPORT_LANG or the locale, chosen when
# opsreport.cli is first imported: tests that read its English words must not depend on
# the developer's LANG (tests/cli/test_language.py sets the language of each run it makes).
os.environ["OPSREPORT_LANG"] = "en"

TEST_SECRET = "opsreport-test-secret-0123456789abcdef0123456789abcdef"
POSTGRES_FIXTURES = {"postgres_url", "demo_store_pg"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if POSTGRES_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own home folder and the fixed test secret."""
    home = tmp_path / "opsreport-home"
    monkeypatch.setenv("OPSREPORT_HOME", str(home))
    monkeypatch.setenv("OPSREPORT_SECRET", TEST_SECRET)
    monkeypatch.delenv("OPSREPORT_DATABASE_URL", raising=False)
    return home


# --------------------------------------------------------------------------- PostgreSQL


def _postgres_bin() -> Path | None:
    """The newest PostgreSQL server binaries installed the Debian way."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _PostgresServer:
    """initdb + pg_ctl in a temporary folder; as root, run as the postgres system user."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="opsreport-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.folder, user="postgres", group="postgres")

    def run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}\n{log}"
            )

    def start(self) -> str:
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                 "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
        for attempt in range(3):
            # another test session may take the free port first: then try another one
            options = (
                f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            try:
                self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w",
                         "-t", "60", "-o", options, "start")  # fmt: skip
                break
            except RuntimeError:
                if attempt == 2:
                    raise
                self.port = _free_port()
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """Base URL of a real PostgreSQL server, connected to its ``postgres`` database."""
    existing = os.environ.get("OPSREPORT_TEST_POSTGRES_URL")
    if existing:
        yield existing
        return
    bindir = _postgres_bin()
    if bindir is None:
        pytest.fail(
            "PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb). "
            "Run 'make test', which installs them, or set OPSREPORT_TEST_POSTGRES_URL.",
            pytrace=False,
        )
    server = _PostgresServer(bindir)
    try:
        url = server.start()
        yield url
    finally:
        server.stop()


def _admin_engine(base_url: str):
    from sqlalchemy import create_engine

    return create_engine(base_url, isolation_level="AUTOCOMMIT")


class _Database:
    """A uniquely named database on the test server, dropped when done."""

    def __init__(self, base_url: str, prefix: str = "test") -> None:
        from sqlalchemy.engine import make_url

        self.name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self.base_url = base_url
        self.admin = _admin_engine(base_url)
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
        self.url = make_url(base_url).set(database=self.name).render_as_string(hide_password=False)

    def drop(self) -> None:
        try:
            with self.admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        finally:
            self.admin.dispose()


# --------------------------------------------------------------------------- stores


def _migrated(url: str):
    from opsreport.store import open_store

    store = open_store(url)
    store.migrate()
    return store


@pytest.fixture
def sqlite_store(tmp_path: Path):
    """An empty migrated store in a SQLite file of the test's own folder."""
    store = _migrated(f"sqlite:///{tmp_path / 'store.db'}")
    yield store
    store.dispose()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def fresh_store(request: pytest.FixtureRequest, tmp_path: Path):
    """An empty migrated store: once on SQLite, once on a new PostgreSQL database."""
    if request.param == "sqlite":
        store = _migrated(f"sqlite:///{tmp_path / 'store.db'}")
        yield store
        store.dispose()
        return
    database = _Database(request.getfixturevalue("postgres_url"))
    try:
        store = _migrated(database.url)
        try:
            yield store
        finally:
            store.dispose()
    finally:
        database.drop()


def _build_demo(url: str, home: Path):
    """Migrate the store at ``url`` and build the demo into it with the test secret."""
    from opsreport.demo import build_demo

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OPSREPORT_HOME", str(home))
        mp.setenv("OPSREPORT_SECRET", TEST_SECRET)
        mp.delenv("OPSREPORT_DATABASE_URL", raising=False)
        store = _migrated(url)
        build_demo(store)
    return store


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory):
    """The demo mission on SQLite, built once per session. Use it read-only."""
    folder = tmp_path_factory.mktemp("demo")
    store = _build_demo(f"sqlite:///{folder / 'demo.db'}", folder / "home")
    yield store
    store.dispose()


@pytest.fixture(scope="session")
def demo_store_pg(postgres_url: str, tmp_path_factory: pytest.TempPathFactory):
    """The demo mission on PostgreSQL, built once per session. Use it read-only."""
    database = _Database(postgres_url, prefix="demo")
    try:
        store = _build_demo(database.url, tmp_path_factory.mktemp("demo-pg"))
        try:
            yield store
        finally:
            store.dispose()
    finally:
        database.drop()
