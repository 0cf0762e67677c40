"""Fixtures of the report tests: the seed report's results, the period, a render function."""

from __future__ import annotations

import pytest
from report_text import GENERATED_ON
from seed_results import seed_results

from opsreport.indicators import Period
from opsreport.report import render_from_results


@pytest.fixture
def period() -> Period:
    return Period.parse("2023-08..2023-09")


@pytest.fixture
def results():
    return seed_results()


@pytest.fixture
def render(period):
    """render(results, lang="en", fmt="html", **options) -> bytes"""

    def render(results, lang="en", fmt="html", spec=None, **options):
        options.setdefault("generated_on", GENERATED_ON)
        return render_from_results(results, spec, period, lang, fmt, **options)

    return render
