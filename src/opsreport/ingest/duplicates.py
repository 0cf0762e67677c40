"""Finding rows of one file that repeat an earlier row's record key, in flat memory.

A file of millions of rows cannot keep every key it has read in a Python set: that set
alone grows by about 100 bytes a row. Instead the keys of the rows accepted so far are
written to a temporary table of the import's own connection, inside the import's
transaction, with the key as its primary key; each chunk of rows asks that table which of
its keys were seen before (and on which row). Memory then holds one chunk of keys at a
time, whatever the file's length, and the database's page cache stays at its fixed size.

The table lives only as long as the import: it is dropped when the import ends, and a
rolled-back import (dry run, ``--strict``, a crash) takes its creation back with it.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Connection

from opsreport.ingest.writing import Raw

TABLE = "opsreport_import_seen_keys"


def key_text(key: Any) -> str:
    """One text per record key: text keys as themselves (the common, fast case).

    Other keys (dates, numbers, several columns) are written as ``repr`` behind a control
    character (PostgreSQL text may not hold NUL); a text key that happens to start with
    that character is written the same way, and the ``repr`` of a text starts with a
    quote, so two different keys never give the same text.
    """
    if isinstance(key, str) and not key.startswith(MARK):
        return key
    return MARK + repr(key)


MARK = "\x1e"  # the ASCII record separator


class SeenKeys:
    """The record keys accepted so far in this import, and the row that had each first."""

    def __init__(self, conn: Connection | sqlite3.Connection) -> None:
        self.raw = Raw(conn)
        cursor = self.raw.driver.cursor()
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        if self.raw.sqlite:
            cursor.execute(
                f"CREATE TEMP TABLE {TABLE} (key TEXT PRIMARY KEY, row INTEGER NOT NULL) "
                "WITHOUT ROWID"
            )
        else:
            cursor.execute(
                f"CREATE TEMP TABLE {TABLE} (key TEXT PRIMARY KEY, row INTEGER NOT NULL) "
                "ON COMMIT DROP"
            )

    def first_rows(self, keys: list[str]) -> dict[str, int]:
        """For the keys remembered, the row that had each first."""
        if not keys:
            return {}
        return dict(self.raw.select_in(TABLE, ["key", "row"], "key", keys))

    def claim(self, rows: list[tuple[str, int]]) -> bool:
        """Remember each key with its row (in file order), unless it was seen before.

        Returns whether every key was new and none came twice: the usual chunk, which then
        needs no look-up at all. Otherwise :meth:`first_rows` tells each key's first row,
        which for a row that did not repeat an earlier one is that row itself. On SQLite
        one insert that skips the keys already there does it all (its count of rows
        inserted answers the question); PostgreSQL, whose rows are copied in, looks first.
        """
        if not rows:
            return True
        if self.raw.sqlite:
            return self.raw.insert_new(TABLE, ["key", "row"], rows, "key") == len(rows)
        earlier = self.first_rows(list({key for key, _row in rows}))
        firsts = {key: row for key, row in reversed(rows) if key not in earlier}
        self.raw.insert(TABLE, ["key", "row"], firsts.items())
        return not earlier and len(firsts) == len(rows)

    def close(self) -> None:
        """Drop the table before the transaction ends, so the connection goes back clean."""
        self.raw.driver.cursor().execute(f"DROP TABLE IF EXISTS {TABLE}")
