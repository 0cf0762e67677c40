"""Dimensions of a disaggregation: what each one groups by and how its groups are named.

A dimension is a column of the counted records (or of the people behind them) reduced to
a code: ``sex`` (female, male, other, unknown), ``age-group`` (0–4, 5–11, 12–17, 18–59,
60+), ``nationality`` (ISO-3), ``province`` (admin-1 P-code), ``site``,
``population-group``, ``audience``, ``topic``, ``channel``, ``month`` (``2023-08``) and,
for the staff roster, ``category``, ``unit`` and ``office``. Names come from the mission's
reference tables, the importer's country list (EN/ES) and the words below, so a table
reads the same in English and Spanish.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import ibis
import yaml

from opsreport.errors import CatalogueError
from opsreport.indicators.catalogue import Indicator
from opsreport.indicators.context import Context
from opsreport.indicators.i18n import N_, both, tr
from opsreport.indicators.period import Period

AGE_GROUPS = (
    (0, 4, "0-4"),
    (5, 11, "5-11"),
    (12, 17, "12-17"),
    (18, 59, "18-59"),
    (60, None, "60+"),
)
# group code -> English name (msgid of the indicators catalogue, translated by name())
SEX_NAMES = {
    "female": N_("Female"),
    "male": N_("Male"),
    "other": N_("Other"),
    "unknown": N_("Unknown"),
}
# words of the roster and channels (codes of the mission file and the importer)
WORDS = {
    "category": {"national": N_("National"), "international": N_("International")},
    "unit": {"mission": N_("Mission")},
    "channel": {"facebook": N_("Facebook"), "instagram": N_("Instagram"), "x": N_("X"),
                "website": N_("Website"), "whatsapp": N_("WhatsApp"),
                "youtube": N_("YouTube"), "tiktok": N_("TikTok")},
}  # fmt: skip
NOT_RECORDED_TEXT = N_("Not recorded")
OTHER_NAMES_TEXT = N_("Other nationalities")
OTHER_GROUP = "other"

# dimensions a source can be broken down by (events counted as records: event columns only)
PERSON_DIMENSIONS = ("sex", "age-group", "nationality")
SUPPORTED: dict[str, tuple[str, ...]] = {
    "services": (
        *PERSON_DIMENSIONS,
        "province",
        "site",
        "population-group",
        "topic",
        "month",
    ),
    "events": (
        *PERSON_DIMENSIONS,
        "province",
        "site",
        "population-group",
        "audience",
        "topic",
        "month",
    ),
    "event-records": ("province", "site", "audience", "topic", "month"),
    "survey": ("sex", "age-group", "nationality", "province"),
    "channel-metrics": ("channel", "month"),
    "staff": ("category", "unit", "office"),
}
# dimensions where one record can carry several groups whatever is counted
ALWAYS_MULTI = {("events", "topic")}
# reference table naming a dimension's codes
_TABLE = {
    "province": "admin_unit",
    "site": "site",
    "population-group": "population_group",
    "audience": "audience",
    "topic": "topic",
    "office": "office",
}


def supported(indicator: Indicator) -> tuple[str, ...]:
    """The dimensions the indicator's source and unit allow."""
    if indicator.source == "events" and indicator.unit == "records":
        return SUPPORTED["event-records"]
    return SUPPORTED.get(indicator.source, ())


def check(indicator: Indicator, by: tuple[str, ...]) -> None:
    """Refuse a breakdown the indicator does not declare, naming both."""
    if not 1 <= len(by) <= 2 or len(set(by)) != len(by):
        raise CatalogueError(
            tr("A breakdown takes one or two different dimensions, not {by}.").format(by=by)
        )
    for dim in by:
        if dim in indicator.disaggregations:
            continue
        if not indicator.disaggregations:
            raise CatalogueError(
                tr("Indicator '{id}' cannot be broken down; it offers no breakdown.").format(
                    id=indicator.id
                )
            )
        raise CatalogueError(
            tr("Indicator '{id}' cannot be broken down by '{dim}'; it offers: {offered}.").format(
                id=indicator.id, dim=dim, offered=", ".join(indicator.disaggregations)
            )
        )


def age_group(age: Any) -> Any:
    """An Ibis expression giving the age group of an age in years (None stays None)."""
    cases = [(age <= high, code) for _low, high, code in AGE_GROUPS if high is not None]
    return ibis.ifelse(
        age.isnull(), ibis.null("string"), ibis.cases(*cases, else_=AGE_GROUPS[-1][2])
    )


def age_at_period_end(birth_year: Any, period: Period) -> Any:
    """Age at the period's end from a birth year (the best known without a service date)."""
    return period.end.year - birth_year


@cache
def countries() -> dict[str, tuple[str, str]]:
    """ISO-3 code -> (English, Spanish) name, from the importer's country list."""
    path = Path(__file__).parents[1] / "ingest" / "countries.yaml"
    # libyaml's loader when PyYAML has it: the same data, read in a tenth of the time
    # (about 20 ms saved on the first breakdown by nationality of a process)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text("utf-8"), Loader=loader)
    return {code: (names[0], names[1]) for code, names in data.items()}


def name(dim: str, code: str | None, ctx: Context) -> tuple[str, str]:
    """(English, Spanish) name of one group of a dimension."""
    if code is None:
        return not_recorded()
    if dim == "sex":
        return both(SEX_NAMES[code]) if code in SEX_NAMES else (code, code)
    if dim == "nationality":
        if code == OTHER_GROUP:
            return both(OTHER_NAMES_TEXT)
        return countries().get(code, (code, code))
    if dim == "month":
        month = Period.parse(code)
        return month.label("en"), month.label("es")
    if dim in _TABLE:
        item = ctx.item(_TABLE[dim], code)
        return item.name_en, item.name_es
    word = WORDS.get(dim, {}).get(code)
    return both(word) if word else (code, code)


def not_recorded() -> tuple[str, str]:
    """(English, Spanish) name of the group of records that do not give the dimension."""
    return both(NOT_RECORDED_TEXT)


def order(dim: str, codes: list[str | None]) -> list[str | None]:
    """Groups in their natural order: age groups youngest first, months in time, else codes."""
    if dim == "age-group":
        rank = {code: i for i, (_l, _h, code) in enumerate(AGE_GROUPS)}
        return sorted(codes, key=lambda c: (c is None, rank.get(c, 99)))
    return sorted(codes, key=lambda c: (c is None, c == OTHER_GROUP, str(c)))
