"""Indicator results as the seed report states them, built by hand as test input.

These are the input data of the report layer (what ``opsreport.indicators.compute``
returns), so the rendering tests do not depend on the demo or the engine.
"""

from __future__ import annotations

import copy
from datetime import date

from opsreport.indicators.result import IndicatorResult, Item, Share


def share(numerator: int, n: int) -> Share:
    value = numerator / n
    return Share(numerator, n, value, value - 0.04, value + 0.04, small_n=n < 30)


def result(id: str, unit: str, value, **parts) -> IndicatorResult:
    return IndicatorResult(id, unit, value, label_en=id, label_es=id, **parts)


DARIEN = Item("PA05", "Darién", "Darién")
CHIRIQUI = Item("PA02", "Chiriquí", "Chiriquí")


def topic(code: str, en: str, es: str) -> Item:
    return Item(code, en, es)


def seed_results() -> dict[str, IndicatorResult]:
    """A fresh copy each call, so a test can change one value."""
    results = [
        result("offices-open", "list", 4, items=[
            Item("pty-country-office", "Country Office", "Oficina de País", 33, "country-office"),
            Item("pty-administrative-centre", "Panama Administrative Centre",
                 "Centro Administrativo de Panamá", 15, "administrative-centre"),
            Item("pty-special-envoy", "Office of the Special Envoy", "Oficina del Enviado Especial",
                 5, "special-envoy-office"),
            Item("meteti-sub-office", "Metetí sub-office", "Suboficina de Metetí", 4, "sub-office"),
        ]),
        result("offices-capital", "as-of-count", 3),
        result("sub-offices", "as-of-count", 1,
               items=[Item("meteti-sub-office", "Metetí sub-office", "Suboficina de Metetí")],
               facets={"province": [DARIEN]}),
        result("staff", "as-of-count", 196),
        result("staff-national", "as-of-count", 153),
        result("staff-international", "as-of-count", 43),
        result("staff-mission", "as-of-count", 25),
        result("regions-active", "distinct", 5),
        result("sites-active", "distinct", 13),
        result("areas-of-work", "list", 7, items=[
            Item("capacity-migration-border",
                 "Strengthening capacities for migration management and border management",
                 "Fortalecimiento de capacidades para la gestión migratoria y de fronteras"),
            Item("trafficking-smuggling", "Trafficking in persons and migrant smuggling",
                 "Trata de personas y tráfico ilícito de migrantes",
                 group="capacity-migration-border"),
            Item("labour-migration", "Labour migration", "Migración laboral",
                 group="capacity-migration-border"),
            Item("sustainable-integration", "Sustainable integration of migrants",
                 "Integración sostenible de las personas migrantes"),
            Item("protection-assistance", "Protection and assistance to vulnerable migrants",
                 "Protección y asistencia a personas migrantes en situación de vulnerabilidad"),
            Item("migration-health", "Migration and health", "Migración y salud"),
            Item("operations-emergencies", "Operations and emergencies",
                 "Operaciones y emergencias"),
        ]),
        result("legal-orientation-residing", "distinct-people", 112, facets={"topic": [
            topic("legal-migration", "migration", "migración"),
            topic("legal-work", "work", "trabajo"),
            topic("legal-family", "family", "familia"),
        ]}),
        result("community-workshop-participants", "participants", 1432, facets={"topic": [
            topic("c4d", "Communication for Development", "Comunicación para el Desarrollo"),
            topic("regularization", "migratory regularization", "regularización migratoria"),
            topic("integration", "psychosocial and socioeconomic integration",
                  "integración psicosocial y socioeconómica"),
        ]}),
        result("medical-care-transit-etrm", "distinct-people", 164,
               facets={"province": [DARIEN, CHIRIQUI]}),
        result("fms-round", "list", None, items=[DARIEN, CHIRIQUI], meta={
            "round": "fms-2023-07", "fieldwork_start": date(2023, 7, 3),
            "fieldwork_end": date(2023, 7, 28)}),
        result("fms-main-info-family", "share", 0.78, share=share(234, 300)),
        result("fms-no-regular-pathways", "share", 0.62, share=share(186, 300)),
        result("fms-not-enough-info-danger", "share", 0.67, share=share(201, 300)),
        result("fms-not-enough-info-insecurity", "share", 0.64, share=share(192, 300)),
        result("fms-not-enough-info-difficulty", "share", 0.71, share=share(213, 300)),
        result("fms-main-reason-ranking", "ranking", None, items=[
            Item("economic", "economic/financial reasons", "razones económicas/financieras",
                 share(171, 300)),
            Item("insecurity_violence", "insecurity/violence", "inseguridad/violencia",
                 share(66, 300)),
            Item("political", "political reasons", "razones políticas", share(30, 300)),
        ], meta={"previous_round": "fms-2023-04", "previous_top": "economic"}),
        result("partner-training-participants", "participants", 309, facets={"topic": [
            topic("trafficking-smuggling", "trafficking in persons and migrant smuggling",
                  "trata de personas y tráfico ilícito de migrantes"),
            topic("labour-migration", "labour migration", "migración laboral"),
            topic("border-management", "border management", "gestión de fronteras"),
            topic("migration-governance", "migration governance", "gobernanza migratoria"),
            topic("cccm", "camp coordination and camp management",
                  "coordinación y gestión de campamentos"),
        ]}),
        result("digital-reach", "sum", 7663),
        result("donors-active", "list", 9, items=[
            Item("us-prm", "United States Department of State (PRM)",
                 "Departamento de Estado de los Estados Unidos (PRM)", group="direct"),
            Item("canada", "Government of Canada", "Gobierno de Canadá", group="direct"),
            Item("sweden", "Sweden", "Suecia", group="general"),
            Item("norway", "Norway", "Noruega", group="general"),
        ]),
    ]  # fmt: skip
    return {r.id: copy.deepcopy(r) for r in results}
