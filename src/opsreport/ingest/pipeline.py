"""A big import in two processes: one reads and checks the file, the other writes it.

Reading, checking and hashing a chunk of rows takes about as long as writing it, and
only the writing needs the store's transaction. For a big CSV file of a kind written
column by column (services), :func:`opsreport.ingest.batch.import_file` starts a
*checking process* that reads the file, finds its layout and date conventions, checks
each chunk and finds the rows that repeat an earlier row's record key, exactly as an
import in one process does (the same functions: :func:`~opsreport.ingest.batch.read_layout`
and :func:`~opsreport.ingest.batch.check_chunks`); it sends each checked chunk (accepted
values column by column, rejected rows with their issues) to the importing process,
which writes them in its transaction while the next chunk is being checked (and which,
while the checking process starts, runs the pre-scan for day-first dates of
:func:`~opsreport.ingest.batch.infer_conventions` and sends it the answer). The report,
the issues, the rejected rows and what is stored are the same either way.

Some rules keep it as safe as one process:

* The checking process is a new interpreter (``python -c``), never a fork: it cannot
  touch the importing process's database connections, and it runs nothing of the
  program's main script. It keeps the record keys it has seen in
  a scratch SQLite database of its own (a temporary file, deleted when it ends) with a
  fixed page cache, so memory stays flat in the file's size.
* At most :data:`AHEAD` checked chunks wait to be written: memory holds a few chunks.
* An error in the checking process (a file that cannot be read, say) is raised in the
  importing process as the same exception with the same message.
* The checking process runs in a session of its own and ignores Ctrl-C; the importing
  process stops it when it stops for any reason. If the importing process is killed,
  the checking process finds the pipe between them broken at its next chunk and ends;
  the store is unchanged since the transaction was never committed.

``OPSREPORT_IMPORT_PIPELINE`` chooses: ``auto`` (the default: CSV files of at least
:data:`PIPELINE_BYTES`), ``on`` (every CSV file of such a kind; the tests use it) or
``off`` (always one process). On Windows imports always run in one process.
"""

from __future__ import annotations

import os
import pickle
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from opsreport.errors import ImportError_
from opsreport.ingest.i18n import _gettext, _speaking, tr
from opsreport.ingest.kinds import Options, RecordKind, get_kind
from opsreport.ingest.mapping import Mapping
from opsreport.ingest.readers import file_format
from opsreport.ingest.reference import Reference
from opsreport.settings import interface_language

ENVIRONMENT = "OPSREPORT_IMPORT_PIPELINE"
PIPELINE_BYTES = 8 << 20  # about 80,000 rows of services: the start-up is paid back
AHEAD = 3  # checked chunks that may wait to be written
SCRATCH_CACHE_KIB = 16 * 1024  # the checking process's page cache for its record keys


def pipeline_setting() -> str:
    """``on``, ``off`` or ``auto`` (anything else counts as ``auto``)."""
    value = os.environ.get(ENVIRONMENT, "auto").strip().lower()
    if value in ("on", "1", "yes", "true"):
        return "on"
    if value in ("off", "0", "no", "false"):
        return "off"
    return "auto"


def use_pipeline(path: Path, kind: RecordKind) -> bool:
    """Whether this import runs in two processes (see the module's documentation)."""
    setting = pipeline_setting()
    if setting == "off" or file_format(path) != "csv":
        return False
    if os.name != "posix" or not sys.executable:
        return False  # the pipe is handed over POSIX-style; Python embedded elsewhere
    from opsreport.ingest.batch import columnar

    if not columnar(kind):
        return False  # rows written one dictionary at a time: no gain worth a process
    if not kind.writer.__module__.startswith("opsreport.ingest.kinds."):
        return False  # a kind the checking process could not find by its name
    try:
        if get_kind(kind.name) is not kind:
            return False
    except Exception:
        return False
    return setting == "on" or path.stat().st_size >= PIPELINE_BYTES


