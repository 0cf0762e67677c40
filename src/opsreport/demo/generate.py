"""Making the demo's records: deterministic rows for every operational table.

``generate(seed)`` draws everything from one ``random.Random(seed)``, never from the
global random state, so the same seed gives the same rows on every machine, and any seed
gives the seed report's figures (the targets are met by construction, not by luck).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from opsreport.demo import targets
from opsreport.demo.channels import channel_metrics
from opsreport.demo.events import Events
from opsreport.demo.people import People
from opsreport.demo.services import Services
from opsreport.demo.staff import staff_roster
from opsreport.demo.survey import survey_rows
from opsreport.demo.transits import transit_counts

# Tables in the order their rows must be written (parents before children).
TABLES = (
    "person",
    "staff_member",
    "service_record",
    "event",
    "event_topic",
    "attendance",
    "channel_metric",
    "survey_instrument",
    "survey_round",
    "survey_response",
    "survey_answer",
    "transit_count",
)


@dataclass
class DemoData:
    """The demo's rows: plain dicts per table, keyed by the store's column names.

    ``person.person_key`` and ``staff_member.staff_key`` still hold the raw demo
    identifiers (``DEMO-PERSON-000001``); :func:`opsreport.demo.build_demo` turns them
    into keyed hashes as it writes, so no raw identifier reaches the store.
    """

    seed: int
    tables: dict[str, list[dict]] = field(default_factory=dict)

    def __getitem__(self, table: str) -> list[dict]:
        return self.tables[table]

    def counts(self) -> dict[str, int]:
        return {table: len(rows) for table, rows in self.tables.items()}

    def raw_identifiers(self) -> list[str]:
        """Every raw demo identifier of a person or staff member (none may be stored)."""
        return [row["person_key"] for row in self.tables["person"]] + [
            row["staff_key"] for row in self.tables["staff_member"]
        ]


def generate(seed: int = 2023) -> DemoData:
    """The demo mission's 2023 records, the same for the same seed."""
    rng = random.Random(seed)
    people = People(rng)
    services = Services(rng, people)
    services.legal_orientation()
    cared_for = services.medical_care()
    services.support_and_kits(cared_for)
    events = Events(rng, people, seed=seed)
    events.community_workshops()
    events.capacity_trainings()
    tables = {
        "person": people.rows,
        "staff_member": staff_roster(rng),
        "service_record": _in_date_order(services.rows),
        "event": events.events,
        "event_topic": events.topics,
        "attendance": events.attendance,
        "channel_metric": channel_metrics(rng),
        **survey_rows(rng),
        "transit_count": transit_counts(),
    }
    return DemoData(seed=seed, tables={table: tables[table] for table in TABLES})


def _in_date_order(rows: list[dict]) -> list[dict]:
    """Service records numbered by date, the way a register fills up over the year."""
    rows = sorted(rows, key=lambda row: (row["service_date"], row["id"]))
    for number, row in enumerate(rows, start=1):
        row["id"] = number
        row["record_id"] = f"demo-service-{number:06d}"
    return rows


__all__ = ["DemoData", "TABLES", "generate", "targets"]
