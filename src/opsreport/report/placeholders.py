"""The placeholder mini-language of report sentences: ``{indicator-id:format:argument}``.

A sentence of a report specification is plain text with placeholders in braces::

    IOM Panama has {staff} staff members, {staff-national} of which are national.
    ... and {sub-offices:words:f} sub-office in the {sub-offices:provinces} province.
    ... at {sites-active:more-than} sites.
    More than ... {fms-not-enough-info-danger,fms-not-enough-info-insecurity:more-than-percent}
    For more than {offices-open[pty-administrative-centre]} years, ...

The reference before the first colon names an indicator (``staff``), one item of it
(``offices-open[pty-administrative-centre]``: that item's value) or, for
``more-than-percent``, several indicators separated by commas. The format after it says
how to phrase the figure; see :data:`FORMATS` and ``docs/report-spec.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from opsreport.indicators.disclosure import DEFAULT_THRESHOLD
from opsreport.indicators.result import IndicatorResult, Item, Share
from opsreport.report import phrasing
from opsreport.report.i18n import tr

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
REFERENCE = re.compile(r"^(?P<ids>[a-z0-9-]+(?:,[a-z0-9-]+)*)(?:\[(?P<item>[A-Za-z0-9_.-]+)\])?$")

# The engine's default; a report passes the installation's setting (see render.py).
SUPPRESSION_THRESHOLD = DEFAULT_THRESHOLD


class PlaceholderError(ValueError):
    """A placeholder that cannot be understood or filled; the spec adds where it is.

    The message is in the interface language (``tr``), like the spec's other errors.
    """


def _braced(text: str) -> str:
    """A placeholder as written in the spec, braces included: ``{staff:wrods}``."""
    return "{" + text + "}"


@dataclass(frozen=True)
class Placeholder:
    """One ``{…}`` of a sentence, parsed."""

    text: str  # as written, without braces
    ids: tuple[str, ...]
    item: str | None
    format: str
    argument: str | None


@dataclass(frozen=True)
class Segment:
    """A piece of a filled sentence: literal text, or a figure the template highlights."""

    text: str
    figure: bool = False
    small_n: bool = False  # a share over few answers: flagged wherever it is shown


@dataclass(frozen=True)
class Context:
    """What filling a placeholder needs besides the results."""

    lang: str
    public: bool = False
    # smallest count of people a public report shows (OPSREPORT_SUPPRESSION_THRESHOLD)
    threshold: int = SUPPRESSION_THRESHOLD
    # indicators whose item names are proper names (countries), from the catalogue's
    # ``source`` (see :func:`proper_name_indicators`): they keep their capital in a sentence
    proper_names: frozenset[str] = frozenset()


# Sources whose items are proper names: the official transit counts rank nationalities
# (countries), which keep their capital letter inside a sentence ("from Venezuela").
PROPER_NAME_SOURCES = {"transits"}


def proper_name_indicators(catalogue: Mapping[str, Any]) -> frozenset[str]:
    """The ids of the catalogue's indicators whose items are names of countries."""
    return frozenset(rid for rid, ind in catalogue.items() if ind.source in PROPER_NAME_SOURCES)


def parse(text: str) -> list[str | Placeholder]:
    """Split a sentence into literal strings and :class:`Placeholder` objects."""
    parts: list[str | Placeholder] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > position:
            parts.append(text[position : match.start()])
        parts.append(parse_placeholder(match.group(1)))
        position = match.end()
    if position < len(text):
        parts.append(text[position:])
    literal = "".join(p for p in parts if isinstance(p, str))
    if "{" in literal or "}" in literal:
        raise PlaceholderError(
            tr(
                "a '{open}' or '{close}' without its partner; placeholders look like {example}"
            ).format(open="{", close="}", example="{staff}")
        )
    return parts


