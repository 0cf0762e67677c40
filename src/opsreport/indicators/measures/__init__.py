"""Measures: how each source's indicators become queries. One module per kind of record.

``MEASURES[source](indicator, context)`` returns an
:class:`~opsreport.indicators.result.IndicatorResult`. A new source (transit counts,
say) is a new module and one line here.
"""

from __future__ import annotations

from collections.abc import Callable

from opsreport.indicators.measures import (
    activity,
    metrics,
    presence,
    reference,
    roster,
    survey,
    transits,
)

MEASURES: dict[str, Callable] = {
    "services": activity.measure_services,
    "events": activity.measure_events,
    "survey": survey.measure_survey,
    "channel-metrics": metrics.measure_channel_metrics,
    "staff": roster.measure_staff,
    "offices": roster.measure_offices,
    "sites": presence.measure_sites,
    "provinces": presence.measure_provinces,
    "thematic-areas": reference.measure_thematic_areas,
    "donors": reference.measure_donors,
    "transits": transits.measure_transits,
}
