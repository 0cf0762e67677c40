"""The indicator catalogue: every figure declared as data, checked when it is loaded.

An indicator says *what* is counted (``unit`` over a ``source``), *which* records
(``filters``), *when* (``period`` rule), what describes the counted records (``facets``)
and which breakdowns it will offer (``disaggregations``). No indicator is a function:
the engine reads these declarations, so a mission adds or changes figures by writing a
YAML file, not code. The shipped ``catalogue.yaml`` holds what the Panama Monthly
Operational Report needs; ``load_catalogue([mission_file])`` adds a mission's own
indicators on top (a later file's id replaces an earlier one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opsreport.errors import CatalogueError
from opsreport.indicators.i18n import tr
from opsreport.yamlfile import YamlSyntaxError, load_yaml

SHIPPED = Path(__file__).with_name("catalogue.yaml")

UNITS = (
    "records",
    "distinct-people",
    "participants",
    "sum",
    "share",
    "ranking",
    "as-of-count",
    "list",
)
PERIOD_RULES = ("within", "as-of-end", "latest-round")
DISAGGREGATIONS = (
    "sex",
    "age-group",
    "nationality",
    "province",
    "site",
    "population-group",
    "audience",
    "topic",
    "channel",
    "month",
    "category",
    "unit",
    "office",
)

# source -> the filters it understands and the units it can be counted in
SOURCES: dict[str, dict[str, tuple[str, ...]]] = {
    "services": {
        "filters": (
            "activity",
            "population_group",
            "site_type",
            "topic",
            "admin1",
            "admin2",
            "site",
        ),
        "units": ("records", "distinct-people"),
        "facets": ("topic", "province", "site"),
    },
    "events": {
        "filters": ("activity", "audience", "site_type", "topic", "admin1", "admin2", "site"),
        "units": ("records", "participants"),
        "facets": ("topic", "province", "site"),
    },
    "survey": {
        "filters": ("instrument", "question", "choice"),
        "units": ("share", "ranking", "records"),
        "facets": ("province",),
    },
    "channel-metrics": {"filters": ("metric", "channel"), "units": ("sum",), "facets": ()},
    "staff": {
        "filters": ("category", "unit", "office", "office_type"),
        "units": ("as-of-count",),
        "facets": (),
    },
    "offices": {
        "filters": ("type", "unit", "admin1", "admin2"),
        "units": ("as-of-count", "list"),
        "facets": ("province",),
    },
    "sites": {
        "filters": ("site_type", "admin1", "admin2", "activity"),
        "units": ("list",),
        "facets": (),
    },
    "provinces": {
        "filters": ("site_type", "activity"),
        "units": ("list",),
        "facets": (),
    },
    "thematic-areas": {"filters": (), "units": ("list",), "facets": ()},
    "donors": {"filters": ("type",), "units": ("list",), "facets": ()},
    "transits": {"filters": ("place",), "units": ("sum", "ranking", "share"), "facets": ()},
}
# the period rule each source is counted by (declared in the catalogue, checked here)
PERIOD_OF_SOURCE = {
    "services": "within",
    "events": "within",
    "channel-metrics": "within",
    "sites": "within",
    "provinces": "within",
    "donors": "within",
    "staff": "as-of-end",
    "offices": "as-of-end",
    "thematic-areas": "as-of-end",
    "survey": "latest-round",
    "transits": "within",
}
_REQUIRED = ("id", "label_en", "label_es", "definition_en", "definition_es", "unit", "source")
_OPTIONAL = (
    "filters",
    "period",
    "facets",
    "disaggregations",
    "multi_group",
    "weighted",
    "notes",
)


@dataclass(frozen=True)
class Indicator:
    """One declared figure. ``filters`` values are tuples (one value = a 1-tuple)."""

    id: str
    label_en: str
    label_es: str
    definition_en: str
    definition_es: str
    unit: str
    source: str
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    period: str = "within"
    facets: tuple[str, ...] = ()
    disaggregations: tuple[str, ...] = ()
    multi_group: bool = False
    weighted: bool = False  # survey shares: use survey_response.weight (Kish effective n)
    origin: str = ""  # "catalogue.yaml, line 12": where it was declared

    def label(self, lang: str) -> str:
        return self.label_es if lang == "es" else self.label_en

    def definition(self, lang: str) -> str:
        return self.definition_es if lang == "es" else self.definition_en

    def one(self, name: str) -> str | None:
        """The single value of filter ``name`` (None when absent)."""
        values = self.filters.get(name)
        return values[0] if values else None


class Catalogue(dict[str, Indicator]):
    """Indicators by id, in declaration order."""

    def select(self, ids: Iterable[str] | None) -> list[Indicator]:
        if ids is None:
            return list(self.values())
        unknown = [i for i in ids if i not in self]
        if unknown:
            raise CatalogueError(
                tr("No indicator '{id}' in the catalogue. Known ids: {known}.").format(
                    id=unknown[0], known=", ".join(self)
                )
            )
        return [self[i] for i in ids]


def load_catalogue(paths: Iterable[str | Path] | None = None) -> Catalogue:
    """The shipped catalogue, then each file of ``paths`` on top (later ids override)."""
    catalogue = Catalogue()
    for path in [SHIPPED, *(Path(p) for p in paths or ())]:
        for indicator in read_catalogue_file(path):
            catalogue.pop(indicator.id, None)
            catalogue[indicator.id] = indicator
    return catalogue


def read_catalogue_file(path: str | Path) -> list[Indicator]:
    """Every indicator of one catalogue file, validated."""
    path = Path(path)
    try:
        document = load_yaml(path)
    except FileNotFoundError:
        missing = tr("Catalogue file {path} does not exist.")
        raise CatalogueError(missing.format(path=path)) from None
    except YamlSyntaxError as exc:
        raise CatalogueError(
            tr("{file}, line {line}: not valid YAML ({cause})").format(
                file=exc.path, line=exc.line, cause=exc.cause
            )
        ) from None
    if not isinstance(document, dict) or not isinstance(document.get("indicators"), list):
        raise CatalogueError(
            tr("{file}: a catalogue file needs a list under 'indicators:'.").format(file=path.name)
        )
    entries = document["indicators"]
    seen: set[str] = set()
    result = []
    for index, entry in enumerate(entries):
        indicator = _read_indicator(path.name, index, entry, entries.line_of(index))
        if indicator.id in seen:
            raise CatalogueError(
                tr(
                    "{file}, line {line}: indicator '{indicator}' is declared twice in this file."
                ).format(file=path.name, line=entries.line_of(index), indicator=indicator.id)
            )
        seen.add(indicator.id)
        result.append(indicator)
    return result


def _read_indicator(file: str, index: int, entry: Any, line: int) -> Indicator:
    if not isinstance(entry, dict):
        raise CatalogueError(
            tr("{file}, line {line}: indicators[{index}] must be a mapping.").format(
                file=file, line=line, index=index
            )
        )
    name = str(entry.get("id", f"indicators[{index}]"))

    def fail(key: str, problem: str) -> CatalogueError:
        """The error at ``key`` of this indicator; ``problem`` is a whole translated sentence."""
        at = entry.line_of(key) if hasattr(entry, "line_of") else line
        return CatalogueError(
            tr("{file}, line {line}, indicator '{indicator}', {key}: {problem}").format(
                file=file, line=at, indicator=name, key=key, problem=problem
            )
        )

    for key in _REQUIRED:
        if entry.get(key) in (None, ""):
            raise fail(key, tr("is required"))
    for key in entry:
        if key not in _REQUIRED + _OPTIONAL:
            raise fail(
                key,
                tr("unknown key; use one of {keys}").format(keys=", ".join(_REQUIRED + _OPTIONAL)),
            )
    source, unit = entry["source"], entry["unit"]
    if source not in SOURCES:
        raise fail(
            "source",
            tr("'{source}' is not a source; use one of {sources}").format(
                source=source, sources=", ".join(SOURCES)
            ),
        )
    if unit not in UNITS:
        raise fail(
            "unit",
            tr("'{unit}' is not a unit; use one of {units}").format(
                unit=unit, units=", ".join(UNITS)
            ),
        )
    if unit not in SOURCES[source]["units"]:
        raise fail(
            "unit",
            tr("a {source} indicator counts in {units}").format(
                source=source, units=", ".join(SOURCES[source]["units"])
            ),
        )
    period = entry.get("period", PERIOD_OF_SOURCE[source])
    if period not in PERIOD_RULES:
        raise fail(
            "period",
            tr("'{period}' is not a period rule; use {rules}").format(
                period=period, rules=", ".join(PERIOD_RULES)
            ),
        )
    if period != PERIOD_OF_SOURCE[source]:
        raise fail(
            "period",
            tr("a {source} indicator is counted '{rule}'").format(
                source=source, rule=PERIOD_OF_SOURCE[source]
            ),
        )
    filters = _filters(entry.get("filters") or {}, SOURCES[source]["filters"], fail)
    if source == "survey":
        needed = ("instrument",) if unit == "records" else ("instrument", "question")
        needed += ("choice",) if unit == "share" else ()
        for key in needed:
            if key not in filters:
                raise fail(
                    "filters",
                    tr("a survey {unit} needs filters.{filter}").format(unit=unit, filter=key),
                )
    if source == "channel-metrics" and "metric" not in filters:
        raise fail("filters", tr("a channel-metrics sum needs filters.metric"))
    facets = _names(entry.get("facets") or [], SOURCES[source]["facets"], "facets", fail)
    breakdowns = _names(
        entry.get("disaggregations") or [], DISAGGREGATIONS, "disaggregations", fail
    )
    multi_group = entry.get("multi_group", False)
    if not isinstance(multi_group, bool):
        raise fail("multi_group", tr("must be true or false"))
    weighted = entry.get("weighted", False)
    if not isinstance(weighted, bool):
        raise fail("weighted", tr("must be true or false"))
    if weighted and (source, unit) != ("survey", "share"):
        raise fail("weighted", tr("only survey shares can be weighted"))
    allowed = _dimensions_of(source, unit)
    for dim in breakdowns:
        if dim not in allowed:
            problem = (
                tr("a {source} {unit} indicator cannot be broken down by '{dim}'; use {allowed}")
                if allowed
                else tr("a {source} {unit} indicator offers no breakdown; remove '{dim}'")
            )
            raise fail(
                "disaggregations",
                problem.format(source=source, unit=unit, dim=dim, allowed=", ".join(allowed)),
            )
    return Indicator(
        id=str(entry["id"]),
        label_en=str(entry["label_en"]),
        label_es=str(entry["label_es"]),
        definition_en=str(entry["definition_en"]).strip(),
        definition_es=str(entry["definition_es"]).strip(),
        unit=unit,
        source=source,
        filters=filters,
        period=period,
        facets=facets,
        disaggregations=breakdowns,
        multi_group=multi_group,
        weighted=weighted,
        origin=f"{file}, line {line}",
    )


def _dimensions_of(source: str, unit: str) -> tuple[str, ...]:
    from opsreport.indicators.dimensions import SUPPORTED

    if source == "events" and unit == "records":
        return SUPPORTED["event-records"]
    return SUPPORTED.get(source, ())


def _filters(raw: Any, allowed: tuple[str, ...], fail) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise fail("filters", tr("must be a mapping of filter name to a value or a list"))
    result = {}
    for key, value in raw.items():
        if key not in allowed:
            problem = (
                tr("'{filter}' is not a filter of this source; use {allowed}")
                if allowed
                else tr("'{filter}' is not a filter of this source; it takes no filters")
            )
            raise fail("filters", problem.format(filter=key, allowed=", ".join(allowed)))
        values = value if isinstance(value, list) else [value]
        if not values or any(v is None or isinstance(v, dict | list) for v in values):
            raise fail(
                "filters", tr("'{filter}' needs a value or a list of values").format(filter=key)
            )
        result[key] = tuple(str(v) for v in values)
    return result


def _names(raw: Any, allowed: tuple[str, ...], key: str, fail) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise fail(key, tr("must be a list"))
    for value in raw:
        if value not in allowed:
            problem = (
                tr("'{value}' is not offered here; use {allowed}")
                if allowed
                else tr("'{value}' is not offered here; this source offers none")
            )
            raise fail(key, problem.format(value=value, allowed=", ".join(allowed)))
    return tuple(raw)
