"""Digital-media figures of the demo: one value per month, channel and metric.

M1 sums "people reached" over the period's months and channels, so the period's ten
values are an exact split of the target; the other months follow a slow growth towards
that level (:data:`MONTHLY_LEVEL`), a few percent either way, so the report's comparison
with June and July is the modest rise a growing audience gives.
Impressions are a few times the reach and engagements a small part of the impressions,
as a communications officer would enter them.
"""

from __future__ import annotations

import datetime as dt
import random

from opsreport.demo import targets
from opsreport.demo.people import split_total

# channel -> share of the people reached
CHANNELS = {"facebook": 44, "instagram": 24, "x": 9, "whatsapp": 13, "website": 10}
METRICS = ("people-reached", "impressions", "engagements")
# month -> people reached, as a share of the period's monthly average (before jitter)
MONTHLY_LEVEL = {1: 0.74, 2: 0.76, 3: 0.79, 4: 0.82, 5: 0.85, 6: 0.89, 7: 0.93, 10: 0.98}


def channel_metrics(rng: random.Random) -> list[dict]:
    period_months = [(2023, 8), (2023, 9)]
    per_month = split_total(rng, targets.DIGITAL_REACH, len(period_months), spread=0.2)
    reach: dict[tuple[dt.date, str], int] = {}
    for (year, month), total in zip(period_months, per_month, strict=True):
        parts = _split_by_weight(rng, total, list(CHANNELS.values()))
        for channel, value in zip(CHANNELS, parts, strict=True):
            reach[(dt.date(year, month, 1), channel)] = value
    monthly_level = targets.DIGITAL_REACH / len(period_months)
    for month in range(1, 11):
        if (2023, month) in period_months:
            continue
        total = round(monthly_level * MONTHLY_LEVEL[month] * rng.uniform(0.95, 1.05))
        parts = _split_by_weight(rng, total, list(CHANNELS.values()))
        for channel, value in zip(CHANNELS, parts, strict=True):
            reach[(dt.date(2023, month, 1), channel)] = value
    rows = []
    for (month, channel), people in sorted(reach.items()):
        impressions = round(people * rng.uniform(2.2, 4.0))
        values = {
            "people-reached": people,
            "impressions": impressions,
            "engagements": round(impressions * rng.uniform(0.02, 0.08)),
        }
        for metric in METRICS:
            rows.append(
                {
                    "id": len(rows) + 1,
                    "month": month,
                    "channel": channel,
                    "metric": metric,
                    "value": values[metric],
                }
            )
    return rows


def _split_by_weight(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """``total`` in whole parts roughly proportional to (jittered) ``weights``."""
    jittered = [w * rng.uniform(0.8, 1.2) for w in weights]
    scale = total / sum(jittered)
    parts = [int(w * scale) for w in jittered]
    parts[0] += total - sum(parts)
    return parts
