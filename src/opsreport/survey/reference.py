"""The instrument as Markdown tables, for docs/survey.md (a test keeps the two in step)."""

from __future__ import annotations

from opsreport.survey.instrument import Instrument


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def questions_markdown(instrument: Instrument) -> str:
    """One table of questions and one of choice lists, in form order, EN and ES labels."""
    lines = [
        "| group | name | type | English | Español | sensitive |",
        "|---|---|---|---|---|---|",
    ]
    for q in instrument.questions:
        kind = f"{q.type} `{q.list_name}`" if q.list_name else q.type
        lines.append(
            f"| {q.group or '–'} | `{q.name}` | {kind} | {_cell(q.labels.get('en', '–'))} | "
            f"{_cell(q.labels.get('es', '–'))} | {'yes' if q.sensitive else ''} |"
        )
    lines += ["", "| list | choices (name: English / Español) |", "|---|---|"]
    seen: set[str] = set()
    for q in instrument.questions:
        if not q.list_name or q.list_name in seen:
            continue
        seen.add(q.list_name)
        choices = "; ".join(
            f"`{c.name}`: {_cell(c.label('en'))} / {_cell(c.label('es'))}" for c in q.choices
        )
        lines.append(f"| `{q.list_name}` | {choices} |")
    return "\n".join(lines) + "\n"


START, END = "<!-- fms-questions:start -->", "<!-- fms-questions:end -->"


def replace_generated(text: str, instrument: Instrument) -> str:
    """``text`` with the part between the generated-table markers rewritten from the form."""
    head, sep, rest = text.partition(START)
    _, sep_end, tail = rest.partition(END)
    if not sep or not sep_end:
        raise ValueError(f"the markers {START} and {END} are missing")
    return f"{head}{START}\n{questions_markdown(instrument)}{END}{tail}"
