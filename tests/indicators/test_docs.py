"""docs/indicators.md stays in step with the catalogue and the engine."""

from pathlib import Path

from opsreport.indicators.catalogue import SOURCES, UNITS
from opsreport.indicators.docs import END, START, catalogue_markdown, replace_generated

DOC = Path(__file__).parents[2] / "docs" / "indicators.md"


def test_every_shipped_indicator_is_documented_as_declared():
    text = DOC.read_text(encoding="utf-8")
    assert START in text and END in text
    assert replace_generated(text) == text, (
        "docs/indicators.md is out of date: regenerate the part between the markers with "
        "opsreport.indicators.docs.replace_generated"
    )
    assert "#### `legal-orientation-residing`" in catalogue_markdown()


def test_every_unit_source_and_filter_is_explained():
    text = DOC.read_text(encoding="utf-8")
    for unit in UNITS:
        assert f"| `{unit}` |" in text, unit
    for source, spec in SOURCES.items():
        assert f"`{source}`" in text, source
        for name in spec["filters"]:
            assert f"`{name}`" in text, (source, name)
