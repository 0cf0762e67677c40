"""CSV files as people save them: UTF-8 with or without BOM, or Excel's cp1252/Latin-1;
commas, semicolons (Spanish-locale Excel) or tabs.

The encoding is decided by decoding the whole file as strict UTF-8 in chunks (so memory
stays flat); any invalid byte means it was saved by Excel as cp1252 (Latin-1 when cp1252
cannot decode it either). The delimiter is sniffed from the first lines.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from opsreport.errors import ImportError_
from opsreport.ingest.i18n import tr
from opsreport.ingest.readers import Row, RowStream

CHUNK = 1 << 20


def detect_encoding(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        fh.seek(0)
        for name in ("utf-8", "cp1252"):
            decoder = codecs.getincrementaldecoder(name)("strict")
            fh.seek(0)
            try:
                while chunk := fh.read(CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
                return name
            except UnicodeDecodeError:
                continue
    return "latin-1"


def detect_delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines() if line.strip()][:20]
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t").delimiter
    except csv.Error:
        first = lines[0] if lines else ""
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def read_csv(path: Path) -> RowStream:
    encoding = detect_encoding(path)
    try:
        with path.open(encoding=encoding, newline="") as fh:
            delimiter = detect_delimiter(fh.read(64 * 1024))
    except UnicodeError as exc:
        raise ImportError_(
            tr("{file}: cannot be read as text ({error}).").format(file=path.name, error=exc)
        ) from None
    size = path.stat().st_size or 1
    binary = path.open("rb")

    def done() -> float:  # closed means read to the end
        return 1.0 if binary.closed else min(binary.tell() / size, 1.0)

    return RowStream(_rows(path, binary, encoding, delimiter), done)


def _rows(path: Path, binary, encoding: str, delimiter: str) -> Iterator[Row]:
    with binary, io.TextIOWrapper(binary, encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            for number, cells in enumerate(reader, start=1):
                yield number, [c.strip() or None for c in cells]
        except csv.Error as exc:
            raise ImportError_(
                tr("{file}, line {line}: {error}.").format(
                    file=path.name, line=reader.line_num, error=exc
                )
            ) from None
        except UnicodeDecodeError as exc:
            raise ImportError_(
                tr("{file}: cannot be read as {encoding} ({error}).").format(
                    file=path.name, encoding=encoding, error=exc
                )
            ) from None
