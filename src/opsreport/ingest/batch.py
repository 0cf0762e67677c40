"""Importing a file as one batch (listing and undoing batches: :mod:`.undo`).

An import is one database transaction: the records, the ``import_batch`` row, every
rejected row and the audit entry are committed together or not at all, so an import
killed half-way leaves the store as it was and running it again completes it. Rows are
identified by the kind's key (record ID; month+channel+metric; hashed staff ID), so
importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import codecs
import gc
import getpass
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, update

from opsreport.errors import ImportError_
from opsreport.ingest.dates import DATE_FORMATS, evidence
from opsreport.ingest.duplicates import MARK, SeenKeys, key_text
from opsreport.ingest.i18n import in_one_language, tr
from opsreport.ingest.issues import Issue
from opsreport.ingest.kinds import Options, RecordKind, get_kind
from opsreport.ingest.layout import Layout, find_layout
from opsreport.ingest.mapping import Mapping, load_mapping
from opsreport.ingest.pipeline import Pipeline, use_pipeline
from opsreport.ingest.readers import RowStream, file_format, read_rows, sheet_name
from opsreport.ingest.reference import load_reference
from opsreport.ingest.validate import RowChecker
from opsreport.ingest.writing import BulkIndexes, Counts, References
from opsreport.privacy import person_key
from opsreport.store import models as m

SQLITE_CACHE_KIB = 64 * 1024  # SQLite's page cache during an import: fixed, not per row
SQLITE_TEMP_CACHE_KIB = 16 * 1024  # the duplicate check's temporary database's
CHUNK = 5000  # rows per write: big enough that each statement's cost is spread thin


def current_user() -> str:
    """Who runs the import, for the audit log; containers may have no user name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass
class RejectedLine:
    """A rejected row as read, to write back for the clerk to fix."""

    row: int
    cells: list[str | None]
    issues: list[Issue]


@dataclass
class ImportReport:
    kind: str
    file: str
    sheet: str | None
    file_hash: str
    headers: list[str] = field(default_factory=list)
    batch_id: int | None = None
    rows_read: int = 0
    rows_rejected: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    issues: list[Issue] = field(default_factory=list)
    rejected: list[RejectedLine] = field(default_factory=list)
    committed: bool = False
    dry_run: bool = False
    strict: bool = False
    totals_row: int | None = None
    date_conventions: dict[str, str | None] = field(default_factory=dict)

    @property
    def rows_accepted(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def issue_counts(self) -> dict[str, int]:
        """Rejecting issues by code, most frequent first."""
        counts = Counter(i.code for i in self.issues if i.rejects)
        return dict(counts.most_common())

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.rejects]


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


_SLASHED_DATE = re.compile(rb"[0-9][/.][0-9]{1,2}[/.][0-9]")
# 15-08-2023, but not 2023-08-15: one or two digits, not more, before the first dash. The
# pattern starts with the dash itself, so the engine jumps from dash to dash instead of
# trying a digit at every byte (4 times faster); the look-behinds, of fixed widths, then
# ask for one or two digits after a non-digit before it, which needs that non-digit to be
# in the text searched (hence the newline put before a file's first block).
_DASHED_DATE = re.compile(
    rb"-(?:(?<=[^0-9][0-9]-)|(?<=[^0-9][0-9][0-9]-))[0-9]{1,2}-[0-9]{2,4}(?![0-9])"
)


def _may_have_slashed_dates(path: Path) -> bool:
    """Whether a CSV file holds anything like 15/08/2023 or 15-08-2023, read as bytes.

    Most exports write ISO dates; then the file need not be parsed twice to learn its
    date convention. The checks are cheap first (is there a slash or a dot at all?), and
    an ISO date (four digits before its first dash) is no evidence: the pattern itself
    leaves it out, so a file of ISO dates is scanned without a match. UTF-16 files
    (digits between zero bytes) are always parsed.
    """
    with path.open("rb") as fh:
        tail = None
        while block := fh.read(1 << 22):
            if tail is None and block.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return True
            # the pattern needs a non-digit before a date: a newline before the first block
            # lets a date start the file. Later blocks carry over the last 16 bytes of the
            # one before, so a date across the boundary is seen whole; the tail may start
            # inside a number (the 23-08-2023 of 123-08-2023), but its first byte has
            # nothing before it, so no date can begin there (a date that did lies wholly
            # in the block before, 10 bytes at most, and was looked for there)
            text = (b"\n" if tail is None else tail) + block
            if (b"/" in text or b"." in text) and _SLASHED_DATE.search(text):
                return True
            if _DASHED_DATE.search(text):
                return True
            tail = block[-16:]
    return False


