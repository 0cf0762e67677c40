"""Finding where the data is: the header row, an HXL hashtag row, and the end of the data.

Sheets typed by hand start with merged title rows ("OIM Panamá — Atenciones agosto") and
end with a totals row. The header is the first row where at least two cells name columns
of the kind (by column name, English or Spanish label, or mapping profile; case, accents
and punctuation do not matter). A row of HXL hashtags under it — or on its own — matches
columns by hashtag whatever the header says. Reading stops at a row that starts with
"Total"/"Totales"; blank rows are skipped and not counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, islice

from opsreport.errors import ImportError_
from opsreport.ingest.columns import hashtag_key, normalise
from opsreport.ingest.i18n import tr
from opsreport.ingest.kinds import RecordKind
from opsreport.ingest.mapping import Mapping

SEARCH_ROWS = 50
TOTALS = {"total", "totales", "totals", "total general", "grand total", "suma", "suma total"}


@dataclass
class Layout:
    headers: list[str]  # header text per position, as the user wrote it
    positions: dict[str, int]  # column name -> position
    header_row: int  # number of the last header row (the hashtag row when there is one)
    hxl: bool = False
    ignored: list[str] = field(default_factory=list)  # headers that name no column
    totals_row: int | None = None  # where reading stopped, if at a totals row


def _is_hashtag_row(cells: list[str | None]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and all(hashtag_key(c) for c in filled)


def is_totals_row(cells: list[str | None]) -> bool:
    """A row whose first or second filled cell says Total / Suma / Subtotal…"""
    seen = 0
    for c in cells:
        if c:
            # cheap first-letter test: normalising every row's cells would cost more
            if c[0] in "tTsS" and normalise(c) in TOTALS:
                return True
            seen += 1
            if seen == 2:
                return False
    return False


class _Matcher:
    def __init__(self, kind: RecordKind, mapping: Mapping | None) -> None:
        self.mapping = mapping.columns if mapping else {}
        self.by_text = {}
        for column in kind.columns:
            for token in column.header_tokens():
                self.by_text.setdefault(token, column.name)
        self.by_tag = {hashtag_key(c.hxl): c.name for c in kind.columns}

    def text(self, cell: str | None) -> str | None:
        if not cell:
            return None
        token = normalise(cell)
        if token in self.mapping:
            return self.mapping[token]
        found = self.by_text.get(token)
        if found is None and "/" in cell:
            # Kobo / ODK exports prefix a question with its groups: datos/fecha_atencion
            return self.text(cell.rsplit("/", 1)[1])
        return found

    def skipped(self, cell: str) -> bool:
        token = normalise(cell)
        if token not in self.mapping and "/" in cell:
            token = normalise(cell.rsplit("/", 1)[1])
        return token in self.mapping and self.mapping[token] is None

    def tag(self, cell: str | None) -> str | None:
        """The column a hashtag names: the same tag and attributes, or else the one column
        whose attributes the hashtag has, with extras (``#date+start+planned`` is the
        start date), the most specific winning; two equally good columns match neither."""
        key = hashtag_key(cell) if cell else None
        if key is None:
            return None
        if key in self.by_tag:
            return self.by_tag[key]
        tag, attributes = key
        candidates = sorted(
            (
                (len(attrs), name)
                for (t, attrs), name in self.by_tag.items()
                if t == tag and attrs <= attributes
            ),
            reverse=True,
        )
        if not candidates or (len(candidates) > 1 and candidates[0][0] == candidates[1][0]):
            return None
        return candidates[0][1]

    def score(self, cells: list[str | None], by_tag: bool = False) -> int:
        match = self.tag if by_tag else self.text
        return len({n for n in (match(c) for c in cells) if n})


def find_layout(
    rows: Iterator[tuple[int, list[str | None]]],
    kind: RecordKind,
    mapping: Mapping | None,
    file: str,
) -> tuple[Layout, Iterator[tuple[int, list[str | None]]]]:
    """The layout of the file and an iterator over its data rows."""
    matcher = _Matcher(kind, mapping)
    head = list(islice(rows, SEARCH_ROWS))
    for index, (_number, cells) in enumerate(head):
        tags: list[str | None] | None = None
        if _is_hashtag_row(cells) and matcher.score(cells, by_tag=True) >= 2:
            tags = cells
            above = head[index - 1][1] if index > 0 else []
            texts = above if above and not _is_hashtag_row(above) else cells
            last = index
        elif matcher.score(cells) >= 2:
            texts = cells
            last = index
            if index + 1 < len(head) and _is_hashtag_row(head[index + 1][1]):
                tags, last = head[index + 1][1], index + 1
        else:
            continue
        layout = _layout(kind, matcher, texts, tags, head[last][0], file)
        rest = chain(head[last + 1 :], rows)
        return layout, _data_rows(rest, layout)
    expected = ", ".join(f"'{c.label_en}'" for c in kind.columns if c.required)
    raise ImportError_(
        tr(
            "{file}: no header row found in the first {rows} rows. The file should have a "
            "row of headers such as {expected} (English or Spanish), or a row of HXL "
            "hashtags. Start from 'opsreport template {kind}', or describe your headers in a "
            "mapping profile (--mapping)."
        ).format(file=file, rows=SEARCH_ROWS, expected=expected, kind=kind.name)
    )


def _layout(
    kind: RecordKind,
    matcher: _Matcher,
    texts: list[str | None],
    tags: list[str | None] | None,
    header_row: int,
    file: str,
) -> Layout:
    width = max(len(texts), len(tags or []))
    headers = []
    for i in range(width):
        text = texts[i] if i < len(texts) else None
        tag = tags[i] if tags and i < len(tags) else None
        headers.append(text or tag or f"column {i + 1}")
    positions: dict[str, int] = {}
    if tags:
        for i, tag in enumerate(tags):
            name = matcher.tag(tag)
            if name and name not in positions:
                positions[name] = i
    for i in range(width):
        if i in positions.values():
            continue
        name = matcher.text(texts[i] if i < len(texts) else None)
        if name and name not in positions:
            positions[name] = i
    used = set(positions.values())
    ignored = [  # unknown headers; those a mapping profile maps to null are ignored quietly
        headers[i]
        for i in range(width)
        if i not in used and i < len(texts) and texts[i] and not matcher.skipped(texts[i])
    ]
    missing = [c for c in kind.columns if c.required and c.name not in positions]
    if missing:
        found = ", ".join(f"'{h}'" for h in headers if not h.startswith("column "))
        needed = ", ".join(f"'{c.label_en}' ({c.label_es}, {c.hxl})" for c in missing)
        raise ImportError_(
            tr(
                "{file}, row {row}: the {kind} file has no column for {needed}. "
                "Headers found: {found}. Add the column, rename its header, or map it in a "
                "mapping profile (--mapping)."
            ).format(file=file, row=header_row, kind=kind.name, needed=needed, found=found)
        )
    return Layout(
        headers=headers, positions=positions, header_row=header_row, hxl=bool(tags), ignored=ignored
    )


def _data_rows(rows, layout: Layout) -> Iterator[tuple[int, list[str | None]]]:
    for number, cells in rows:
        if not any(cells):  # blank
            continue
        first, second = cells[0], cells[1] if len(cells) > 1 else None
        # a row whose first two cells are filled, neither starting with t or s, is no
        # totals row: the cheap test saves a call per row
        doubtful = first is None or second is None or first[0] in "tTsS" or second[0] in "tTsS"
        if doubtful and is_totals_row(cells):
            layout.totals_row = number
            return
        yield number, cells
