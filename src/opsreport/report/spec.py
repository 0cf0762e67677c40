"""Report specifications: which sections a report has, and which figures each one shows.

A specification is a YAML file (the default is ``specs/monthly-operational-report.yaml``,
the IOM Panama Monthly Operational Report). A mission that reports differently writes its
own file; the code does not change. The format is described in ``docs/report-spec.md``.

Loading checks everything that can be checked without data: block types, required keys,
texts in every language, placeholder syntax, and (when the indicator catalogue is known)
that every indicator id exists. Errors name the file, line, section, block and key.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from opsreport.errors import ReportError
from opsreport.report import placeholders
from opsreport.report.i18n import in_a_list, language, tr
from opsreport.yamlfile import LineDict, YamlSyntaxError, load_yaml

SPECS_DIR = Path(__file__).parent / "specs"
DEFAULT_SPEC = SPECS_DIR / "monthly-operational-report.yaml"

# Keys of each block type: (required, optional). Keys whose values are EN/ES texts are
# listed in TEXT_KEYS; the other keys are checked in ``_option``.
BLOCK_TYPES: dict[str, tuple[set[str], set[str]]] = {
    "headline": ({"indicator", "text"}, {"title", "note", "compare"}),
    "sentence": ({"text"}, {"note"}),
    "text": ({"text"}, set()),
    "topic-list": ({"indicator"}, {"facet", "label"}),
    "bullets": ({"items"}, {"intro", "note"}),
    "list": ({"indicator"}, {"title"}),
    "donor-list": ({"indicator"}, {"title"}),
    "chart": (
        {"kind"},
        {"indicator", "indicators", "labels", "over", "months", "by", "facet", "top"}
        | {"title", "note"},
    ),
    "table": ({"indicator", "by"}, {"title", "note"}),
    "map": ({"indicator"}, {"title", "note", "attribution"}),
    "annex": (set(), {"title", "intro"}),
}
TEXT_KEYS = {"text", "title", "note", "label", "intro", "attribution", "otherwise"}
CHART_KINDS = ("bar", "stacked-bar", "line")
BREAKDOWNS = ("age-group", "sex")  # what ``by`` can name (the report's sex/age breakdown)
COMPARE = ("previous",)
# Keys every block takes: shown only when these indicators have figures, else ``otherwise``.
BLOCK_KEYS = {"requires", "otherwise"}
LAYOUTS = {"one-column", "two-column"}
ACCENTS = {"blue", "teal", "orange", "navy"}


@dataclass(frozen=True)
class Where:
    """Where something is in a spec file, for error messages.

    ``str()`` writes it in the interface language when the message is made:
    ``my-report.yaml, line 6: section 1 (People), block 2 (chart), key 'kind'``.
    """

    source: str
    line: int
    section: int = 0  # the section's number, from 1 (0: not in a section)
    titles: tuple[tuple[str, str], ...] = ()  # the section's title per language, once read
    block: int = 0  # the block's number in its section, from 1 (0: not in a block)
    type: str = ""  # the block's type, once known
    key: str = ""

    def __str__(self) -> str:
        place = tr("{file}, line {line}").format(file=self.source, line=self.line)
        parts = []
        if self.section and self.titles:
            titles = dict(self.titles)  # the reader's language when the spec has it
            title = titles.get(language()) or self.titles[0][1]
            parts.append(tr("section {number} ({title})").format(number=self.section, title=title))
        elif self.section:
            parts.append(tr("section {number}").format(number=self.section))
        if self.block and self.type:
            parts.append(tr("block {number} ({type})").format(number=self.block, type=self.type))
        elif self.block:
            parts.append(tr("block {number}").format(number=self.block))
        if self.key:
            parts.append(tr("key '{key}'").format(key=self.key))
        return f"{place}: {', '.join(parts)}" if parts else place


def _error(where: Where | str | None, problem: str) -> ReportError:
    """The error at ``where``; ``problem`` is already in the interface language."""
    return ReportError(f"{where}: {problem}")


@dataclass(frozen=True)
class Block:
    type: str
    options: dict[str, Any]
    where: Where
    key_lines: dict[str, int] = field(default_factory=dict)

    def text(self, key: str, lang: str) -> str | None:
        value = self.options.get(key)
        return value.get(lang) if isinstance(value, dict) else None

    def at(self, key: str) -> Where:
        return replace(self.where, line=self.key_lines.get(key, self.where.line), key=key)

    @property
    def indicator(self) -> str | None:
        return self.options.get("indicator")


@dataclass(frozen=True)
class Section:
    id: str
    title: dict[str, str]
    blocks: list[Block]
    layout: str = "one-column"
    accent: str = "blue"
    # Shown only when these indicators have figures for the period (e.g. a survey round);
    # otherwise the section shows ``otherwise`` or is left out.
    requires: tuple[str, ...] = ()
    otherwise: dict[str, str] | None = None
    where: Where | None = None


@dataclass(frozen=True)
class ReportSpec:
    title: dict[str, str]
    mission: dict[str, str]
    languages: list[str]
    sections: list[Section]
    source: str = ""

    def indicator_ids(self) -> set[str]:
        """Every indicator the report needs, so the engine computes only those."""
        ids: set[str] = {rid for section in self.sections for rid in section.requires}
        for block, _, placeholder in self.references():
            ids.update(placeholder.ids if placeholder else (block.indicator,))
        return ids

    def references(self) -> Iterator[tuple[Block, str, placeholders.Placeholder | None]]:
        for section in self.sections:
            for block in section.blocks:
                if block.indicator:
                    yield block, "indicator", None
                for key in ("indicators", "requires"):
                    for rid in block.options.get(key, ()):
                        yield block, key, placeholders.Placeholder(rid, (rid,), None, "", None)
                for key, text in _texts(block):
                    for part in placeholders.parse(text):
                        if isinstance(part, placeholders.Placeholder):
                            yield block, key, part


def _texts(block: Block) -> Iterator[tuple[str, str]]:
    for key, value in block.options.items():
        if key in TEXT_KEYS and isinstance(value, dict):
            for text in value.values():
                yield key, text
        elif key == "items":
            for i, item in enumerate(value, start=1):
                for text in item.values():
                    yield f"items[{i}]", text


def load_spec(
    path: str | Path | None = None, known_ids: Collection[str] | None = None
) -> ReportSpec:
    """Read and check a report specification (the default one when ``path`` is None).

    ``known_ids`` are the indicator ids that exist; when None they come from the indicator
    catalogue if it can be loaded, and unknown ids are otherwise reported at render time.
    """
    path = Path(path) if path else DEFAULT_SPEC
    try:
        data = load_yaml(path)
    except FileNotFoundError:
        raise ReportError(
            tr("Report specification {path} does not exist.").format(path=path)
        ) from None
    except YamlSyntaxError as exc:
        raise ReportError(
            tr("{file}, line {line}: not valid YAML ({cause})").format(
                file=exc.path, line=exc.line, cause=exc.cause
            )
        ) from None
    if known_ids is None:
        known_ids = catalogue_ids()
    return spec_from_data(data, path.name, known_ids)


def catalogue_ids() -> set[str] | None:
    """The ids of the indicator catalogue, or None while it cannot be loaded."""
    try:
        from opsreport.indicators import load_catalogue
    except ImportError:
        return None
    catalogue = load_catalogue()
    if isinstance(catalogue, dict):
        return set(catalogue)
    return {getattr(entry, "id", entry) for entry in catalogue}


def spec_from_data(
    data: Any, source: str = "<spec>", known_ids: Collection[str] | None = None
) -> ReportSpec:
    """Build and check a spec from already-parsed YAML (a :class:`LineDict`)."""
    if not isinstance(data, dict):
        raise _error(source, tr("a report specification is a mapping with 'sections'"))
    top = Where(source, getattr(data, "line", 1))
    languages = data.get("languages", ["en", "es"])
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise _error(_at(data, "languages", top), tr("languages is a list such as [en, es]"))
    title = _text(data, "title", top, languages)
    mission = _text(data, "mission", top, languages)
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise _error(
            _at(data, "sections", top),
            tr("'{key}' must be a non-empty list").format(key="sections"),
        )
    sections = [
        _section(
            raw,
            i,
            raw_sections.line_of(i - 1) if hasattr(raw_sections, "line_of") else 0,
            source,
            languages,
        )
        for i, raw in enumerate(raw_sections, start=1)
    ]
    spec = ReportSpec(title, mission, languages, sections, source)
    check_indicators(spec, known_ids)
    return spec


def check_indicators(spec: ReportSpec, known_ids: Collection[str] | None) -> None:
    """Raise :class:`ReportError` at the first indicator id not in ``known_ids``."""
    if known_ids is None:
        return

    def check(rid: str, where: Where | None) -> None:
        if rid not in known_ids:
            hint = difflib.get_close_matches(rid, list(known_ids), n=1)
            if hint:
                problem = tr("unknown indicator '{id}'; did you mean '{hint}'?")
            else:
                problem = tr("unknown indicator '{id}'")
            raise _error(where, problem.format(id=rid, hint=hint[0] if hint else ""))

    for section in spec.sections:
        for rid in section.requires:
            check(rid, section.where)
    for block, key, placeholder in spec.references():
        for rid in placeholder.ids if placeholder else (block.indicator,):
            check(rid, block.at(key))


def _at(data: Any, key: str, where: Where) -> Where:
    line = data.line_of(key) if isinstance(data, LineDict) else where.line
    return replace(where, line=line, key=key)


def _text(data: Any, key: str, where: Where, languages: list[str]) -> dict[str, str]:
    value = data.get(key)
    at = _at(data, key, where)
    if not isinstance(value, dict):
        langs = ", ".join(f"{lang}: …" for lang in languages)
        raise _error(
            at,
            tr("'{key}' must give the text in every language ({languages})").format(
                key=key, languages=langs
            ),
        )
    missing = [lang for lang in languages if not isinstance(value.get(lang), str)]
    if missing:
        raise _error(
            at,
            tr("'{key}' has no text in {languages}").format(key=key, languages=", ".join(missing)),
        )
    for lang in languages:
        try:
            placeholders.parse(value[lang])
        except placeholders.PlaceholderError as exc:
            raise ReportError(f"{at} ({lang}): {exc}") from None
    return {lang: value[lang] for lang in languages}


def _section(raw: Any, index: int, line: int, source: str, languages: list[str]) -> Section:
    where = Where(source, line, index)
    if not isinstance(raw, dict):
        raise _error(where, tr("a section is a mapping with 'title' and 'blocks'"))
    title = _text(raw, "title", where, languages)
    where = Where(source, line, index, tuple(title.items()))
    layout = raw.get("layout", "one-column")
    if layout not in LAYOUTS:
        raise _error(
            _at(raw, "layout", where),
            tr("layout is one of {choices}").format(choices=sorted(LAYOUTS)),
        )
    accent = raw.get("accent", "blue")
    if accent not in ACCENTS:
        raise _error(
            _at(raw, "accent", where),
            tr("accent is one of {choices}").format(choices=sorted(ACCENTS)),
        )
    blocks = raw.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        raise _error(
            _at(raw, "blocks", where), tr("'{key}' must be a non-empty list").format(key="blocks")
        )
    requires = raw.get("requires", [])
    requires = [requires] if isinstance(requires, str) else requires
    if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
        raise _error(_at(raw, "requires", where), tr("requires is a list of indicator ids"))
    otherwise = _text(raw, "otherwise", where, languages) if "otherwise" in raw else None
    return Section(
        id=str(raw.get("id", f"section-{index}")),
        title=title,
        blocks=[
            _block(b, i, blocks.line_of(i - 1), where, languages)
            for i, b in enumerate(blocks, start=1)
        ],
        layout=layout,
        accent=accent,
        requires=tuple(requires),
        otherwise=otherwise,
        where=_at(raw, "requires", where),
    )


def _block(raw: Any, index: int, line: int, section: Where, languages: list[str]) -> Block:
    where = Where(section.source, line, section.section, section.titles, index)
    types = ", ".join(BLOCK_TYPES)
    if not isinstance(raw, dict) or "type" not in raw:
        raise _error(
            where, tr("a block is a mapping with a 'type' (types: {types})").format(types=types)
        )
    kind = raw["type"]
    if kind not in BLOCK_TYPES:
        hint = difflib.get_close_matches(str(kind), list(BLOCK_TYPES), n=1)
        if hint:
            problem = tr("unknown block type '{type}'; did you mean '{hint}'? (types: {types})")
        else:
            problem = tr("unknown block type '{type}' (types: {types})")
        raise _error(
            _at(raw, "type", where),
            problem.format(type=kind, hint=hint[0] if hint else "", types=types),
        )
    where = replace(where, type=kind)
    required, optional = BLOCK_TYPES[kind]
    optional = optional | BLOCK_KEYS
    missing = sorted(required - set(raw))
    if missing:
        raise _error(where, tr("a {type} block needs '{key}'").format(type=kind, key=missing[0]))
    for key in raw:
        if key != "type" and key not in required | optional:
            allowed = ", ".join(sorted(required | BLOCK_TYPES[kind][1]))
            raise _error(
                _at(raw, key, where),
                tr("a {type} block has no key '{key}' (it takes {allowed})").format(
                    type=kind, key=key, allowed=allowed
                ),
            )
    options: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "type":
            continue
        if key in TEXT_KEYS:
            options[key] = _text(raw, key, where, languages)
        elif key in ("items", "labels"):
            options[key] = _items(raw, where, languages, key)
        elif key in ("indicator", "facet"):
            if not isinstance(value, str) or not value:
                raise _error(
                    _at(raw, key, where), tr("'{key}' is an id such as 'staff'").format(key=key)
                )
            options[key] = value
        else:
            options[key] = _option(key, value, _at(raw, key, where))
    if kind == "chart":
        _check_chart(options, where)
    lines = dict(raw.lines) if isinstance(raw, LineDict) else {}
    items = raw.get("items")
    if isinstance(items, list) and hasattr(items, "line_of"):
        lines.update({f"items[{i}]": items.line_of(i - 1) for i in range(1, len(items) + 1)})
    return Block(kind, options, where, lines)


def _items(
    raw: Any, where: Where, languages: list[str], key: str = "items"
) -> list[dict[str, str]]:
    items = raw.get(key)
    at = _at(raw, key, where)
    if not isinstance(items, list) or not items:
        raise _error(
            at,
            tr("'{key}' is a list of texts, each with {languages}").format(
                key=key, languages=", ".join(languages)
            ),
        )
    result = []
    for i, item in enumerate(items):
        item_where = replace(where, line=items.line_of(i))
        result.append(_text({key: item}, key, item_where, languages))
    return result


def _option(key: str, value: Any, at: Where) -> Any:
    """The non-text keys of charts, tables and headlines, checked one by one."""
    if key == "requires":
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _error(at, tr("requires is a list of indicator ids"))
        return list(value)
    if key == "indicators":
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise _error(at, tr("'indicators' is a list of indicator ids"))
        return list(value)
    if key in ("months", "top"):
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 36:
            raise _error(at, tr("'{key}' is a whole number from 1 to 36").format(key=key))
        return value
    if key == "by":
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not value or any(v not in BREAKDOWNS for v in value):
            raise _error(
                at,
                tr("'by' names one or two of {breakdowns}").format(
                    breakdowns=", ".join(BREAKDOWNS)
                ),
            )
        return list(value)
    choices = {"kind": CHART_KINDS, "over": ("months",), "compare": COMPARE}[key]
    if value not in choices:
        raise _error(
            at,
            tr("'{key}' is one of {choices}, not '{value}'").format(
                key=key, choices=", ".join(choices), value=value
            ),
        )
    return value


def _check_chart(options: dict[str, Any], where: Where) -> None:
    """A chart draws one of three things: months, a sex/age breakdown, or items."""
    if not options.get("indicator") and not options.get("indicators"):
        raise _error(where, tr("a chart needs 'indicator' (or 'indicators' over months)"))
    if options.get("indicators") and options.get("over") != "months":
        raise _error(where, tr("'indicators' draws several lines: it needs 'over: months'"))
    labels = options.get("labels")
    if labels and len(labels) != len(options.get("indicators") or [options.get("indicator")]):
        raise _error(where, tr("'labels' names each of the chart's indicators, in order"))
    modes = [m for m in ("over", "by", "facet") if m in options]
    if len(modes) > 1:
        raise _error(
            where,
            tr("a chart draws one of over, by or facet, not {modes}").format(
                modes=in_a_list(modes)
            ),
        )
