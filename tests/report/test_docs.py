"""docs/report-spec.md: its example runs, and it documents every block type and format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from report_text import visible_text

from opsreport.report.placeholders import FORMATS
from opsreport.report.spec import BLOCK_TYPES, spec_from_data
from opsreport.yamlfile import load_yaml_text

DOC = Path(__file__).parents[2] / "docs" / "report-spec.md"


def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def test_the_example_specification_loads_and_renders(render, results):
    example = re.search(r"```yaml\n(.*?)```", doc(), re.S).group(1)
    spec = spec_from_data(load_yaml_text(example, "example.yaml"), "example.yaml")
    text = visible_text(render(results, "es", spec=spec))
    assert text.startswith("OIM Costa Rica Actualización semanal")
    assert "La OIM cuenta con 196 personas funcionarias en cinco regiones." in text


@pytest.mark.parametrize("block_type", sorted(BLOCK_TYPES))
def test_every_block_type_is_documented(block_type):
    assert f"| `{block_type}` |" in doc()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_placeholder_format_is_documented(fmt):
    assert f"`{fmt}" in doc()
