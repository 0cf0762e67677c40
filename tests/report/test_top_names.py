"""Answer names inside sentences: common nouns lower-cased, countries keep their capital."""

from __future__ import annotations

import pytest

from opsreport.indicators.result import IndicatorResult, Item, Share
from opsreport.report.placeholders import Context, PlaceholderError, fill, plain

COUNTRIES = [("VEN", "Venezuela", "Venezuela"), ("ECU", "Ecuador", "Ecuador"),
             ("COL", "Colombia", "Colombia"), ("HTI", "Haiti", "Haití"),
             ("OOO", "Other or unknown", "Otras o desconocidas")]  # fmt: skip


def nationalities(*shares: float) -> IndicatorResult:
    items = [
        Item(code, en, es, Share(s * 1000, 1000, s, s, s, False))
        for (code, en, es), s in zip(COUNTRIES, shares, strict=False)
    ]
    return IndicatorResult("transits-by-nationality", "ranking", shares[0], "", "", items=items)


def reasons() -> IndicatorResult:
    share = Share(60, 100, 0.6, 0.5, 0.7, False)
    items = [Item("economic", "Economic reasons", "Razones económicas", share)]
    return IndicatorResult("fms-main-reason-ranking", "ranking", 0.6, "", "", items=items)


def sentence(text: str, lang: str, **results: IndicatorResult) -> str:
    context = Context(lang, proper_names=frozenset({"transits-by-nationality"}))
    found = {r.id: r for r in results.values()}
    return plain(fill(text, found, context))


@pytest.mark.parametrize(
    ("shares", "lang", "expected"),
    [
        ((0.3, 0.15, 0.1, 0.05), "en", "Venezuela, Ecuador and Colombia"),
        ((0.3, 0.15, 0.1, 0.05), "es", "Venezuela, Ecuador y Colombia"),
        ((0.6, 0.2, 0.1), "en", "Venezuela"),  # over half alone: "mostly from Venezuela"
        ((0.4, 0.2, 0.1), "en", "Venezuela and Ecuador"),
        ((0.2, 0.1, 0.05, 0.05, 0.6), "es", "Venezuela, Ecuador y Colombia"),  # no "other"
    ],
)
def test_the_top_nationalities_keep_their_capitals(shares, lang, expected):
    text = sentence("Mostly from {transits-by-nationality:top:3}.", lang, n=nationalities(*shares))
    assert text == f"Mostly from {expected}."


def test_a_ranked_nationality_keeps_its_capital_and_a_reason_does_not():
    text = sentence(
        "Most came from {transits-by-nationality:first}; {fms-main-reason-ranking:first} led.",
        "en",
        n=nationalities(0.6, 0.2),
        r=reasons(),
    )
    assert text == "Most came from Venezuela; economic reasons led."


def test_top_needs_a_number():
    with pytest.raises(PlaceholderError, match="top takes the largest number"):
        sentence("{transits-by-nationality:top}", "en", n=nationalities(0.5))
