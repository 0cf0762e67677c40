"""Where opsreport keeps its things, chosen by environment variables or options.

- ``OPSREPORT_HOME``: folder of the embedded default store and the installation secret
  (default ``~/.opsreport``).
- ``OPSREPORT_DATABASE_URL``: the store; default ``sqlite:///$OPSREPORT_HOME/opsreport.db``.
  ``postgresql+psycopg://user:pass@host/db`` selects a PostgreSQL server.
- ``OPSREPORT_SECRET``: the key of the keyed hash that turns personal identifiers into
  pseudonymous keys; default: a random key created once in ``$OPSREPORT_HOME/secret.key``.
- ``OPSREPORT_LANG``: the language the command line speaks (``en`` or ``es``); default:
  the POSIX locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from opsreport.errors import ConfigError


def home() -> Path:
    return Path(os.environ.get("OPSREPORT_HOME") or Path.home() / ".opsreport")


def _make_home(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"Cannot use {folder} as OPSREPORT_HOME ({exc.strerror}); "
            "point OPSREPORT_HOME at a folder you can write to."
        ) from None


def database_url(explicit: str | None = None) -> str:
    """The store's URL: the option, else the environment, else the embedded SQLite file."""
    url = explicit or os.environ.get("OPSREPORT_DATABASE_URL")
    if url:
        return url
    folder = home()
    _make_home(folder)
    return f"sqlite:///{folder / 'opsreport.db'}"


def secret_key() -> bytes:
    """The installation's secret for pseudonymous keys (never stored in the database)."""
    env = os.environ.get("OPSREPORT_SECRET")
    if env:
        return env.encode()
    path = home() / "secret.key"
    if not path.exists():
        _make_home(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    key = path.read_text().strip()
    if len(key) < 32:
        raise ConfigError(f"The secret key in {path} is too short; delete it to make a new one.")
    return key.encode()


def _language_code(value: str) -> str:
    """``es_PA.UTF-8`` -> ``es``; ``C`` and ``POSIX`` (no language at all) -> ``en``."""
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return "en" if code in ("", "c", "posix") else code


def interface_language() -> str:
    """The language of the command line: ``OPSREPORT_LANG``, else the locale, else ``en``.

    The locale variables are read in POSIX order (the first one set wins, so ``LC_ALL=C``
    means English whatever ``LANG`` says). The result may name a language without a
    catalogue (``fr``); the caller falls back to English then.
    """
    for name in ("OPSREPORT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").strip()
        if value:
            return _language_code(value)
    return "en"