def parse_placeholder(body: str) -> Placeholder:
    reference, _, rest = body.strip().partition(":")
    fmt, _, argument = rest.partition(":")
    match = REFERENCE.match(reference.strip())
    if not match:
        raise PlaceholderError(
            tr(
                "{placeholder} is not a placeholder: write an indicator id such as {{staff}}, "
                "optionally with a format, e.g. {{staff:words}}"
            ).format(placeholder=_braced(body))
        )
    fmt = fmt.strip() or "value"
    if fmt not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise PlaceholderError(
            tr("{placeholder}: unknown format '{format}' (known: {known})").format(
                placeholder=_braced(body), format=fmt, known=known
            )
        )
    placeholder = Placeholder(
        text=body,
        ids=tuple(match.group("ids").split(",")),
        item=match.group("item"),
        format=fmt,
        argument=argument.strip() or None,
    )
    _check_arguments(placeholder)
    return placeholder


def _check_arguments(p: Placeholder) -> None:
    placeholder = _braced(p.text)
    if len(p.ids) > 1 and p.format != "more-than-percent":
        raise PlaceholderError(
            tr("{placeholder}: only more-than-percent takes several indicators").format(
                placeholder=placeholder
            )
        )
    if p.format == "words" and p.argument not in (None, "m", "f"):
        raise PlaceholderError(
            tr("{placeholder}: words takes the grammatical gender m or f, not '{argument}'").format(
                placeholder=placeholder, argument=p.argument
            )
        )
    if p.format == "top" and not (p.argument or "").isdigit():
        raise PlaceholderError(
            tr("{placeholder}: top takes the largest number of names to give, e.g. :top:3").format(
                placeholder=placeholder
            )
        )
    if p.argument and p.format not in ("words", "list", "top"):
        raise PlaceholderError(
            tr("{placeholder}: the format '{format}' takes no argument").format(
                placeholder=placeholder, format=p.format
            )
        )


def fill(
    text: str,
    results: Mapping[str, IndicatorResult],
    context: Context,
    capitalise: bool = True,
) -> list[Segment]:
    """The sentence with every placeholder replaced by its phrased figure.

    A sentence starts with a capital letter even when it starts with a placeholder
    ("More than 60% …"); ``capitalise=False`` is for text that follows a big number.
    """
    segments: list[Segment] = []
    for part in parse(text):
        if isinstance(part, str):
            segments.append(Segment(part))
        else:
            for rid in part.ids:
                if rid not in results:
                    raise PlaceholderError(
                        tr("{placeholder}: no result for indicator '{id}'").format(
                            placeholder=_braced(part.text), id=rid
                        )
                    )
            hidden = _hidden(part, results, context)
            if hidden is not None:
                segments.append(Segment(hidden, figure=True))
                continue
            phrased = FORMATS[part.format](part, results, context)
            segments.append(
                Segment(
                    phrased,
                    figure=part.format not in TEXT_FORMATS,
                    small_n=part.format in SHARE_FORMATS | {"value"} and _small_n(part, results),
                )
            )
    for i, segment in enumerate(segments if capitalise else []):
        if segment.text.strip():
            segments[i] = Segment(
                phrasing.capitalise_first(segment.text), segment.figure, segment.small_n
            )
            break
    return segments


def plain(segments: list[Segment]) -> str:
    return "".join(s.text for s in segments)


# --- formats ---------------------------------------------------------------------------


def _number(p: Placeholder, results: Mapping[str, IndicatorResult]) -> float:
    result = results[p.ids[0]]
    value = _item(p, result).value if p.item else result.value
    if isinstance(value, Share):
        value = value.numerator
    if value is None:
        raise PlaceholderError(
            tr("{placeholder}: the indicator has no value for this period").format(
                placeholder=_braced(p.text)
            )
        )
    return value


def _item(p: Placeholder, result: IndicatorResult) -> Item:
    for item in result.items:
        if item.code == p.item:
            return item
    codes = ", ".join(i.code for i in result.items) or tr("none")
    raise PlaceholderError(
        tr("{placeholder}: '{id}' has no item '{item}' (items: {items})").format(
            placeholder=_braced(p.text), id=result.id, item=p.item, items=codes
        )
    )