def may_have_slashed_dates(path: Path) -> bool | None:
    """:func:`_may_have_slashed_dates` for a CSV file, ``None`` for other files."""
    return _may_have_slashed_dates(path) if file_format(path) == "csv" else None


def infer_conventions(
    path: Path,
    kind: RecordKind,
    sheet: str | None,
    mapping: Mapping | None,
    slashed: bool | None = None,
) -> dict[str, str | None]:
    """For each date column, the convention its unambiguous dates show (``None`` if none).

    A column with both kinds of evidence (13/08 and 08/13) shows no convention: its
    ambiguous dates are then rejected rather than guessed. ``slashed`` is what
    :func:`may_have_slashed_dates` said of the file, when it was already asked.
    """
    names = [c.name for c in kind.columns if c.type == "date"]
    if slashed is None:
        slashed = may_have_slashed_dates(path)
    if slashed is False:
        return dict.fromkeys(names)  # ISO dates only: nothing is ambiguous, no second pass
    layout, rows = find_layout(read_rows(path, sheet), kind, mapping, path.name)
    dates = {
        c.name: layout.positions[c.name]
        for c in kind.columns
        if c.type == "date" and c.name in layout.positions
    }
    seen: dict[str, set[str]] = {name: set() for name in dates}
    for _number, cells in rows:
        for name, index in dates.items():
            value = cells[index] if index < len(cells) else None
            if value:
                found = evidence(value)
                if found:
                    seen[name].add(found)
        if all(seen.values()):
            break
    return {name: next(iter(found)) if len(found) == 1 else None for name, found in seen.items()}


