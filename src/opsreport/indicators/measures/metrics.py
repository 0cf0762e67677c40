"""Communication figures: monthly channel metrics summed over the months of the period.

Metrics are stored per month (first day), so a period counts every month it touches.
"""

from __future__ import annotations

from opsreport.indicators.catalogue import Indicator
from opsreport.indicators.context import Context, as_int, ranked, result
from opsreport.indicators.result import IndicatorResult


def measure_channel_metrics(indicator: Indicator, ctx: Context) -> IndicatorResult:
    m = ctx.tables.channel_metric
    m = m.filter(
        m.month.between(ctx.period.start.replace(day=1), ctx.period.end),
        m.metric.isin(indicator.filters["metric"]),
    )
    if "channel" in indicator.filters:
        m = m.filter(m.channel.isin(indicator.filters["channel"]))
    rows = ctx.tables.rows(
        m.group_by(key=m.channel).aggregate(total=m.value.sum(), months=m.month.nunique())
    )
    per_channel = {row["key"]: as_int(row["total"]) for row in rows}
    months = max((as_int(row["months"]) for row in rows), default=0)
    return result(
        indicator,
        sum(per_channel.values()),
        meta={"per_channel": dict(ranked(per_channel)), "months_reported": months},
    )
