"""Helpers of the report tests: the seed report's results and the visible text of a report."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from seed_results import seed_results

from opsreport.indicators import Period
from opsreport.report import render_from_results

GENERATED_ON = date(2023, 10, 12)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "title"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: bytes | str) -> str:
    """What a reader sees, with runs of white space as one space."""
    parser = _Text()
    parser.feed(html.decode("utf-8") if isinstance(html, bytes) else html)
    return re.sub(r"[ \t\r\n]+", " ", "".join(parser.parts)).strip()


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
