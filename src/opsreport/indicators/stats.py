"""Statistics for survey shares: the 95% Wilson score interval and the small-n flag.

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