# Formats that show a figure, or name an answer chosen by a figure (a ranking's first):
# what a public report hides when the engine suppressed the figure behind them.
HIDEABLE_FORMATS = {"value", "words", "more-than", "percent", "more-than-percent", "n",
                    "first", "second", "third"}  # fmt: skip


def _hidden(p: Placeholder, results: Mapping[str, IndicatorResult], ctx: Context) -> str | None:
    """What a public report writes instead of a figure the engine suppressed, else None.

    The rule is the engine's (``compute(..., public=True)``, ``indicators/disclosure.py``):
    the report only reads its suppression reasons, so a sentence, a headline and a table
    can never disagree about what is hidden.
    """
    if not ctx.public or p.format not in HIDEABLE_FORMATS:
        return None
    for rid in p.ids:
        reason = _reason(p, results.get(rid))
        if reason is not None:
            return phrasing.suppressed(reason, ctx.threshold, ctx.lang)
    return None


def _reason(p: Placeholder, result: IndicatorResult | None) -> str | None:
    if result is None:
        return None
    if p.format in ("first", "second", "third"):
        position = {"first": 1, "second": 2, "third": 3}[p.format]
        if len(result.items) >= position and result.items[position - 1].value is None:
            return result.suppressed or "small-base"
        return None
    if p.item:
        item = next((i for i in result.items if i.code == p.item), None)
        if item is not None and item.value is None and result.suppressed:
            return "small-base" if result.unit == "ranking" else result.suppressed
        return None
    return result.suppressed


def _value(p: Placeholder, results: Mapping[str, IndicatorResult], ctx: Context) -> str:
    if results[p.ids[0]].unit == "share" and not p.item:
        return _percent(p, results, ctx)
    return phrasing.format_number(_number(p, results), ctx.lang)


def _words(p: Placeholder, results: Mapping[str, IndicatorResult], ctx: Context) -> str:
    return phrasing.count_in_words(_number(p, results), ctx.lang, p.argument or "m")


def _more_than(p: Placeholder, results: Mapping[str, IndicatorResult], ctx: Context) -> str:
    return phrasing.more_than(int(_number(p, results)), ctx.lang)


def _share(p: Placeholder, result: IndicatorResult) -> Share:
    if p.item:
        value = _item(p, result).value
        if isinstance(value, Share):
            return value
    elif result.share is not None:
        return result.share
    raise PlaceholderError(
        tr("{placeholder}: '{id}' has no share for this period").format(
            placeholder=_braced(p.text), id=result.id
        )
    )


def _percent(p: Placeholder, results: Mapping[str, IndicatorResult], ctx: Context) -> str:
    return phrasing.percent(_share(p, results[p.ids[0]]).value, ctx.lang)


def _more_than_percent(p: Placeholder, results: Mapping[str, IndicatorResult], ctx: Context) -> str:
    shares = [_share(p, results[rid]).value for rid in p.ids]
    return phrasing.more_than_percent(shares, ctx.lang)


def _n(p: Placeholder, results: Mapping[str, IndicatorResult], ctx: Context) -> str:
    return phrasing.format_number(_share(p, results[p.ids[0]]).n, ctx.lang)


def _list(p: Placeholder, results: Mapping[str, IndicatorResult], ctx: Context) -> str:
    result = results[p.ids[0]]
    items = result.items
    if p.argument:
        if p.argument not in result.facets:
            facets = ", ".join(result.facets) or tr("none")
            raise PlaceholderError(
                tr("{placeholder}: '{id}' has no facet '{facet}' (facets: {facets})").format(
                    placeholder=_braced(p.text), id=result.id, facet=p.argument, facets=facets
                )
            )
        items = result.facets[p.argument]
    return phrasing.join_list([i.name(ctx.lang) for i in items], ctx.lang)


def _facet(name: str) -> Callable[[Placeholder, Mapping[str, IndicatorResult], Context], str]:
    def phrase(p: Placeholder, results: Mapping[str, IndicatorResult], ctx: Context) -> str:
        result = results[p.ids[0]]
        items = result.facets[name] if name in result.facets else result.items
        return phrasing.join_list([i.name(ctx.lang) for i in items], ctx.lang)

    return phrase


