"""Helpers for the web tests: read a card's text out of a page the way a reader sees it."""

from __future__ import annotations

import html
import re


def text_of(fragment: str) -> str:
    """The visible text of an HTML fragment, with whitespace collapsed."""
    without_tags = re.sub(r"<[^>]+>", " ", fragment)
    return re.sub(r"\s+", " ", html.unescape(without_tags)).replace("\u00a0", " ").strip()


def card(page: str, indicator_id: str) -> str:
    """The text of the dashboard element (card, panel, round line) of ``indicator_id``."""
    match = re.search(
        rf'<(a|div|p) [^>]*data-indicator="{re.escape(indicator_id)}"[^>]*>(.*?)</\1>',
        page,
        re.DOTALL,
    )
    assert match, f"no element for indicator {indicator_id!r} on the page"
    return text_of(match.group(2))