@in_one_language
def import_file(
    store,
    path: str | Path,
    kind: str | RecordKind,
    *,
    strict: bool = False,
    dry_run: bool = False,
    mapping: str | Path | Mapping | None = None,
    date_format: str | None = None,
    sheet: str | None = None,
    actor: str | None = None,
    allow_non_transit_at_etrm: bool = False,
    progress: Callable[[int, float | None], None] | None = None,
) -> ImportReport:
    """Read, check and write one file; the report says what was accepted and rejected.

    ``progress(rows_read, share_of_file_read)`` is called every chunk of rows (the share
    is ``None`` when the file does not say its size). Nothing is committed when ``dry_run``
    is set, nor when ``strict`` is set and a row was rejected. Raises
    :class:`ImportError_` only when the file cannot be read at all.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportError_(tr("{path}: no such file.").format(path=path))
    kind = get_kind(kind) if isinstance(kind, str) else kind
    if isinstance(mapping, (str, Path)):
        mapping = load_mapping(mapping)
    if mapping is not None and mapping.kind not in (None, kind.name):
        raise ImportError_(
            tr("The mapping profile is for {mapping}, not {kind}.").format(
                mapping=mapping.kind, kind=kind.name
            )
        )
    date_format = date_format or (mapping.date_format if mapping else None)
    if date_format is not None and date_format not in DATE_FORMATS:
        raise ImportError_(
            tr("--date-format must be one of {formats}.").format(formats=", ".join(DATE_FORMATS))
        )
    sheet = sheet or (mapping.sheet if mapping else None)
    sheet = sheet_name(path, sheet)
    report = ImportReport(
        kind=kind.name,
        file=path.name,
        sheet=sheet,
        file_hash="",
        dry_run=dry_run,
        strict=strict,
    )
    reference = load_reference(store)
    options = Options(allow_non_transit_at_etrm=allow_non_transit_at_etrm)
    pipeline = None
    if use_pipeline(path, kind):
        pipeline = Pipeline(path, kind, sheet, mapping, date_format, reference, options)
    try:
        if pipeline is not None:
            # the date pre-scan, while the checking process starts (it needs the answer
            # before it can check a date); then the file's hash, while it finds the layout
            pipeline.send_scan(None if date_format else may_have_slashed_dates(path))
        report.file_hash = file_hash(path)
        if pipeline is not None:
            conventions, layout = pipeline.layout()
            chunks: Iterable[CheckedChunk] = pipeline.chunks()
            share: Callable[[], float | None] = pipeline.share
        else:
            conventions, stream, layout, rows = read_layout(path, kind, sheet, mapping, date_format)
            checker = RowChecker(
                kind,
                layout.positions,
                layout.headers,
                reference,
                options,
                conventions,
                path.name,
                sheet,
            )
            chunks, share = (), stream.done
        report.date_conventions = conventions
        report.headers = layout.headers
        for header in layout.ignored:
            report.issues.append(
                Issue(
                    "ignored-column",
                    tr(
                        "The column '{header}' is not a column of {kind}; it was not imported. "
                        "Rename it or map it in a mapping profile if it should be."
                    ).format(header=header, kind=kind.name),
                    row=layout.header_row,
                    column=header,
                    file=path.name,
                    sheet=sheet,
                    severity="warning",
                )
            )

        def tell(rows_read: int, share_read: float | None) -> None:
            if progress is not None:
                progress(rows_read, share_read)

        # a writer that checks the codes it wrote before the commit (its ``references``)
        # lets a SQLite import go without the database's per-row foreign-key checks
        checks_references = getattr(kind.writer, "checks_references", False)
        with (
            store.engine.connect() as conn,
            _fast_sqlite(conn, foreign_keys=not checks_references),
            _fewer_collections(),
        ):
            transaction = conn.begin()
            try:
                batch_id = conn.execute(
                    insert(m.ImportBatch.__table__)
                    .values(
                        kind=kind.name,
                        file_name=path.name,
                        file_hash=report.file_hash,
                        imported_by=actor or current_user(),
                        status="complete",
                    )
                    .returning(m.ImportBatch.__table__.c.id)
                ).scalar_one()
                report.batch_id = batch_id
                writer = kind.writer(conn, batch_id, reference)
                bulk = BulkIndexes(
                    conn,
                    getattr(writer, "bulk_indexes", {}),
                    getattr(writer, "bulk_indexes_big", {}),
                )
                seen = None
                if pipeline is None:
                    seen = SeenKeys(conn)
                    chunks = check_chunks(
                        rows,
                        checker,
                        layout,
                        secret_positions(kind, layout),
                        seen,
                        path.name,
                        sheet,
                        columnar(kind),
                        share,
                    )
                counts = write_chunks(
                    conn,
                    chunks,
                    writer,
                    report,
                    batch_id,
                    tell,
                    lambda rows_read, share_read: _set_indexes_aside(bulk, rows_read, share_read),
                )
                if seen is not None:
                    seen.close()
                tell(report.rows_read, share())
                report.inserted, report.updated, report.unchanged = (
                    counts.inserted,
                    counts.updated,
                    counts.unchanged,
                )
                report.totals_row = layout.totals_row
                if report.rows_accepted + report.rows_rejected != report.rows_read:
                    raise AssertionError("accepted + rejected differs from rows read")
                conn.execute(
                    update(m.ImportBatch.__table__)
                    .where(m.ImportBatch.__table__.c.id == batch_id)
                    .values(
                        rows_read=report.rows_read,
                        rows_accepted=report.rows_accepted,
                        rows_rejected=report.rows_rejected,
                    )
                )
                conn.execute(
                    insert(m.AuditEntry.__table__).values(
                        actor=actor or current_user(),
                        action="import",
                        # cut to the column's size: a file's name may be longer
                        target=f"batch {batch_id}: {kind.name} from {path.name}"[
                            : m.AuditEntry.__table__.c.target.type.length
                        ],
                        detail={
                            "batch_id": batch_id,
                            "file_hash": report.file_hash,
                            "rows_read": report.rows_read,
                            "inserted": report.inserted,
                            "updated": report.updated,
                            "unchanged": report.unchanged,
                            "rejected": report.rows_rejected,
                            "replaced": counts.replaced,
                        },
                    )
                )
                references = getattr(writer, "references", None)
                if references is not None:
                    _check_references(conn, references)
                if dry_run or (strict and report.rows_rejected):
                    transaction.rollback()
                    report.batch_id = None
                else:
                    bulk.rebuild()
                    transaction.commit()
                    report.committed = True
            except BaseException:
                transaction.rollback()
                raise
    finally:
        if pipeline is not None:
            pipeline.close()
    return report


def read_layout(
    path: Path,
    kind: RecordKind,
    sheet: str | None,
    mapping: Mapping | None,
    date_format: str | None,
    slashed: bool | None = None,
) -> tuple[dict[str, str | None], RowStream, Layout, Iterator[tuple[int, list[str | None]]]]:
    """The date conventions and layout of a file, its stream, and its data rows
    (``slashed``: see :func:`infer_conventions`)."""
    if date_format:
        conventions = {c.name: date_format for c in kind.columns if c.type == "date"}
    else:
        conventions = infer_conventions(path, kind, sheet, mapping, slashed)
    stream = read_rows(path, sheet)
    layout, rows = find_layout(stream, kind, mapping, path.name)
    return conventions, stream, layout, rows


def secret_positions(kind: RecordKind, layout: Layout) -> list[int]:
    """Where the file's personal identifiers are (hashed in quarantined rows)."""
    return [
        i
        for c in kind.columns
        if c.type == "identifier"
        for i in [layout.positions.get(c.name)]
        if i is not None
    ]


