"""docs/web.md is executed: its API examples are asked of the demo store, and every page
and endpoint of the app is documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.routing import APIRoute

DOC = Path(__file__).parents[2] / "docs" / "web.md"
EXAMPLE = re.compile(r"```\nGET (\S+)\n```\n\n```json\n(.*?)\n```", re.DOTALL)


def examples() -> list[tuple[str, object]]:
    return [(path, json.loads(body)) for path, body in EXAMPLE.findall(DOC.read_text())]


def contains(actual: object, documented: object, where: str = "") -> None:
    """``documented`` is ``actual`` with keys left out and strings shortened with "…"."""
    if isinstance(documented, dict):
        assert isinstance(actual, dict), where
        for key, value in documented.items():
            assert key in actual, f"{where}.{key} is not in the answer"
            contains(actual[key], value, f"{where}.{key}")
    elif isinstance(documented, str) and documented.endswith("…"):
        assert isinstance(actual, str) and actual.startswith(documented[:-1].rstrip()), where
    else:
        assert actual == documented, f"{where}: {actual!r} != {documented!r}"


def test_the_doc_has_examples():
    paths = [path for path, _ in examples()]
    assert len(paths) >= 5
    assert any("period=August" in path for path in paths)


@pytest.mark.parametrize("path,documented", examples(), ids=[p for p, _ in examples()])
def test_every_api_example_answers_as_documented(client, path, documented):
    contains(client.get(path).json(), documented, path)


def route_paths(routes, prefix: str = "") -> list[str]:
    """Paths of the app's own routes, through included routers (FastAPI may wrap them)."""
    paths = []
    for route in routes:
        if isinstance(route, APIRoute):
            paths.append(route.path if route.path.startswith(prefix) else prefix + route.path)
        inner = getattr(route, "original_router", None) or getattr(route, "router", None)
        if inner is not None and hasattr(inner, "routes") and inner is not route:
            paths.extend(route_paths(inner.routes))
    return paths


def test_every_page_and_endpoint_is_documented(client):
    text = DOC.read_text().replace("{id}", "{indicator_id}")
    paths = route_paths(client.app.routes)
    assert {"/", "/report.pdf", "/api/indicators/{indicator_id}", "/api/health"} <= set(paths)
    for path in paths:
        assert f"`{path}" in text or f"`GET {path}" in text, f"{path} is not in docs/web.md"
    assert "opsreport serve" in text and "--host" in text and "--port" in text
