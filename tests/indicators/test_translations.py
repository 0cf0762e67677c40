"""The engine's own words come from its catalogues, complete in English and Spanish."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import opsreport.indicators
from opsreport.indicators import reason_text
from opsreport.indicators.dimensions import name, not_recorded
from opsreport.indicators.i18n import available_languages, catalogue_path

PACKAGE = Path(opsreport.indicators.__file__).parent


def used_messages() -> set[str]:
    """Every message the engine's code marks with ``N_("…")``."""
    found = extract_from_dir(PACKAGE, [("**.py", "python")], keywords={"N_": None})
    return {message for _file, _line, message, _comments, _context in found}


def catalogue(lang: str):
    with catalogue_path(lang).open("rb") as po:
        return read_po(po, locale=lang)


def test_the_engine_speaks_english_and_spanish():
    assert {"en", "es"} <= set(available_languages())


def test_extraction_finds_group_names_and_reasons():
    used = used_messages()
    assert {"Female", "Not recorded", "National", "fewer than {t} people"} <= used


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_message_the_code_uses_is_in_the_catalogue(lang):
    present = {m.id for m in catalogue(lang) if m.id}
    missing = used_messages() - present
    assert not missing, f"add these to {catalogue_path(lang)}: {sorted(missing)}"


def test_every_message_has_a_spanish_translation_that_is_not_fuzzy():
    untranslated = [m.id for m in catalogue("es") if m.id and (not m.string or m.fuzzy)]
    assert not untranslated, f"translate in {catalogue_path('es')}: {untranslated}"


def test_spanish_tables_name_groups_and_reasons_in_spanish():
    assert not_recorded() == ("Not recorded", "Sin registro")
    assert name("sex", "female", None) == ("Female", "Mujer")
    assert name("category", "national", None) == ("National", "Nacional")
    assert name("nationality", "other", None)[1] == "Otras nacionalidades"
    assert reason_text("small-cell", "es", 7) == "menos de 7 personas"
    assert reason_text("small-cell", "en", 7) == "fewer than 7 people"
