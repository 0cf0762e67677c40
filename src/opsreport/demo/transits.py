"""The demo's official transit counts: Darién irregular crossings in 2023, as published.

These are public facts, not generated data: the monthly irregular transits through the
Darién reported by Panama's Servicio Nacional de Migración (SNM), "Tránsito irregular por
Darién por país 2023" and its breakdown by sex and age group. The demo writes the monthly
totals of the year, and for August and September (the seed report's period) the split by
the main nationalities and by group, so the report's DTM section can open with the
period's crossings, the top nationalities and the share of children.
"""

from __future__ import annotations

import datetime as dt

SOURCE = "SNM Panamá"
PLACE = "darien"

# month -> irregular crossings of the Darién (SNM, 2023)
MONTHLY_TOTALS_2023 = {
    1: 24_634, 2: 24_657, 3: 38_099, 4: 40_297, 5: 38_962, 6: 29_722,
    7: 55_387, 8: 81_946, 9: 75_268, 10: 49_256, 11: 37_231, 12: 24_626,
}  # fmt: skip

# month -> nationality (ISO-3; OOO = all other nationalities) -> crossings
BY_NATIONALITY_2023 = {
    8: {"VEN": 62_700, "ECU": 8_642, "COL": 2_989, "CHN": 2_433, "HTI": 1_559, "OOO": 3_623},
    9: {"VEN": 58_716, "ECU": 4_744, "CHN": 2_588, "COL": 2_570, "HTI": 2_563, "OOO": 4_087},
}

# month -> group -> crossings
BY_GROUP_2023 = {
    8: {"men": 41_632, "women": 21_326, "boys": 10_355, "girls": 8_633},
    9: {"men": 38_199, "women": 19_963, "boys": 9_267, "girls": 7_839},
}


def transit_counts() -> list[dict]:
    """``transit_count`` rows: a total for every month, details for the report's months.

    A month with a nationality breakdown gets no separate total row (the breakdown is the
    total), so nothing is counted twice.
    """
    rows: list[dict] = []

    def add(month: int, count: int, nationality: str | None = None, group: str | None = None):
        rows.append(
            {
                "id": len(rows) + 1,
                "month": dt.date(2023, month, 1),
                "place": PLACE,
                "nationality": nationality,
                "group": group,
                "count": count,
                "source": SOURCE,
            }
        )

    for month, total in MONTHLY_TOTALS_2023.items():
        if month in BY_NATIONALITY_2023:
            if sum(BY_NATIONALITY_2023[month].values()) != total:
                raise AssertionError(f"2023-{month:02d}: nationalities do not add up")
            for nationality, count in BY_NATIONALITY_2023[month].items():
                add(month, count, nationality=nationality)
        else:
            add(month, total)
        for group, count in BY_GROUP_2023.get(month, {}).items():
            add(month, count, group=group)
    return rows