class Pipeline:
    """The importing process's end: starts the checking process and reads its chunks."""

    def __init__(
        self,
        path: Path,
        kind: RecordKind,
        sheet: str | None,
        mapping: Mapping | None,
        date_format: str | None,
        reference: Reference,
        options: Options,
    ) -> None:
        job = {
            "path": str(path),
            "kind": kind.name,
            "sheet": sheet,
            "mapping": mapping,
            "date_format": date_format,
            "reference": reference,
            "options": options,
            "language": interface_language(),
        }
        read_end, write_end = os.pipe()
        package = str(Path(__file__).resolve().parents[2])  # where opsreport is imported from
        try:
            # a new interpreter (never a fork: no connection of this process goes along)
            # that runs nothing of this program's main script, in a session of its own
            # (Ctrl-C reaches this process, which stops it)
            self.process = subprocess.Popen(
                [sys.executable, "-c", _START, package, str(write_end)],
                stdin=subprocess.PIPE,
                pass_fds=(write_end,),
                start_new_session=True,
            )
        finally:
            os.close(write_end)  # the checking process holds the only writing end
        self.reader = Connection(read_end, writable=False)
        self._send(job)
        self.final_share: float | None = None
        self.found: Any = None

    def _send(self, message: Any, last: bool = False) -> None:
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
            self.process.stdin.flush()
            if last:
                self.process.stdin.close()
        except OSError:
            pass  # it ended already: reading says how

    def send_scan(self, slashed: bool | None) -> None:
        """What the date pre-scan found (see :func:`~opsreport.ingest.batch.read_layout`),
        found by this process while the checking process started."""
        self._send(slashed, last=True)

    def _receive(self) -> tuple:
        try:
            data = self.reader.recv_bytes()
        except EOFError:
            try:
                code = self.process.wait(5)
            except subprocess.TimeoutExpired:
                code = None
            raise ImportError_(
                tr(
                    "The process checking the file stopped before the end (exit code {code}); "
                    "nothing was imported. Import the file again, or set "
                    "OPSREPORT_IMPORT_PIPELINE=off to import it in one process."
                ).format(code=code)
            ) from None
        message = pickle.loads(data)
        if message[0] == "error":
            _, exception, text = message
            if exception is not None:
                raise exception
            raise RuntimeError(f"the process checking the file failed:\n{text}")
        return message

    def layout(self):
        """The file's date conventions and layout, once the checking process found them."""
        _, conventions, self.found = self._receive()
        return conventions, self.found

    def chunks(self) -> Iterator[Any]:
        """The checked chunks in file order; the layout's totals row is set at the end."""
        while True:
            message = self._receive()
            if message[0] == "end":
                _, self.found.totals_row, self.final_share = message
                return
            yield message[1]

    def share(self) -> float | None:
        """The share of the file read when the checking process ended."""
        return self.final_share

    def close(self) -> None:
        """Stop the checking process (if it has not ended) and wait for it."""
        self.reader.close()  # a process still sending finds the pipe broken
        if self.process.stdin is not None and not self.process.stdin.closed:
            try:
                self.process.stdin.close()  # one still waiting for the pre-scan stops
            except OSError:
                pass
        try:
            self.process.wait(0.5)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# the checking process's start: import opsreport from where this process did, then work
_START = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from opsreport.ingest.pipeline import checking_process; checking_process(int(sys.argv[2]))"
)


class _Outbox:
    """The checking process's end: messages pickled and sent by a thread, a few ahead,
    so checking goes on while the importing process reads a chunk."""

    def __init__(self, writer) -> None:
        self.writer = writer
        self.queue: queue.Queue[bytes | None] = queue.Queue(maxsize=AHEAD)
        self.broken = False
        self.thread = threading.Thread(target=self._send_all, daemon=True)
        self.thread.start()

    def _send_all(self) -> None:
        while (data := self.queue.get()) is not None:
            try:
                self.writer.send_bytes(data)
            except OSError:  # the importing process is gone, or gave up
                self.broken = True
                return

    def send(self, message: tuple) -> None:
        self._put(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def _put(self, data: bytes | None) -> None:
        while True:
            if self.broken:
                os._exit(1)  # nobody reads: end now, holding nothing of the store's
            try:
                self.queue.put(data, timeout=0.5)
                return
            except queue.Full:
                continue

    def close(self) -> None:
        self._put(None)
        self.thread.join()
        self.writer.close()


def _scratch_keys():
    """The record keys seen so far, in a scratch SQLite database of this process."""
    from opsreport.ingest.duplicates import SeenKeys

    scratch = sqlite3.connect("", isolation_level=None)  # a temporary file, deleted on exit
    scratch.execute("PRAGMA temp_store=FILE")
    scratch.execute(f"PRAGMA temp.cache_size=-{SCRATCH_CACHE_KIB}")
    scratch.execute("PRAGMA temp.journal_mode=OFF")
    seen = SeenKeys(scratch)
    scratch.execute("BEGIN")  # one transaction, never committed: half the time of one a chunk
    return seen


def checking_process(fd: int) -> None:
    """The checking process: reads its job, then sends the layout, each checked chunk,
    and the end (or the error that stopped it) through the pipe ``fd``."""
    from opsreport.ingest.batch import _fewer_collections

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the importing process's
    job = pickle.load(sys.stdin.buffer)
    outbox = _Outbox(Connection(fd, readable=False))
    with _fewer_collections():
        _check_file(job, outbox)
    outbox.close()


def _check_file(job: dict[str, Any], outbox: _Outbox) -> None:
    from opsreport.ingest.batch import check_chunks, read_layout, secret_positions
    from opsreport.ingest.validate import RowChecker

    _speaking.set(_gettext(job["language"]))
    try:
        path, kind, sheet = Path(job["path"]), get_kind(job["kind"]), job["sheet"]
        slashed = pickle.load(sys.stdin.buffer)  # the date pre-scan's answer (see send_scan)
        conventions, stream, layout, rows = read_layout(
            path, kind, sheet, job["mapping"], job["date_format"], slashed
        )
        outbox.send(("layout", conventions, layout))
        checker = RowChecker(
            kind,
            layout.positions,
            layout.headers,
            job["reference"],
            job["options"],
            conventions,
            path.name,
            sheet,
        )
        seen = _scratch_keys()
        for chunk in check_chunks(
            rows,
            checker,
            layout,
            secret_positions(kind, layout),
            seen,
            path.name,
            sheet,
            True,
            stream.done,
        ):
            outbox.send(("chunk", chunk))
        outbox.send(("end", layout.totals_row, stream.done()))
    except Exception as exc:
        try:
            pickled: Exception | None = pickle.loads(pickle.dumps(exc))
        except Exception:
            pickled = None
        outbox.send(("error", pickled, traceback.format_exc()))
