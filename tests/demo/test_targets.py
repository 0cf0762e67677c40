"""Every row of REPORT-TARGETS.md holds on the built demo, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from demo_figures import figures


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def report_figures(request: pytest.FixtureRequest) -> dict:
    fixture = "demo_store" if request.param == "sqlite" else "demo_store_pg"
    return figures(request.getfixturevalue(fixture))


def test_presence_in_panama(report_figures):
    assert report_figures["P1"] == 3
    assert report_figures["P2"] == [("meteti-sub-office", "PA05")]


def test_staff_on_the_roster_at_the_period_end(report_figures):
    assert report_figures["P3"] == 196
    assert report_figures["P4"] == (153, 43)
    assert report_figures["P7"] == 25


def test_regions_and_sites_with_records_in_the_period(report_figures):
    assert report_figures["P5"] == 5
    assert 11 <= report_figures["P6"] <= 14


def test_seven_areas_of_work_in_catalogue_order(report_figures):
    assert report_figures["A1"] == [
        "capacity-migration-border",
        "trafficking-smuggling",
        "labour-migration",
        "sustainable-integration",
        "protection-assistance",
        "migration-health",
        "operations-emergencies",
    ]


def test_legal_orientation_to_migrants_residing(report_figures):
    assert report_figures["S1"] == 112
    assert report_figures["S1 topics"] == {"legal-migration", "legal-work", "legal-family"}


def test_community_workshop_participants(report_figures):
    assert report_figures["S2"] == 1432
    assert report_figures["S2 topics"] == {"c4d", "regularization", "integration"}


def test_medical_care_to_migrants_in_transit_at_etrms(report_figures):
    assert report_figures["S3"] == 164
    assert report_figures["S3 provinces"] == {"PA05", "PA02"}


def test_july_flow_monitoring_survey_in_darien_and_chiriqui(report_figures):
    assert report_figures["D0"] == ("fms-2023-07", 7, "PA05 PA02")


def test_survey_shares_round_to_the_report(report_figures):
    assert report_figures["D1"] == 78
    assert report_figures["D2"] == 62
    not_enough = report_figures["D3"]
    assert all(share > 60 for share in not_enough.values())
    assert 60 <= min(not_enough.values()) < 70


def test_economic_reasons_continue_to_lead(report_figures):
    assert report_figures["D4"] == ["economic", "insecurity_violence"]
    assert report_figures["D4 previous top"] == "economic"


def test_partner_training_participants(report_figures):
    assert report_figures["C1"] == 309
    assert report_figures["C1 topics"] == {
        "trafficking-smuggling",
        "labour-migration",
        "border-management",
        "migration-governance",
        "cccm",
    }


def test_people_reached_through_digital_media(report_figures):
    assert report_figures["M1"] == 7663


def test_donors_active_in_the_period_direct_and_general(report_figures):
    donors = report_figures["O1"]
    assert {kind for kind, _ in donors} == {"direct", "general"}
    assert "korea-koica" not in {code for _, code in donors}  # ended in June 2023
    assert len(donors) == 9
