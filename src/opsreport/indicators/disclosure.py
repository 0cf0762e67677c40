"""Disclosure control for published figures: small groups of people are never shown.

``compute(..., public=True)`` passes every result through :func:`protect`:

- **primary suppression**: a count of people (distinct people, participants, staff,
  respondents) between 1 and ``threshold - 1`` is hidden (reason ``small-cell``);
- **small bases**: a survey share over fewer than ``threshold`` respondents is hidden
  (``small-base``); for a question the instrument marks sensitive, a share whose
  numerator is below the threshold is hidden too (``sensitive``);
- **secondary suppression**: in a breakdown, each row and column with its total is an
  equation (cells add up to the total); a line with exactly one hidden value would give
  it away by subtraction, so the next-smallest cell of that line is hidden as well (or,
  when none is left, the line's total), repeated until no line has exactly one unknown.
  Then a rank check of the whole table (rows, columns, margins, total) confirms no
  hidden value is determined by the visible ones; any that still is gets a partner
  hidden (``secondary``).

Zero cells are not suppressed: a zero reveals nobody. Reasons are codes with EN/ES text
(:data:`REASONS`) so every output can say what was hidden and why.
"""

from __future__ import annotations

import os
from dataclasses import replace

import numpy as np

from opsreport.indicators.i18n import N_, translate
from opsreport.indicators.result import Breakdown, Cell, IndicatorResult

DEFAULT_THRESHOLD = 5
# reason code -> English text (msgid of the indicators catalogue; {t} is the threshold)
REASONS = {
    "small-cell": N_("fewer than {t} people"),
    "small-base": N_("share over fewer than {t} respondents"),
    "sensitive": N_("sensitive question: fewer than {t} respondents gave this answer"),
    "secondary": N_("hidden so that a suppressed figure cannot be worked out from the totals"),
}
PEOPLE_UNITS = ("distinct-people", "participants")
PEOPLE_SOURCES = ("staff", "survey")


def threshold_setting() -> int:
    """The installation's threshold: ``OPSREPORT_SUPPRESSION_THRESHOLD``, else 5."""
    text = os.environ.get("OPSREPORT_SUPPRESSION_THRESHOLD", "")
    return int(text) if text.strip().isdigit() and int(text) > 0 else DEFAULT_THRESHOLD


def reason_text(code: str, lang: str, threshold: int) -> str:
    """The EN/ES sentence of a reason code, with the threshold filled in."""
    return translate(lang, REASONS[code]).format(t=threshold)


def counts_people(result: IndicatorResult, source: str) -> bool:
    """Whether the result's counts are numbers of people (what suppression protects)."""
    return result.unit in PEOPLE_UNITS or (
        source in PEOPLE_SOURCES and result.unit in ("as-of-count", "records")
    )


def _small(value: float | None, threshold: int) -> bool:
    return value is not None and 0 < value < threshold


def _hide(cell: Cell, reason: str) -> Cell:
    return replace(cell, value=None, share=None, suppressed=True, reason=reason)


def _primary(cell: Cell, threshold: int, people: bool, sensitive: bool) -> Cell:
    if cell.share is not None:
        if cell.share.n < threshold:
            return _hide(cell, "small-base")
        if sensitive and _small(cell.share.numerator, threshold):
            return _hide(cell, "sensitive")
        return cell
    if people and _small(cell.value, threshold):
        return _hide(cell, "small-cell")
    return cell


def protect(
    result: IndicatorResult, source: str, threshold: int, sensitive: bool = False
) -> IndicatorResult:
    """``result`` as a public output may show it (a new object; the input is unchanged)."""
    people = counts_people(result, source)
    out = replace(result)
    if result.share is not None:
        probe = _primary(Cell((), (), (), result.value, share=result.share), threshold, people,
                         sensitive)  # fmt: skip
        if probe.suppressed:
            out.value, out.share, out.suppressed = None, None, probe.reason
    elif people and result.unit != "ranking" and _small(result.value, threshold):
        out.value, out.suppressed = None, "small-cell"
    if result.unit == "ranking":
        items = []
        for item in result.items:
            s = item.value if hasattr(item.value, "n") else None
            probe = _primary(Cell((), (), (), None, share=s), threshold, True, sensitive)
            items.append(replace(item, value=None) if s and probe.suppressed else item)
        out.items = items
        if result.items and items and items[0].value is None:
            out.value, out.suppressed = None, "small-base"
    if result.breakdown is not None:
        out.breakdown = protect_breakdown(result.breakdown, threshold, people, sensitive)
        if out.breakdown.total is None and out.suppressed is None and out.value is not None:
            out.value, out.suppressed = None, out.breakdown.total_reason
    return out


