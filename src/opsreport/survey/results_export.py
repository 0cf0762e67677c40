"""Round results as flat rows, CSV, JSON and XLSX: one row per choice (and group), with n.

The rows keep what a reader needs to use a figure honestly: the base ``n``, the 95%
interval, the small-n flag, whether the question is sensitive or multiple choice (whose
shares may add up to more than 100%), and whether a cell was suppressed.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from opsreport.survey.i18n import N_, translate
from opsreport.survey.results import RoundResults

SHARE_COLUMNS = (
    "round", "question", "question_label", "type", "multiple_choice", "sensitive", "by",
    "group", "rank", "choice", "choice_label", "count", "n", "share", "ci_low", "ci_high",
    "small_n", "suppressed",
)  # fmt: skip
NUMBER_COLUMNS = ("round", "question", "question_label", "by", "group", "n", "q1", "median", "q3")


def share_rows(results: RoundResults, lang: str = "en") -> list[dict[str, Any]]:
    rows = []
    for q in results.questions:
        for a in q.answers:
            rows.append(
                {
                    "round": results.round,
                    "question": q.question,
                    "question_label": q.label(lang),
                    "type": q.type,
                    "multiple_choice": q.multiple,
                    "sensitive": q.sensitive,
                    "by": results.by,
                    "group": a.group,
                    "rank": a.rank,
                    "choice": a.choice,
                    "choice_label": a.label(lang),
                    "count": a.count,
                    "n": a.n,
                    "share": round(a.share.value, 4) if a.share else None,
                    "ci_low": round(a.share.low, 4) if a.share else None,
                    "ci_high": round(a.share.high, 4) if a.share else None,
                    "small_n": a.share.small_n if a.share else a.n < 30,
                    "suppressed": a.suppressed,
                }
            )
    return rows


def number_rows(results: RoundResults, lang: str = "en") -> list[dict[str, Any]]:
    return [
        {
            "round": results.round,
            "question": s.question,
            "question_label": s.label(lang),
            "by": results.by,
            "group": s.group,
            "n": s.n,
            "q1": s.q1,
            "median": s.median,
            "q3": s.q3,
        }
        for s in results.numbers
    ]


def to_csv(results: RoundResults, lang: str = "en") -> str:
    """The shares as CSV (numeric summaries are in the JSON and XLSX outputs)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SHARE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(share_rows(results, lang))
    return out.getvalue()


def to_json(results: RoundResults, lang: str = "en") -> str:
    return json.dumps(
        {
            "round": results.round,
            "instrument": results.instrument,
            "fieldwork_start": results.fieldwork_start.isoformat(),
            "fieldwork_end": results.fieldwork_end.isoformat(),
            "responses": results.responses,
            "screened_out": results.screened_out,
            "by": results.by,
            "public": results.public,
            "suppression_threshold": results.threshold,
            "note": translate(
                lang,
                N_(
                    "Multiple-choice shares count respondents who answered the question; "
                    "their total may exceed 100%."
                ),
            ),
            "shares": share_rows(results, lang),
            "numbers": number_rows(results, lang),
        },
        ensure_ascii=False,
        indent=2,
    )


def to_xlsx(results: RoundResults, path: str | Path, lang: str = "en") -> Path:
    """A workbook with a ``shares`` sheet and a ``numbers`` sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "shares"
    sheet.append(list(SHARE_COLUMNS))
    for row in share_rows(results, lang):
        sheet.append([row[c] for c in SHARE_COLUMNS])
    numbers = book.create_sheet("numbers")
    numbers.append(list(NUMBER_COLUMNS))
    for row in number_rows(results, lang):
        numbers.append([row[c] for c in NUMBER_COLUMNS])
    path = Path(path)
    book.save(path)
    return path
