"""The record store: table definitions, opening a database from a URL, migrations."""

from opsreport.store.db import Store, open_store

__all__ = ["Store", "open_store"]
