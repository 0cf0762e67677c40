"""Survey instruments read from their XLSForm: questions, choices, languages, flags.

``load_instrument("fms")`` reads the Flow Monitoring Survey shipped with opsreport;
``load_instrument(path)`` reads a mission's own XLSForm (``.xlsx`` or ``.yaml``). Nothing
about the FMS is hard-coded here: a mission that adds a question or a choice to its copy
of the form gets them in the instrument, the stored question list and the CLI without a
code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from opsreport.errors import SurveyError
from opsreport.survey.i18n import tr
from opsreport.survey.xlsform import Row, Workbook, read_workbook

LANGUAGES = ("en", "es")
SENSITIVE_COLUMNS = ("bind::opsreport:sensitive", "sensitive")
_TRUE = {"yes", "true", "true()", "1", "y"}
_NO_DATA_TYPES = {"note"}
_TYPE_SPELLINGS = (
    ("select all that apply", "select_multiple"),
    ("select one", "select_one"),
    ("select multiple", "select_multiple"),
    ("begin group", "begin_group"),
    ("end group", "end_group"),
    ("begin repeat", "begin_repeat"),
    ("end repeat", "end_repeat"),
)
_LANG_CODE = re.compile(r"\(([A-Za-z-]+)\)\s*$")


@dataclass(frozen=True)
class Choice:
    name: str
    labels: dict[str, str]
    properties: dict[str, str] = field(default_factory=dict)  # extra columns, e.g. province

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.name


@dataclass(frozen=True)
class Question:
    """One field of the form that holds data (notes and group markers are not questions)."""

    name: str
    type: str  # select_one, select_multiple, integer, decimal, text, date, calculate, …
    group: str  # group path, "" at the top level, e.g. "information"
    list_name: str | None
    choices: tuple[Choice, ...]
    labels: dict[str, str]
    hints: dict[str, str]
    sensitive: bool
    required: bool
    relevant: str | None
    constraint: str | None
    calculation: str | None
    where: str

    @property
    def path(self) -> str:
        """The column name of a Kobo export with group paths: ``information/main_info_source``."""
        return f"{self.group}/{self.name}" if self.group else self.name

    @property
    def is_select(self) -> bool:
        return self.type in ("select_one", "select_multiple")

    @property
    def asked(self) -> bool:
        """True when an enumerator sees the question (not a calculation or device metadata)."""
        return bool(self.labels)

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.name

    def choice(self, name: str) -> Choice | None:
        return next((c for c in self.choices if c.name == name), None)


@dataclass
class Instrument:
    code: str
    version: str
    titles: dict[str, str]
    questions: list[Question]
    workbook: Workbook
    form_file: str

    def title(self, lang: str = "en") -> str:
        return self.titles.get(lang) or self.titles.get("en") or self.code

    def question(self, name: str) -> Question:
        for question in self.questions:
            if question.name == name:
                return question
        raise SurveyError(
            tr("The {code} instrument has no question {name}.").format(
                code=self.code, name=repr(name)
            )
        )

    def __contains__(self, name: object) -> bool:
        return any(q.name == name for q in self.questions)

    @property
    def sensitive_questions(self) -> list[str]:
        return [q.name for q in self.questions if q.sensitive]

    def questions_json(self) -> dict[str, dict[str, Any]]:
        """What ``survey_instrument.questions`` stores: enough to read answers without the form."""
        result: dict[str, dict[str, Any]] = {}
        for q in self.questions:
            entry: dict[str, Any] = {
                "type": q.type,
                "list": q.list_name,
                "sensitive": q.sensitive,
                "group": q.group or None,
                "label_en": q.label("en"),
                "label_es": q.label("es"),
            }
            if q.is_select:
                entry["choices"] = [
                    {"name": c.name, "label_en": c.label("en"), "label_es": c.label("es")}
                    | ({"properties": dict(c.properties)} if c.properties else {})
                    for c in q.choices
                ]
            result[q.name] = entry
        return result


def shipped_forms() -> dict[str, Path]:
    """The instruments shipped with opsreport, by code."""
    folder = resources.files("opsreport.survey") / "forms"
    return {Path(f.name).stem: Path(str(f)) for f in folder.iterdir() if f.name.endswith(".yaml")}


def load_instrument(code_or_path: str | Path) -> Instrument:
    """A shipped instrument by code (``"fms"``) or an XLSForm file (``.xlsx``/``.yaml``)."""
    shipped = shipped_forms()
    if isinstance(code_or_path, str) and code_or_path in shipped:
        path = shipped[code_or_path]
        form_file = f"opsreport:survey/forms/{path.name}"
    else:
        path = Path(code_or_path)
        if not path.suffix and not path.exists():
            known = ", ".join(sorted(shipped))
            raise SurveyError(
                tr(
                    "No instrument {name}: give a shipped code ({known}) "
                    "or the path of an XLSForm (.xlsx or .yaml)."
                ).format(name=repr(str(code_or_path)), known=known)
            )
        form_file = str(path.resolve())
    return instrument_from_workbook(read_workbook(path), form_file=form_file)


def instrument_from_workbook(book: Workbook, form_file: str = "") -> Instrument:
    """Read the questions of an XLSForm workbook, checking what the rest of opsreport relies on."""
    if not book.rows("survey"):
        raise SurveyError(
            tr("{file}: the survey sheet is missing or empty.").format(file=book.source)
        )
    choices = _choice_lists(book.rows("choices"))
    settings = book.rows("settings")[0] if book.rows("settings") else Row({}, book.source)
    code = settings.get("form_id") or Path(book.source).stem
    titles = _titles(settings.cells)
    questions: list[Question] = []
    groups: list[str] = []
    seen: set[str] = set()
    for row in book.rows("survey"):
        kind, list_name = _parse_type(row)
        name = row.get("name")
        if kind in ("begin_group", "begin_repeat"):
            groups.append(name)
            continue
        if kind in ("end_group", "end_repeat"):
            if not groups:
                raise SurveyError(
                    tr("{place}: {type} without a matching begin.").format(
                        place=row.where, type=kind
                    )
                )
            groups.pop()
            continue
        if not name:
            raise SurveyError(
                tr("{place}, column 'name': every question needs a name.").format(place=row.where)
            )
        if name in seen:
            raise SurveyError(
                tr("{place}, column 'name': the name {name} is used twice.").format(
                    place=row.where, name=repr(name)
                )
            )
        seen.add(name)
        if kind in _NO_DATA_TYPES:
            continue
        if list_name is not None and list_name not in choices:
            raise SurveyError(
                tr(
                    "{place}, column 'type': the choice list {list} is not in the choices "
                    "sheet. Add its choices there or correct the list name."
                ).format(place=row.where, list=repr(list_name))
            )
        questions.append(
            Question(
                name=name,
                type=kind,
                group="/".join(groups),
                list_name=list_name,
                choices=tuple(choices.get(list_name, ())) if list_name else (),
                labels=_by_language(row.cells, "label"),
                hints=_by_language(row.cells, "hint"),
                sensitive=any(row.get(c).lower() in _TRUE for c in SENSITIVE_COLUMNS),
                required=row.get("required").lower() in _TRUE,
                relevant=row.get("relevant") or None,
                constraint=row.get("constraint") or None,
                calculation=row.get("calculation") or None,
                where=row.where,
            )
        )
    if groups:
        raise SurveyError(
            tr("{file}: group {group} is never closed (end_group).").format(
                file=book.source, group=repr(groups[-1])
            )
        )
    return Instrument(
        code=code,
        version=settings.get("version") or "1",
        titles=titles or {"en": code},
        questions=questions,
        workbook=book,
        form_file=form_file or book.source,
    )


def _parse_type(row: Row) -> tuple[str, str | None]:
    """``select_one fmp`` → (``select_one``, ``fmp``); the XLSForm spelling variants too."""
    raw = " ".join(row.get("type").split())
    if not raw:
        raise SurveyError(
            tr("{place}, column 'type': every survey row needs a type.").format(place=row.where)
        )
    for alias, canonical in _TYPE_SPELLINGS:
        if raw.lower().startswith(alias):
            raw = canonical + raw[len(alias) :]
            break
    parts = raw.split(" ")
    kind = parts[0].lower()
    if kind in ("select_one", "select_multiple"):
        if len(parts) < 2:
            raise SurveyError(
                tr("{place}, column 'type': {type} needs a choice list name.").format(
                    place=row.where, type=kind
                )
            )
        return kind, parts[1]
    return kind, None


def _language_of(column_suffix: str) -> str | None:
    """``English (en)`` → ``en``; ``Español (es)`` → ``es``; a bare name → None."""
    match = _LANG_CODE.search(column_suffix)
    return match.group(1).lower().split("-")[0] if match else None


def _by_language(cells: dict[str, str], prefix: str) -> dict[str, str]:
    """The cells of ``prefix`` and ``prefix::Language (xx)`` columns, keyed by language code."""
    result: dict[str, str] = {}
    for column, value in cells.items():
        if column == prefix and value:
            result.setdefault("en", value)
        elif column.startswith(prefix + "::") and value:
            lang = _language_of(column[len(prefix) + 2 :])
            if lang:
                result[lang] = value
    return result


def _titles(cells: dict[str, str]) -> dict[str, str]:
    """``form_title`` is the default language; ``form_title_es`` etc. add translations.

    pyxform cannot translate ``form_title`` with ``::Language`` columns (it breaks the
    XForm title), but tolerates unknown settings columns, so translations live there.
    """
    titles = _by_language(cells, "form_title")
    for column, value in cells.items():
        match = re.fullmatch(r"form_title_([a-z]{2})", column)
        if match and value:
            titles[match.group(1)] = value
    return titles


def _choice_lists(rows: list[Row]) -> dict[str, list[Choice]]:
    lists: dict[str, list[Choice]] = {}
    for row in rows:
        list_name, name = row.get("list_name") or row.get("list name"), row.get("name")
        if not list_name or not name:
            raise SurveyError(
                tr("{place}: a choice needs a list_name and a name.").format(place=row.where)
            )
        if any(c.name == name for c in lists.get(list_name, ())):
            raise SurveyError(
                tr("{place}: choice {name} is twice in list {list}.").format(
                    place=row.where, name=repr(name), list=repr(list_name)
                )
            )
        properties = {
            column: value
            for column, value in row.cells.items()
            if column not in ("list_name", "list name", "name")
            and not column.startswith(("label", "image", "audio", "video", "media::"))
        }
        lists.setdefault(list_name, []).append(
            Choice(name=name, labels=_by_language(row.cells, "label"), properties=properties)
        )
    return lists