def columnar(kind: RecordKind) -> bool:
    """Whether the kind's rows are written column by column (its writer can)."""
    return hasattr(kind.writer, "write_columns") and kind.suspects is not None


YOUNG_OBJECTS = 50_000  # new containers between two collections of the youngest ones


@contextmanager
def _fewer_collections():
    """Let the garbage collector look at new objects less often during the import.

    Each chunk makes thousands of short-lived lists and tuples; with Python's default
    (a collection every 700 new containers) the collector walked them again and again,
    a fifth of a 100k-row import's CPU time. Garbage is still collected, in bigger
    steps, so memory stays bounded; the process's setting comes back afterwards.
    """
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], YOUNG_OBJECTS), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _set_indexes_aside(bulk: BulkIndexes, rows_read: int, share_read: float | None) -> None:
    """After the first chunk: when the file looks at least as big as the tables it
    writes, some of their secondary indexes are dropped now and rebuilt before the commit
    (:meth:`BulkIndexes.set_aside`)."""
    if not (bulk.tables or bulk.big) or not share_read:
        return
    bulk.set_aside(int(rows_read / share_read))


def _check_references(conn, references: References) -> None:
    """Refuse the import (its transaction is rolled back) when a code it wrote is no
    longer in the reference data: deleted after the rows were checked against it."""
    absent = references.missing(conn)
    if absent:
        column, value = absent[0]
        raise ImportError_(
            tr(
                "The reference data changed during the import: '{value}' ({column}) is no "
                "longer there. Nothing was imported; import the file again."
            ).format(value=value, column=column)
        )


