"""Fused queries: indicators that count the same units share one query.

The survey indicators of a round (five shares of respondents and a ranking, in the
shipped catalogue) all count the same respondents of the same answers table. Asked one
by one, each is its own ``COUNT(DISTINCT response_id)`` over a join of the answers with
the round's respondents, so the database builds the same join and a set of respondents
over and over. A measure asks instead through :func:`fused`: the first indicator asked
runs ONE query for every indicator of the computation that the same query serves, and
the others find their part kept in the :class:`Context`. Semantics do not change: every
figure is still counted on its own records, per cell and per margin; nothing is added
up from another indicator's numbers.

Also fused: the staff figures (one ``COUNT(*) FILTER (WHERE …)`` per indicator over the
roster lines in force, as a hand-writer would count them) and, through
:meth:`Context.once`, the sites and provinces figures with the same filters (one list of
active sites). At 1M records each query costs a few milliseconds of Ibis and DuckDB
whatever its size, so fewer queries is what is left to gain on the small tables.

Where fusing is not done, and why (measured on DuckDB at 10M service records): service
indicators count different people (legal orientation of residents, medical care of
migrants in transit). One query with a ``COUNT(DISTINCT person_id) FILTER (WHERE …)``
per indicator, or a ``GROUP BY person_id`` with a flag per indicator, was slower than
one query each (about 1.2 s against 0.35 + 0.4 s for the year): the cost is the set of
distinct people each figure builds, not the scan, which DuckDB does in milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from opsreport.indicators.catalogue import Indicator
from opsreport.indicators.context import Context

Key = tuple[str | None, ...]
Raw = dict[Key, dict[str, float]]


def peers(
    ctx: Context, indicator: Indicator, fits: Callable[[Indicator], bool]
) -> tuple[Indicator, ...]:
    """The indicators of this computation one query computes together with ``indicator``."""
    group = tuple(i for i in ctx.selected if fits(i))
    if indicator.id not in {i.id for i in group}:
        return (indicator,)  # asked outside the computation's selection: on its own
    return group


def fused(
    ctx: Context,
    indicator: Indicator,
    key: Hashable,
    group: Sequence[Indicator],
    run: Callable[[Sequence[Indicator]], dict[str, Raw]],
) -> Raw:
    """``indicator``'s part of ``run(group)``, which runs once per ``key`` and group."""
    ids = tuple(i.id for i in group)
    return ctx.once((key, ids), lambda: run(group))[indicator.id]


def code(value: Any) -> str | None:
    """A group's code as the breakdown keys it (None: not recorded)."""
    return None if value is None else str(value)


def number(value: Any) -> float:
    return float(value or 0)


__all__ = ["Key", "Raw", "peers", "fused", "code", "number"]
