"""Reusing an earlier computation's headline figures changes nothing a user sees."""

from __future__ import annotations

from opsreport.indicators import compute, load_catalogue


def _shown(results):
    """What a table of the results shows: figures, items, shares and every cell."""
    out = {}
    for key, r in results.items():
        cells = [(c.key, c.value, c.share) for c in r.breakdown.cells] if r.breakdown else None
        out[key] = (r.value, r.share, r.items, r.facets, cells)
    return out


def test_a_breakdown_on_reused_headline_figures_equals_a_fresh_one(demo_store):
    catalogue = load_catalogue()
    headline = compute(demo_store, "2023-08..2023-09", catalogue=catalogue)
    for dim in ("sex", "province"):
        ids = [i.id for i in catalogue.select(None) if dim in i.disaggregations]
        fresh = compute(demo_store, "2023-08..2023-09", ids, catalogue, by=dim)
        reused = compute(demo_store, "2023-08..2023-09", ids, catalogue, by=dim, headline=headline)
        assert _shown(reused) == _shown(fresh)
        assert any(r.breakdown and r.breakdown.cells for r in reused.values())
    # the earlier results are not changed by the breakdowns built on them
    assert all(r.breakdown is None for r in headline.values())