def protect_breakdown(
    table: Breakdown, threshold: int, people: bool, sensitive: bool = False
) -> Breakdown:
    """Primary then secondary suppression of a one- or two-dimension table."""
    cells = [_primary(c, threshold, people, sensitive) for c in table.cells]
    margins = {
        d: [_primary(c, threshold, people, sensitive) for c in cs]
        for d, cs in table.margins.items()
    }
    total, total_reason = table.total, None
    if people and table.cells and table.cells[0].share is None and _small(total, threshold):
        total, total_reason = None, "small-cell"
    out = replace(
        table, cells=cells, margins=margins, total=total, total_reason=total_reason,
        threshold=threshold,
    )  # fmt: skip
    if table.cells and table.cells[0].share is None and len(table.dimensions) <= 2:
        _secondary(out, table)
    return out


# ------------------------------------------------------------------ secondary suppression


class _Grid:
    """The table as values and equations: each line says its cells add up to its total."""

    def __init__(self, shown: Breakdown, original: Breakdown) -> None:
        self.shown, self.original = shown, original
        # slots: ("cell", i), ("margin", dim, i), ("total",)
        self.slots: list[tuple] = [("cell", i) for i in range(len(shown.cells))]
        self.slots += [("margin", d, i) for d, cs in shown.margins.items() for i in range(len(cs))]
        self.slots.append(("total",))
        self.lines = self._lines()

    def _index(self, slot: tuple) -> int:
        return self.slots.index(slot)

    def _lines(self) -> list[tuple[list[int], int]]:
        t = self.shown
        total = self._index(("total",))
        if len(t.dimensions) == 1:
            return [(list(range(len(t.cells))), total)]
        lines = []
        for p, dim in enumerate(t.dimensions):
            margin = t.margins.get(dim, [])
            for mi, m in enumerate(margin):
                members = [i for i, c in enumerate(t.cells) if c.key[p] == m.key[0]]
                lines.append((members, self._index(("margin", dim, mi))))
            lines.append(([self._index(("margin", dim, i)) for i in range(len(margin))], total))
        return lines

    def get(self, index: int) -> Cell | None:
        slot = self.slots[index]
        if slot[0] == "cell":
            return self.shown.cells[slot[1]]
        if slot[0] == "margin":
            return self.shown.margins[slot[1]][slot[2]]
        return None

    def value(self, index: int) -> float:
        slot = self.slots[index]
        if slot[0] == "cell":
            return self.original.cells[slot[1]].value or 0
        if slot[0] == "margin":
            return self.original.margins[slot[1]][slot[2]].value or 0
        return self.original.total or 0

    def hidden(self, index: int) -> bool:
        cell = self.get(index)
        return self.shown.total is None if cell is None else cell.suppressed

    def hide(self, index: int) -> None:
        slot = self.slots[index]
        if slot[0] == "cell":
            self.shown.cells[slot[1]] = _hide(self.shown.cells[slot[1]], "secondary")
        elif slot[0] == "margin":
            cs = self.shown.margins[slot[1]]
            cs[slot[2]] = _hide(cs[slot[2]], "secondary")
        else:
            self.shown.total, self.shown.total_reason = None, "secondary"

    def partner(self, members: list[int], total: int) -> int | None:
        """The next-smallest visible value of a line: a non-zero cell, else the total."""
        visible = [i for i in members if not self.hidden(i) and self.value(i) > 0]
        if visible:
            return min(visible, key=lambda i: (self.value(i), i))
        if not self.hidden(total):
            return total
        zeros = [i for i in members if not self.hidden(i)]
        return zeros[0] if zeros else None

    def determined(self) -> list[int]:
        """Hidden values the visible ones pin down (rank test on the unknowns' equations)."""
        unknown = [i for i in range(len(self.slots)) if self.hidden(i)]
        if not unknown:
            return []
        rows = []
        for members, total in self.lines:
            row = np.zeros(len(unknown))
            for j, slot in enumerate(unknown):
                if slot in members:
                    row[j] = 1.0
                elif slot == total:
                    row[j] = -1.0
            if row.any():
                rows.append(row)
        if not rows:
            return []
        matrix = np.array(rows)
        rank = np.linalg.matrix_rank(matrix)
        found = []
        for j, slot in enumerate(unknown):
            unit = np.zeros(len(unknown))
            unit[j] = 1.0
            if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
                found.append(slot)
        return found


def _secondary(shown: Breakdown, original: Breakdown) -> None:
    grid = _Grid(shown, original)
    for _round in range(len(grid.slots) + 1):
        changed = False
        for members, total in grid.lines:
            unknown = [i for i in (*members, total) if grid.hidden(i)]
            if len(unknown) == 1:
                partner = grid.partner(members, total)
                if partner is not None:
                    grid.hide(partner)
                    changed = True
        if not changed:
            for slot in grid.determined():
                for members, total in grid.lines:
                    partner = grid.partner(members, total) if slot in (*members, total) else None
                    if partner is not None:
                        grid.hide(partner)
                        changed = True
                        break
                if changed:
                    break
        if not changed:
            return
