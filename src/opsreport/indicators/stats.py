"""Statistics for shares: the 95% Wilson score interval of survey shares, the small-n flag,
and exact shares of complete counts.

Flow-monitoring samples are small and shares are often near 0 or 1, where the textbook
normal interval runs outside 0..1; the Wilson interval stays inside and is what DTM
practice reports. A share over fewer than :data:`SMALL_N` answers is flagged everywhere.
"""

from __future__ import annotations

import math

from opsreport.indicators.result import Share

Z95 = 1.959963984540054  # two-sided 95% normal quantile
SMALL_N = 30


def wilson_interval(successes: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of ``successes`` out of ``n`` (``(0, 0)`` when n is 0)."""
    if n <= 0:
        return (0.0, 0.0)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def share(numerator: float, n: float) -> Share | None:
    """A :class:`Share` of ``numerator`` over ``n`` answers, or None when nobody answered."""
    if not n:
        return None
    low, high = wilson_interval(numerator, n)
    return Share(
        numerator=numerator, n=n, value=numerator / n, low=low, high=high, small_n=n < SMALL_N
    )


def counted_share(numerator: float, total: float) -> Share | None:
    """A share of complete counts (every crossing counted, not a sample): exact.

    A Wilson interval would describe sampling error there is none of ("23% to 23%" on
    157,214 counted people); the share carries its base and no interval instead.
    """
    if not total:
        return None
    value = numerator / total
    return Share(
        numerator=numerator, n=total, value=value, low=value, high=value, small_n=False,
        sampled=False,
    )  # fmt: skip


def kish_effective_n(sum_weights: float, sum_squared_weights: float) -> float:
    """Kish's effective sample size (Σw)²/Σw²: what unequal weights leave of n."""
    if not sum_squared_weights:
        return 0.0
    return sum_weights * sum_weights / sum_squared_weights


def weighted_share(sum_weights: float, sum_squared_weights: float, chosen_weights: float):
    """A weighted :class:`Share`: value Σw(chosen)/Σw, ``n`` the Kish effective n.

    The Wilson interval is taken at the effective n (numerator = value × effective n),
    which widens it as the weights grow unequal; the small-n flag reads the same n.
    """
    n = kish_effective_n(sum_weights, sum_squared_weights)
    if not sum_weights or not n:
        return None
    value = chosen_weights / sum_weights
    low, high = wilson_interval(value * n, n)
    return Share(numerator=value * n, n=n, value=value, low=low, high=high, small_n=n < SMALL_N)
