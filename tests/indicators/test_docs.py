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


def test_every_dimension_reason_and_hxl_hashtag_is_explained():
    from opsreport.indicators.catalogue import DISAGGREGATIONS
    from opsreport.indicators.disclosure import REASONS
    from opsreport.indicators.i18n import translate
    from opsreport.indicators.tabular import COLUMNS, HXL_DIMENSIONS, HXL_SEX

    text = DOC.read_text(encoding="utf-8")
    for dim in DISAGGREGATIONS:
        assert f"`{dim}`" in text, dim
    for code, message in REASONS.items():
        en, es = translate("en", message), translate("es", message)
        assert f"| `{code}` | {en.format(t=5)} | {es.format(t=5)} |" in text, code
    for code_tag, _name_tag in HXL_DIMENSIONS.values():
        assert f"`{code_tag}`" in text, code_tag
    for attribute in HXL_SEX.values():
        assert f"`#affected{attribute}`" in text, attribute
    for column in COLUMNS:
        assert f"`{column}" in text or f" {column}," in text or f"{column}`" in text, column
