"""Listing import batches and undoing one, in any order, without losing a later change.

Undoing batch N deletes the records it inserted and puts back what its updates replaced
(the ``replaced`` list of its import audit entry). That is only right while no later
batch still standing changed the same records: putting N's "before" values back would
overwrite the later batch's newer ones, and deleting a record N inserted would lose the
later batch's update of it. So undo first looks for such batches (a later batch's
``replaced`` entries naming a record N inserted or updated) and, if there is one,
refuses, names them, and changes nothing: undoing them first (newest first) is always
possible. A later batch that changed none of N's records does not stop the undo and
keeps its records as they are.

Survey rounds are not records of one batch: every import into a round stretches its
fieldwork. The survey kind fits a round again after an undo
(:meth:`~opsreport.ingest.kinds.survey_responses.SurveyResponseWriter.undo`), so they
never stop an undo.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError

from opsreport.errors import ImportError_
from opsreport.ingest.i18n import tr
from opsreport.ingest.kinds import get_kind
from opsreport.ingest.writing import Raw, restore
from opsreport.store import models as m

# a record's list kept in another table: its entries name the owning record's id
OWNERS = {"event_topic": "event", "survey_answer": "survey_response"}
# rows every import into them changes, fitted again by their kind's undo
FITTED = {"survey_round", "survey_instrument"}
TARGET_LENGTH = 200  # audit_log.target's size


@dataclass
class Undone:
    """What undoing a batch did."""

    batch_id: int
    removed: dict[str, int] = field(default_factory=dict)  # table -> rows deleted
    restored: int = 0  # records whose replaced values were put back (``replaced`` entries)
    later_kept: list[int] = field(default_factory=list)  # later batches left standing


def list_batches(store) -> list[m.ImportBatch]:
    """Every import batch, newest first."""
    with store.session() as session:
        return list(session.scalars(select(m.ImportBatch).order_by(m.ImportBatch.id.desc())))


def undo_batch(store, batch_id: int, actor: str | None = None) -> dict[str, int]:
    """Remove the records a batch added and put back what it changed; audited.

    Returns the rows removed per table (:func:`undo` says more).
    """
    return undo(store, batch_id, actor).removed


def undo(store, batch_id: int, actor: str | None = None) -> Undone:
    """Undo batch ``batch_id`` in one transaction; audited.

    Refuses, changing nothing, when a later batch that is not undone changed records this
    batch wrote (the message names those batches), or when later records still use what
    the batch added (a site of an imported office, say).
    """
    try:
        return _undo(store, batch_id, actor)
    except OperationalError as error:
        if "locked" not in str(error.orig):  # SQLite's write lock, still held by an import
            raise
        raise ImportError_(
            tr(
                "Batch {batch} was not undone: an import is still writing to the store. "
                "Nothing was changed; try again when it has finished."
            ).format(batch=batch_id)
        ) from None
    except IntegrityError:
        raise ImportError_(
            tr(
                "Batch {batch} cannot be undone: records imported later still use what it "
                "added. Undo those batches first ('opsreport batches' lists them)."
            ).format(batch=batch_id)
        ) from None


def _undo(store, batch_id: int, actor: str | None) -> Undone:
    from opsreport.ingest.batch import current_user

    batches = m.ImportBatch.__table__
    audit = m.AuditEntry.__table__
    with store.engine.begin() as conn:
        _hold_imports(conn, batch_id)
        batch = conn.execute(select(batches).where(batches.c.id == batch_id)).first()
        if batch is None:
            raise ImportError_(
                tr("There is no batch {batch}. 'opsreport batches' lists them.").format(
                    batch=batch_id
                )
            )
        if batch.status == "undone":
            raise ImportError_(tr("Batch {batch} was already undone.").format(batch=batch_id))
        later = list(
            conn.execute(
                select(batches.c.id)
                .where(batches.c.id > batch_id, batches.c.status != "undone")
                .order_by(batches.c.id)
            ).scalars()
        )
        replaced = import_details(conn, [batch_id, *later])
        blocking = later_changes(conn, batch_id, replaced, later)
        if blocking:
            raise ImportError_(_refusal(batch_id, blocking))
        mine = replaced.get(batch_id, [])
        restore(conn, mine)
        kind = get_kind(batch.kind)
        removed = kind.writer.undo(conn, batch_id)
        conn.execute(update(batches).where(batches.c.id == batch_id).values(status="undone"))
        if "person" in kind.tables:
            gone = _people_of_undone_batches(conn, batch_id)
            removed["person"] = removed.get("person", 0) + gone
        restored = sum(1 for entry in mine if not entry.get("made"))
        done = Undone(batch_id, removed, restored, later)
        conn.execute(
            insert(audit).values(
                actor=actor or current_user(),
                action="undo",
                target=f"batch {batch_id}: {batch.kind} from {batch.file_name}"[:TARGET_LENGTH],
                detail={
                    "batch_id": batch_id,
                    "removed": removed,
                    "restored": done.restored,
                    "later_batches_kept": later,
                },
            )
        )
    return done


def _hold_imports(conn: Connection, batch_id: int) -> None:
    """Wait for the imports in progress to end, and keep new ones (and other undos) out
    until this undo commits: an import committed between the look for later changes and
    the restore would be overwritten. An import holds its ``import_batch`` row's table
    from its first statement to its commit. PostgreSQL: a table lock that conflicts with
    inserting a batch and with itself. SQLite: a first statement that writes takes the
    database's one write lock (waiting for the import as long as the busy timeout), and
    the transaction then reads the store as it is, imports included."""
    batches = m.ImportBatch.__table__
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"LOCK TABLE {batches.name} IN SHARE ROW EXCLUSIVE MODE"))
    else:
        conn.execute(
            update(batches).where(batches.c.id == batch_id).values(status=batches.c.status)
        )


def import_details(conn: Connection, batch_ids: Iterable[int] | None = None) -> dict[int, list]:
    """batch id -> the ``replaced`` list of its import audit entry (of the batches given,
    or of every batch). Entries are matched by the ``batch_id`` of their structured
    detail, never by their text."""
    wanted = None if batch_ids is None else set(batch_ids)
    audit = m.AuditEntry.__table__
    found: dict[int, list] = {}
    query = select(audit.c.detail).where(audit.c.action == "import").order_by(audit.c.id)
    for detail in conn.execute(query).scalars():
        if not detail or detail.get("batch_id") is None:
            continue
        if wanted is None or detail["batch_id"] in wanted:
            found[detail["batch_id"]] = detail.get("replaced") or []
    return found


def _record(entry: dict[str, Any]) -> tuple[str, str, Any] | None:
    """The record an entry of ``replaced`` changed: (table, "id" or "code", value); None
    for rows made besides records and the rows kinds fit themselves."""
    if entry.get("made") or entry["table"] in FITTED:
        return None
    table = OWNERS.get(entry["table"], entry["table"])
    if "code" in entry:
        return table, "code", entry["code"]
    return table, "id", entry["id"]


def later_changes(
    conn: Connection, batch_id: int, replaced: dict[int, list], later: list[int]
) -> dict[int, int]:
    """later batch -> how many records ``batch_id`` wrote (inserted or updated) that it
    changed, for the ``later`` batches that changed any."""
    updated = {r for r in map(_record, replaced.get(batch_id, [])) if r is not None}
    changed: dict[int, set[tuple]] = {}
    for other in later:
        records = {r for r in map(_record, replaced.get(other, [])) if r is not None}
        if records:
            changed[other] = records
    # of the records later batches changed, those this batch inserted (its batch_id)
    asked: dict[tuple[str, str], set] = defaultdict(set)
    for records in changed.values():
        for table, column, value in records - updated:
            asked[(table, column)].add(value)
    inserted = set()
    raw = Raw(conn)
    for (table, column), values in asked.items():
        for value, owner in raw.select_in(table, [column, "batch_id"], column, sorted(values)):
            if owner == batch_id:
                inserted.add((table, column, value))
    mine = updated | inserted
    counts = {other: len(records & mine) for other, records in changed.items()}
    return {other: n for other, n in counts.items() if n}


def _refusal(batch_id: int, blocking: dict[int, int]) -> str:
    later = ", ".join(str(b) for b in sorted(blocking))
    if len(blocking) == 1:
        return tr(
            "Batch {later} changed records batch {batch} wrote: undo batch {later} first. "
            "Nothing was changed."
        ).format(later=later, batch=batch_id)
    return tr(
        "Batches {later} changed records batch {batch} wrote: undo them first, the newest "
        "first. Nothing was changed."
    ).format(later=later, batch=batch_id)


def _people_of_undone_batches(conn: Connection, batch_id: int) -> int:
    """Delete the people that batches undone before ``batch_id`` brought in and no record
    mentions any more: a person whose records a later batch still used when its batch was
    undone stays until that later batch goes too. (The kind's undo removed the people of
    ``batch_id`` itself.) The records are only scanned when there are such people."""
    person = m.Person.__table__
    batches = m.ImportBatch.__table__
    undone = select(batches.c.id).where(batches.c.status == "undone", batches.c.id != batch_id)
    ours = person.c.batch_id.in_(undone)
    if conn.execute(select(person.c.id).where(ours).limit(1)).first() is None:
        return 0
    used = select(m.ServiceRecord.person_id).union(
        select(m.Attendance.person_id).where(m.Attendance.person_id.is_not(None))
    )
    return conn.execute(delete(person).where(ours, person.c.id.not_in(used))).rowcount
