"""Importing operational records from the files a mission's units keep.

    report = import_file(store, "atenciones-agosto.xlsx", "services")
    report.rows_read, report.inserted, report.issue_counts()

Readers stream CSV and XLSX files (:mod:`.readers`), :mod:`.layout` finds the header and
HXL hashtags, :mod:`.validate` turns cells into values or :class:`Issue` records, the
kind's writer puts accepted rows into the store, and :mod:`.batch` wraps it all in one
transaction. Bad rows are data (issues kept with the batch); :class:`ImportError_` is
raised only when a file cannot be read at all.
"""

from opsreport.ingest.batch import ImportReport, import_file
from opsreport.ingest.issues import Issue
from opsreport.ingest.kinds import KINDS, RecordKind, all_kinds, get_kind, register_kind
from opsreport.ingest.mapping import Mapping, load_mapping
from opsreport.ingest.undo import list_batches, undo_batch

__all__ = [
    "KINDS",
    "ImportReport",
    "Issue",
    "Mapping",
    "RecordKind",
    "all_kinds",
    "get_kind",
    "import_file",
    "list_batches",
    "load_mapping",
    "register_kind",
    "undo_batch",
]
