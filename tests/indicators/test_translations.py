"""The engine's own words come from its catalogues, complete in English and Spanish:
the group names and reasons (marked ``N_``) and the errors of a catalogue file or a period
(made with ``tr``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import opsreport.indicators
from catalogue_checks import (
    NOT_A_LITERAL,
    assert_holds_exactly,
    assert_translated,
    messages_used,
)
from catalogue_checks import catalogue as messages_of
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


# ------------------------------------------------------------------ the errors (tr)

# messages the Spanish catalogue may keep as they are: channel names are brand names
SAME_IN_SPANISH = {"Facebook", "Instagram", "X", "WhatsApp", "YouTube", "TikTok"}


def test_every_tr_call_has_a_literal_message():
    used = messages_used(PACKAGE)
    assert NOT_A_LITERAL not in used, (
        "tr() needs a string literal (format afterwards): " + ", ".join(used[NOT_A_LITERAL])
    )
    # the extraction sees both files that speak errors
    assert "'{unit}' is not a unit; use one of {units}" in used
    assert any(message.startswith("'{text}' is not a period; write ") for message in used)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_catalogue_holds_exactly_the_messages_the_engine_uses(lang):
    """Errors (tr) and group names and reasons (N_): none missing, none left over."""
    used = set(messages_used(PACKAGE)) | set(messages_used(PACKAGE, "N_"))
    assert_holds_exactly(catalogue_path(lang), lang, used)


def test_spanish_translates_every_message_and_keeps_its_placeholders():
    english, spanish = (messages_of(catalogue_path(lang), lang) for lang in ("en", "es"))
    assert_translated(english, spanish, same=SAME_IN_SPANISH)
