"""The figures of the seed report, as targets of the demo generator. The only place they live.

The demo generator builds record-level data whose aggregates give these figures for
:data:`PERIOD_START` .. :data:`PERIOD_END` (``../shared/design/REPORT-TARGETS.md``). The
rest of opsreport never reads this module: it computes the figures from the records, so
the demo is a check that the whole chain (store, indicators, report) counts correctly.
Survey shares are whole percentages as the report shows them (``round(100 * k / n)``).
"""

from __future__ import annotations

import datetime as dt

PERIOD_START = dt.date(2023, 8, 1)
PERIOD_END = dt.date(2023, 9, 30)
DATA_START = dt.date(2023, 1, 1)
DATA_END = dt.date(2023, 10, 31)

# P3, P4, P7: staff on the roster on the period's last day
STAFF_TOTAL = 196
STAFF_NATIONAL = 153
STAFF_INTERNATIONAL = 43
STAFF_MISSION = 25

# P5, P6: admin-1 units and sites with at least one service or event in the period
REGIONS_ACTIVE = 5
SITES_ACTIVE_RANGE = (11, 14)

# S1, S2, S3, C1: distinct people in the period
LEGAL_ORIENTATION_RESIDING = 112
COMMUNITY_WORKSHOP_PARTICIPANTS = 1432
MEDICAL_CARE_TRANSIT_ETRM = 164
PARTNER_TRAINING_PARTICIPANTS = 309

# M1: sum of people reached on digital channels over the period's months
DIGITAL_REACH = 7663

# D0..D4: the latest Flow Monitoring Survey round ending by the period end
FMS_ROUND = "fms-2023-07"
FMS_PREVIOUS_ROUND = "fms-2023-06"
FMS_PROVINCES = "PA05 PA02"
FMS_MAIN_INFO_FAMILY_PCT = 78  # D1
FMS_NO_REGULAR_PATHWAYS_PCT = 62  # D2
# D3: every share above 60%, the lowest between 60 and 70 -> "more than 60%"
FMS_NOT_ENOUGH_INFO_PCT = {"danger": 67, "insecurity": 71, "difficulty": 64}
FMS_NOT_ENOUGH_INFO_FLOOR = 60
# D4: ranking of the main reason for leaving, the same top answer in both rounds
FMS_MAIN_REASON_TOP_TWO = ("economic", "insecurity_violence")
