"""Channel metrics: a communications figure for one month and channel."""

from __future__ import annotations

from typing import Any

from opsreport.ingest.columns import Column
from opsreport.ingest.kinds import RecordKind, register_kind
from opsreport.ingest.reference import Reference
from opsreport.ingest.writing import Counts, delete_batch_rows, upsert
from opsreport.store import models as m

CHANNELS = (
    "facebook",
    "instagram",
    "x",
    "youtube",
    "tiktok",
    "whatsapp",
    "website",
    "radio",
    "other",
)
METRICS = ("people-reached", "impressions", "engagements", "followers", "views")

COLUMNS = (
    Column(
        "month",
        "month",
        "Month",
        "Mes",
        "#date+month",
        "The month the figure is for, as 2023-08.",
        "El mes de la cifra, como 2023-08.",
        required=True,
    ),
    Column(
        "channel",
        "choice",
        "Channel",
        "Canal",
        "#channel+code",
        "The medium: " + ", ".join(CHANNELS) + ".",
        "El medio: " + ", ".join(CHANNELS) + ".",
        required=True,
        choices=CHANNELS,
    ),
    Column(
        "metric",
        "choice",
        "Metric",
        "Métrica",
        "#indicator+code",
        "What was measured: " + ", ".join(METRICS) + ".",
        "Qué se midió: " + ", ".join(METRICS) + ".",
        required=True,
        choices=METRICS,
    ),
    Column(
        "value",
        "integer",
        "Value",
        "Valor",
        "#indicator+value+num",
        "The figure, a whole number.",
        "La cifra, un número entero.",
        required=True,
        minimum=0,
    ),
)


class ChannelMetricWriter:
    def __init__(self, conn, batch_id: int, reference: Reference) -> None:
        self.conn, self.batch_id = conn, batch_id

    def write(self, rows: list[dict[str, Any]]) -> Counts:
        counts, _, _ = upsert(
            self.conn,
            m.ChannelMetric.__table__,
            ("month", "channel", "metric"),
            [{k: r[k] for k in ("month", "channel", "metric", "value")} for r in rows],
            self.batch_id,
        )
        return counts

    @staticmethod
    def undo(conn, batch_id: int) -> dict[str, int]:
        return {"channel_metric": delete_batch_rows(conn, m.ChannelMetric.__table__, batch_id)}


register_kind(
    RecordKind(
        name="channel-metrics",
        title_en="Communication channel metrics",
        title_es="Métricas de canales de comunicación",
        description="One row per month, channel and metric; a re-import replaces the value.",
        columns=COLUMNS,
        key=("month", "channel", "metric"),
        writer=ChannelMetricWriter,
        tables=("channel_metric",),
    )
)