@contextmanager
def _fast_sqlite(conn, foreign_keys: bool = True):
    """SQLite in WAL mode: commit without waiting for the disk during the import.

    With ``synchronous=NORMAL`` a crash or power cut can lose the last committed import
    but never corrupts the store or leaves half an import; the import is one transaction
    either way. The page cache is enlarged to a fixed size, and so (less) is the cache of
    the temporary database, which holds the duplicate check's table of record keys (keys
    in random order, UUIDs say, insert at random places there too). The connection's
    settings are put back afterwards.

    Without ``foreign_keys`` SQLite's foreign-key checks are off for the import (a
    look-up in each referenced table for each row written: a quarter of the time of
    writing a million records). The pragma only takes effect outside a transaction, so
    it is set before the import's begins and put back after it ended, even on an error;
    a connection whose checks could not be put back is discarded, never reused.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    driver = conn.connection.driver_connection
    checks = driver.execute("PRAGMA foreign_keys").fetchone()[0]
    if not foreign_keys and checks and not driver.in_transaction:
        driver.execute("PRAGMA foreign_keys=OFF")
    synchronous = driver.execute("PRAGMA synchronous").fetchone()[0]
    cache = driver.execute("PRAGMA cache_size").fetchone()[0]
    temp_cache = driver.execute("PRAGMA temp.cache_size").fetchone()[0]
    driver.execute("PRAGMA synchronous=NORMAL")
    # a big import inserts into the indexes at random places: keep their pages in memory
    driver.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    driver.execute(f"PRAGMA temp.cache_size=-{SQLITE_TEMP_CACHE_KIB}")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA synchronous={int(synchronous)}")
        driver.execute(f"PRAGMA cache_size={int(cache)}")
        driver.execute(f"PRAGMA temp.cache_size={int(temp_cache)}")
        if checks and not driver.execute("PRAGMA foreign_keys").fetchone()[0]:
            if driver.in_transaction:
                driver.rollback()  # the import's transaction ended; nothing of it is left
            driver.execute("PRAGMA foreign_keys=ON")
            if not driver.execute("PRAGMA foreign_keys").fetchone()[0]:
                conn.invalidate()  # never back in the pool without its checks


@dataclass
class CheckedChunk:
    """A chunk of rows checked and de-duplicated: all the writing half needs of it.

    Made by :func:`check_chunks` in the importing process or in the checking process of
    a pipeline (:mod:`opsreport.ingest.pipeline`), which sends it pickled: plain values.
    """

    rows: int  # rows read in the chunk
    full: bool  # a whole chunk (progress is told after each)
    done: float | None  # share of the file read after it
    accepted: int = 0
    columns: dict[str, Sequence[Any]] | None = None  # accepted rows, column by column
    dicts: list[dict[str, Any]] | None = None  # or as dictionaries (row-wise writers)
    rejected: list[RejectedLine] = field(default_factory=list)
    quarantine: list[dict[str, Any]] = field(default_factory=list)  # rows without batch_id


def check_chunks(
    rows,
    checker: RowChecker,
    layout: Layout,
    secret_positions: list[int],
    seen: SeenKeys,
    file: str,
    sheet: str | None,
    columnar: bool,
    share: Callable[[], float | None],
) -> Iterator[CheckedChunk]:
    """Check and de-duplicate the rows a chunk at a time: memory holds one chunk.

    Each chunk is checked column by column (:meth:`RowChecker.check_chunk`); then its
    record keys are compared with the keys of earlier chunks (``seen``, a table of record
    keys) and with each other, and its rows are accepted or rejected in file order, so
    the issues come out in the order of the rows.
    """
    numbers: list[int] = []
    chunk: list[list[str | None]] = []

    def checked(full: bool) -> CheckedChunk:
        found = _check_chunk(
            numbers, chunk, checker, layout, secret_positions, seen, file, sheet, columnar
        )
        found.full, found.done = full, share()
        return found

    for number, cells in rows:
        numbers.append(number)
        chunk.append(cells)
        if len(numbers) >= CHUNK:
            yield checked(True)
            numbers, chunk = [], []
    if numbers:
        yield checked(False)


def _check_chunk(
    numbers: list[int],
    chunk: list[list[str | None]],
    checker: RowChecker,
    layout: Layout,
    secret_positions: list[int],
    seen: SeenKeys,
    file: str,
    sheet: str | None,
    columnar: bool,
) -> CheckedChunk:
    columns, problems, dicts = checker.check_chunk(numbers, chunk)
    key_names = checker.key_names
    if dicts is None and len(key_names) == 1:
        texts = list(columns[key_names[0]])
        if set(map(type, texts)) != {str} or MARK in "".join(texts):
            texts = list(map(key_text, texts))
    elif dicts is None:
        texts = [key_text(k) for k in zip(*(columns[n] for n in key_names), strict=True)]
    else:
        texts = [key_text(checker.key_of(values)) for values in dicts]
    for i in problems:
        texts[i] = None
    checked = CheckedChunk(rows=len(numbers), full=False, done=None)
    if seen.claim(texts, numbers):  # no key seen before, none twice: the usual chunk
        if not problems:
            return _accepted(checked, columns, dicts, range(len(numbers)), columnar)
        first_of: dict[str, int] = {
            t: n for t, n in zip(texts, numbers, strict=True) if t is not None
        }
    else:
        first_of = seen.first_rows(list({t for t in texts if t is not None}))
    accepted: list[int] = []
    for i, (number, text) in enumerate(zip(numbers, texts, strict=True)):
        issues = problems.get(i)
        if text is not None:
            first = first_of[text]
            if first == number:  # the key's first row
                accepted.append(i)
                continue
            issues = [checker.duplicate(number, chunk[i], first)]
        checked.rejected.append(RejectedLine(number, chunk[i], issues))
        checked.quarantine.extend(
            _quarantined(chunk[i], issues, layout, secret_positions, file, sheet)
        )
    return _accepted(checked, columns, dicts, accepted, columnar)


def _accepted(checked: CheckedChunk, columns, dicts, accepted, columnar: bool) -> CheckedChunk:
    """The accepted rows (positions in the chunk) of a chunk, as its writer takes them."""
    checked.accepted = len(accepted)
    rows = checked.rows
    if accepted and columnar:
        if len(accepted) < rows:
            columns = {n: [values[i] for i in accepted] for n, values in columns.items()}
        checked.columns = columns
    elif accepted:
        if dicts is None:
            names = list(columns)
            dicts = [
                dict(zip(names, values, strict=True))
                for values in zip(*columns.values(), strict=True)
            ]
        checked.dicts = [dicts[i] for i in accepted] if len(accepted) < rows else dicts
    return checked


def write_chunks(
    conn,
    chunks: Iterable[CheckedChunk],
    writer,
    report: ImportReport,
    batch_id: int,
    progress: Callable[[int, float | None], None],
    first_chunk_read: Callable[[int, float | None], None] | None = None,
) -> Counts:
    """Write checked chunks in the import's transaction, and count them in ``report``.

    ``first_chunk_read(rows_read, share_read)`` is called before the first chunk is
    written, ``progress(rows_read, share_read)`` after each whole chunk.
    """
    counts = Counts()
    for chunk in chunks:
        if first_chunk_read is not None:
            first_chunk_read(report.rows_read + chunk.rows, chunk.done)
            first_chunk_read = None
        report.rows_read += chunk.rows
        for line in chunk.rejected:
            report.rows_rejected += 1
            report.issues.extend(line.issues)
            report.rejected.append(line)
        if chunk.columns is not None:
            counts.add(writer.write_columns(chunk.columns))
        elif chunk.dicts is not None:
            counts.add(writer.write(chunk.dicts))
        if chunk.quarantine:
            for row in chunk.quarantine:
                row["batch_id"] = batch_id
            conn.execute(insert(m.RejectedRow.__table__), chunk.quarantine)
        if chunk.full:
            progress(report.rows_read, chunk.done)
    return counts


def _quarantined(
    cells, issues, layout: Layout, secret_positions, file: str, sheet: str | None
) -> list[dict[str, Any]]:
    """Rejected-row records (their batch is added when written): identifiers replaced by
    their keyed hash, never kept raw."""
    safe = list(cells)
    for i in secret_positions:
        if i < len(safe) and safe[i]:
            safe[i] = "key:" + person_key(safe[i])
    raw = {
        layout.headers[i] if i < len(layout.headers) else f"column {i + 1}": v
        for i, v in enumerate(safe)
    }
    secret_headers = {layout.headers[i] for i in secret_positions}
    return [
        {
            "file_name": file,
            "sheet": sheet,
            "row_number": issue.row,
            "column": issue.column,
            "code": issue.code,
            "message": issue.message,
            "value": ("key:" + person_key(issue.value))
            if issue.column in secret_headers and issue.value
            else issue.value,
            "raw": raw,
        }
        for issue in issues
    ]
