"""The visible text of a rendered report, for assertions about what a reader sees."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

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
