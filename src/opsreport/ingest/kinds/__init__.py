"""The record kinds an import file can hold, and the registry that names them.

A :class:`RecordKind` bundles what the rest of the importer needs to know about one kind of
record: its columns (:mod:`opsreport.ingest.columns`), which columns identify a record
(so a re-import updates instead of duplicating), the rules that look at several columns
of a row at once, and the writer that puts accepted rows into the store.

Adding a kind (survey responses, for instance) is one more module that calls
:func:`register_kind`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from opsreport.errors import ImportError_
from opsreport.ingest.columns import Column
from opsreport.ingest.i18n import tr
from opsreport.ingest.reference import Reference

# (issue code, column name or None, message)
RowProblem = tuple[str, str | None, str]


@dataclass
class Options:
    """Choices of the person importing that change what is accepted."""

    allow_non_transit_at_etrm: bool = False
    today: dt.date = field(default_factory=dt.date.today)


@dataclass
class RecordKind:
    name: str  # the slug used on the command line: services, events, …
    title_en: str
    title_es: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # columns whose values identify one record
    writer: Callable[..., Any]  # a class: writer(conn, batch_id, reference) (see writing.py)
    check_row: Callable[[dict[str, Any], Reference, Options], Iterable[RowProblem]] | None = None
    # optional, for big files: given a chunk's values column by column, the positions of
    # the rows that may break a row rule (a superset); ``check_row`` then sees only those,
    # and must not change the values (the writer gets the columns: ``write_columns``)
    suspects: Callable[[dict[str, list[Any]], Reference, Options], Iterable[int]] | None = None
    tables: tuple[str, ...] = ()  # store tables this kind writes, for undo and docs

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def title(self, lang: str = "en") -> str:
        return self.title_es if lang == "es" else self.title_en


KINDS: dict[str, RecordKind] = {}


def register_kind(kind: RecordKind) -> RecordKind:
    KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> RecordKind:
    """The kind called ``name``; a clear error lists the known kinds."""
    _load_builtin()
    try:
        return KINDS[name]
    except KeyError:
        known = ", ".join(sorted(KINDS))
        raise ImportError_(
            tr("'{name}' is not a kind of record opsreport imports. Use one of: {known}.").format(
                name=name, known=known
            )
        ) from None


def all_kinds() -> list[RecordKind]:
    _load_builtin()
    return list(KINDS.values())


def _load_builtin() -> None:
    from opsreport.ingest.kinds import (  # noqa: F401 - registering is the import's effect
        attendance,
        channel_metrics,
        events,
        reference_data,
        services,
        staff,
        survey_responses,
        transits,
    )


_load_builtin()  # the built-in kinds are registered once this module is imported
