"""Reading Kobo / ODK export columns and cells against an instrument.

A Kobo export names its columns after the form, in one of several shapes: the bare
``name``, the group path (``information/main_info_source``), the question label in a
chosen language when labels were exported, and for a select_multiple one 0/1 column per
choice (``info_sources_route/social_media``) next to the column of space-separated names.
Cells hold choice names, or labels when labels were exported. This module maps both back
to the instrument's questions and choice names, so an importer stores the same answer
whatever export options the field team chose. Values it cannot place are returned, not
raised: an unknown answer is an issue of that row, not a failure of the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from opsreport.survey.instrument import Choice, Instrument, Question

# Columns Kobo and ODK Central add to every submission
SYSTEM_COLUMNS = frozenset(
    {
        "_id", "_uuid", "_submission_time", "_validation_status", "_index", "__version__",
        "_notes", "_status", "_submitted_by", "_tags", "_attachments", "_geolocation",
        "_xform_id_string", "_parent_index", "_parent_table_name", "_version_",
        "meta/instanceID", "meta/instanceName", "meta/rootUuid", "meta/deprecatedID",
        "formhub/uuid", "instanceID", "KEY", "SubmissionDate", "SubmitterID", "SubmitterName",
        "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState", "DeviceID",
        "Edits", "FormVersion",
    }
)  # fmt: skip
_TRUE_FLAGS = {"1", "1.0", "true", "yes", "y"}
_FALSE_FLAGS = {"", "0", "0.0", "false", "no", "n"}


@dataclass(frozen=True)
class Column:
    """What one export column holds: ``kind`` is question, choice-flag, system or unknown."""

    header: str
    kind: str
    question: Question | None = None
    choice: Choice | None = None


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_columns(instrument: Instrument, headers: list[str]) -> list[Column]:
    """Place every header of an export, in order (see the module docstring for the shapes)."""
    by_name = {q.name: q for q in instrument.questions}
    by_label = {
        _norm(label): q for q in instrument.questions if q.asked for label in q.labels.values()
    }
    columns = []
    for header in headers:
        columns.append(_match(header.strip(), by_name, by_label))
    return columns


def _match(header: str, by_name: dict[str, Question], by_label: dict[str, Question]) -> Column:
    if header in SYSTEM_COLUMNS or header.startswith("_"):
        return Column(header, "system")
    parts = [p for p in header.split("/") if p] or [header]
    question = by_name.get(parts[-1])
    if question is not None and (len(parts) == 1 or "/".join(parts[:-1]).endswith(question.group)):
        return Column(header, "question", question)
    if len(parts) >= 2:
        parent = by_name.get(parts[-2])
        if parent is not None and parent.type == "select_multiple":
            choice = parent.choice(parts[-1])
            if choice is not None:
                return Column(header, "choice-flag", parent, choice)
    labelled = by_label.get(_norm(header))
    if labelled is not None:
        return Column(header, "question", labelled)
    # "question label/choice label"; either label may itself contain a slash
    for slash in (i for i, char in enumerate(header) if char == "/"):
        parent = by_label.get(_norm(header[:slash]))
        if parent is not None and parent.type == "select_multiple":
            choice = _choice_by_text(parent, header[slash + 1 :])
            if choice is not None:
                return Column(header, "choice-flag", parent, choice)
    return Column(header, "unknown")


def _choice_by_text(question: Question, text: str) -> Choice | None:
    """A choice by its name, or by its label in any language (case and spacing ignored)."""
    exact = question.choice(text.strip())
    if exact is not None:
        return exact
    wanted = _norm(text)
    for choice in question.choices:
        if any(_norm(label) == wanted for label in choice.labels.values()):
            return choice
    return None


def choice_names(question: Question, cell: str | None) -> tuple[list[str], list[str]]:
    """The choice names in a cell of a select question, and the parts it could not place.

    A select_one cell is one name or label. A select_multiple cell is space-separated
    names, or labels (which contain spaces themselves: they are matched longest first,
    with ``;`` or ``,`` accepted between them).
    """
    text = (cell or "").strip()
    if not text:
        return [], []
    if question.type != "select_multiple":
        choice = _choice_by_text(question, text)
        return ([choice.name], []) if choice else ([], [text])
    tokens = text.split()
    if all(question.choice(token) for token in tokens):
        return list(dict.fromkeys(tokens)), []
    return _labels_in(question, text)


def _labels_in(question: Question, text: str) -> tuple[list[str], list[str]]:
    labels = sorted(
        ((_norm(label), c.name) for c in question.choices for label in c.labels.values()),
        key=lambda pair: -len(pair[0]),
    )
    names: list[str] = []
    unplaced: list[str] = []
    rest = _norm(text)
    while rest:
        rest = rest.lstrip(" ;,")
        if not rest:
            break
        for label, name in labels:
            if rest.startswith(label) and (len(rest) == len(label) or rest[len(label)] in " ;,"):
                if name not in names:
                    names.append(name)
                rest = rest[len(label) :]
                break
        else:
            word, _, rest = rest.partition(" ")
            choice = question.choice(word)
            if choice is not None:
                names.append(choice.name)
            else:
                unplaced.append(word)
    return names, unplaced


def flag_value(cell: str | None) -> bool | None:
    """A 0/1 choice column: True, False, or None when the cell is neither."""
    text = _norm(str(cell)) if cell is not None else ""
    if text in _TRUE_FLAGS:
        return True
    if text in _FALSE_FLAGS:
        return False
    return None
