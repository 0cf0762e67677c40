"""The translation catalogues: every phrase the report uses is translated into Spanish."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import opsreport.report
from opsreport.report.i18n import available_languages, catalogue_path, translations
from opsreport.report.phrasing import GENDERS, NUMBER_WORDS

REPORT_PACKAGE = Path(opsreport.report.__file__).parent
# How the report code marks phrases: gettext("…"), _(lang, "…"), pgettext(lang, ctx, "…"),
# and {{ _("…") }} in the template; and its errors: tr("…") (tests/report/test_errors_language.py).
KEYWORDS = {"gettext": None, "_": (2,), "pgettext": ((2, "c"), 3), "tr": None}
PYTHON = [("**.py", "python")]
TEMPLATES = [("templates/**.html", "jinja2.ext:babel_extract")]


def used_messages() -> set[tuple[str | None, str]]:
    found = set()
    code = extract_from_dir(REPORT_PACKAGE, PYTHON, keywords=KEYWORDS)
    templates = extract_from_dir(REPORT_PACKAGE, TEMPLATES)
    for extracted in (code, templates):
        for _file, _line, message, _comments, context in extracted:
            found.add((context, message))
    # Number words are looked up from a table, so extraction cannot see them.
    found |= {(ctx, word) for ctx in GENDERS.values() for word in NUMBER_WORDS}
    return found


def catalogue(lang: str):
    with catalogue_path(lang).open("rb") as po:
        return read_po(po, locale=lang)


def entries(lang: str) -> dict[tuple[str | None, str], str]:
    return {(m.context, m.id): m.string for m in catalogue(lang) if m.id}


def test_the_report_speaks_english_and_spanish():
    assert {"en", "es"} <= set(available_languages())


def test_the_extraction_finds_the_phrases_of_code_and_template():
    used = used_messages()
    assert ("ranking", "continue to be") in used
    assert (None, "Data as of {date}") in used
    assert (None, "Topics") in used


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_phrase_the_code_uses_is_in_the_catalogue(lang):
    missing = used_messages() - set(entries(lang))
    assert not missing, f"add these to {catalogue_path(lang)}: {sorted(missing, key=str)}"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_catalogue_has_no_phrase_the_code_no_longer_uses(lang):
    unused = set(entries(lang)) - used_messages()
    assert not unused, f"remove these from {catalogue_path(lang)}: {sorted(unused, key=str)}"


def test_every_spanish_translation_is_done_and_not_fuzzy():
    for message in catalogue("es"):
        if not message.id:
            continue
        assert message.string, f"no Spanish for {message.id!r}"
        assert not message.fuzzy, f"the Spanish for {message.id!r} is marked fuzzy"


def test_spanish_is_a_real_translation_not_a_copy():
    translated = entries("es")
    same = [key for key, text in translated.items() if text == key[1]]
    assert len(same) <= 2, same  # a word can be the same ("Donors" is not)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_translations_keep_every_placeholder(lang):
    for (_context, msgid), text in entries(lang).items():
        if text:
            assert set(re.findall(r"\{\w+\}", text)) == set(re.findall(r"\{\w+\}", msgid)), msgid


def test_the_catalogue_is_read_at_run_time():
    assert translations("es").gettext("Data as of {date}") == "Datos al {date}"
    assert translations("es").pgettext("feminine", "one") == "una"