def _month(p: Placeholder, results: Mapping[str, IndicatorResult], ctx: Context) -> str:
    meta = results[p.ids[0]].meta
    day = meta.get("fieldwork_end") or meta.get("date")
    if not isinstance(day, date):
        raise PlaceholderError(
            tr("{placeholder}: '{id}' has no date to take the month from").format(
                placeholder=_braced(p.text), id=p.ids[0]
            )
        )
    return phrasing.month_name(day, ctx.lang)


def _in_sentence(result: IndicatorResult, item: Item, ctx: Context) -> str:
    """An item's name inside a sentence: common nouns lower-cased, countries as written."""
    name = item.name(ctx.lang)
    return name if result.id in ctx.proper_names else phrasing.within_sentence(name)


def _top(p: Placeholder, results: Mapping[str, IndicatorResult], ctx: Context) -> str:
    """The leading items, at most N, stopping as soon as together they make more than half.

    So "mostly from {transits-by-nationality:top:3}" is true as written: it names the
    fewest nationalities that make up most crossings ("Venezuela" alone when it is over
    half). Items a public report hid and "other or unknown" are never named.
    """
    from opsreport.indicators.measures.transits import OTHER_NATIONALITY

    result = results[p.ids[0]]
    names, covered = [], 0.0
    for item in result.items:
        if len(names) >= int(p.argument or 0) or covered > 0.5:
            break
        if item.code == OTHER_NATIONALITY or item.value is None:
            continue
        names.append(_in_sentence(result, item, ctx))
        covered += item.value.value if isinstance(item.value, Share) else 0.0
    if not names:
        raise PlaceholderError(
            tr("{placeholder}: '{id}' has no items for this period").format(
                placeholder=_braced(p.text), id=result.id
            )
        )
    return phrasing.join_list(names, ctx.lang)


def _rank(position: int) -> Callable[[Placeholder, Mapping[str, IndicatorResult], Context], str]:
    def phrase(p: Placeholder, results: Mapping[str, IndicatorResult], ctx: Context) -> str:
        items = results[p.ids[0]].items
        if len(items) < position:
            raise PlaceholderError(
                tr("{placeholder}: the ranking has fewer than {position} answers").format(
                    placeholder=_braced(p.text), position=position
                )
            )
        return _in_sentence(results[p.ids[0]], items[position - 1], ctx)

    return phrase


def _continue(p: Placeholder, results: Mapping[str, IndicatorResult], ctx: Context) -> str:
    result = results[p.ids[0]]
    previous = result.meta.get("previous_top")
    same = bool(result.items) and previous is not None and previous == result.items[0].code
    return phrasing.ranking_verb(same, ctx.lang)


def _label(p: Placeholder, results: Mapping[str, IndicatorResult], ctx: Context) -> str:
    return results[p.ids[0]].label(ctx.lang)


FORMATS: dict[str, Callable[[Placeholder, Mapping[str, IndicatorResult], Context], str]] = {
    "value": _value,
    "words": _words,
    "more-than": _more_than,
    "percent": _percent,
    "more-than-percent": _more_than_percent,
    "n": _n,
    "list": _list,
    "provinces": _facet("province"),
    "topics": _facet("topic"),
    "month": _month,
    "first": _rank(1),
    "second": _rank(2),
    "third": _rank(3),
    "top": _top,
    "continue": _continue,
    "label": _label,
}

# Formats that give words rather than figures: not highlighted in the report.
TEXT_FORMATS = {
    "list",
    "provinces",
    "topics",
    "month",
    "first",
    "second",
    "third",
    "top",
    "continue",
    "label",
}

# Formats that show a share: flagged when the share rests on few answers.
SHARE_FORMATS = {"percent", "more-than-percent", "n"}


def _small_n(p: Placeholder, results: Mapping[str, IndicatorResult]) -> bool:
    if p.format == "value" and results[p.ids[0]].unit != "share":
        return False
    return any(_share(p, results[rid]).small_n for rid in p.ids)
