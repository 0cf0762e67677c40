"""The demo's SNM transit counts give the report period's crossings, nationalities, children."""

from __future__ import annotations

from opsreport.demo.transits import BY_GROUP_2023, MONTHLY_TOTALS_2023
from opsreport.indicators import compute

IDS = ["transits-total", "transits-by-nationality", "transits-children-share"]


def test_the_demo_period_opens_with_the_official_crossings(demo_store):
    got = compute(demo_store, "2023-08..2023-09", ids=IDS)
    total = got["transits-total"]
    assert total.value == MONTHLY_TOTALS_2023[8] + MONTHLY_TOTALS_2023[9]
    assert (total.meta["source"], total.meta["months"]) == ("SNM Panamá", ["2023-08", "2023-09"])
    ranking = [item.code for item in got["transits-by-nationality"].items]
    assert ranking[:3] == ["VEN", "ECU", "COL"]
    assert got["transits-by-nationality"].items[0].name_es == "Venezuela"
    children = sum(BY_GROUP_2023[m][g] for m in (8, 9) for g in ("boys", "girls"))
    share = got["transits-children-share"].share
    assert share.numerator == children
    # official counts are a complete count, not a sample: no sampling interval to show
    assert not share.sampled and share.low == share.high == share.value


def test_a_whole_year_counts_months_known_only_by_their_total(demo_store):
    year = compute(demo_store, "2023-01..2023-12", ids=["transits-total"])["transits-total"]
    assert year.value == sum(MONTHLY_TOTALS_2023.values()) == 520_085
    assert year.meta["months_covered"] == 12
