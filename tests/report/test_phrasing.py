"""The phrasing rules, one table per rule, in English and Spanish."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opsreport.report import phrasing


@pytest.mark.parametrize(
    ("value", "lang", "gender", "expected"),
    [
        (1, "en", "m", "one"),
        (1, "en", "f", "one"),
        (3, "en", "m", "three"),
        (5, "en", "f", "five"),
        (9, "en", "m", "nine"),
        (10, "en", "m", "10"),
        (1, "es", "f", "una"),
        (1, "es", "m", "un"),
        (3, "es", "f", "tres"),
        (5, "es", "f", "cinco"),
        (0, "es", "m", "0"),
        (12, "es", "f", "12"),
        (4.0, "en", "m", "four"),
    ],
)
def test_small_counts_are_written_in_words_with_spanish_gender(value, lang, gender, expected):
    assert phrasing.count_in_words(value, lang, gender) == expected


def test_an_unknown_gender_is_refused():
    with pytest.raises(ValueError, match="gender"):
        phrasing.count_in_words(1, "es", "x")


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (11, "en", "more than 10"),
        (14, "en", "more than 10"),
        (19, "en", "more than 10"),
        (10, "en", "10"),
        (20, "en", "20"),
        (7, "en", "7"),
        (23, "es", "más de 20"),
        (30, "es", "30"),
        (1_234, "en", "more than 1,230"),
    ],
)
def test_site_counts_are_more_than_a_multiple_of_ten(value, lang, expected):
    assert phrasing.more_than(value, lang) == expected


@pytest.mark.parametrize(
    ("shares", "lang", "expected"),
    [
        ([0.67, 0.64, 0.71], "en", "more than 60%"),
        ([0.67, 0.64, 0.71], "es", "más del 60\xa0%"),
        ([0.79, 0.85], "en", "more than 70%"),
        ([0.60, 0.75], "en", "at least 60%"),
        ([0.60, 0.75], "es", "al menos el 60\xa0%"),
        ([0.07, 0.5], "en", "at least 7%"),
        ([0.999], "en", "more than 90%"),
    ],
)
def test_a_group_of_shares_is_phrased_from_its_lowest(shares, lang, expected):
    assert phrasing.more_than_percent(shares, lang) == expected


@pytest.mark.parametrize(
    ("share", "lang", "expected"),
    [
        (0.78, "en", "78%"),
        (0.7792, "en", "78%"),
        (0.785, "en", "79%"),
        (0.6216, "es", "62\xa0%"),
        (1.0, "en", "100%"),
        (0.004, "en", "0%"),
    ],
)
def test_percentages_are_whole_numbers_in_the_language_format(share, lang, expected):
    assert phrasing.percent(share, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1432, "en", "1,432"),
        (7663, "en", "7,663"),
        (112, "en", "112"),
        (1432, "es", "1.432"),
        (12345, "es", "12.345"),
        (1432.0, "en", "1,432"),
        (2.25, "en", "2.2"),
    ],
)
def test_numbers_use_the_grouping_of_the_language(value, lang, expected):
    assert phrasing.format_number(value, lang) == expected


@pytest.mark.parametrize(
    ("names", "lang", "expected"),
    [
        ([], "en", ""),
        (["Darién"], "en", "Darién"),
        (["Darién", "Chiriquí"], "en", "Darién and Chiriquí"),
        (["migration", "work", "family"], "en", "migration, work and family"),
        (["migración", "trabajo", "familia"], "es", "migración, trabajo y familia"),
        (["Darién", "Chiriquí"], "es", "Darién y Chiriquí"),
        (["trabajo", "integración"], "es", "trabajo e integración"),
        (["salud", "higiene"], "es", "salud e higiene"),
        (["agua", "hielo"], "es", "agua y hielo"),
    ],
)
def test_lists_are_joined_as_sentences_write_them(names, lang, expected):
    assert phrasing.join_list(names, lang) == expected


@pytest.mark.parametrize(
    ("day", "lang", "expected"),
    [
        (date(2023, 7, 21), "en", "July"),
        (date(2023, 7, 21), "es", "julio"),
        (date(2023, 9, 30), "es", "septiembre"),
    ],
)
def test_months_are_named_by_the_locale(day, lang, expected):
    assert phrasing.month_name(day, lang) == expected


@pytest.mark.parametrize(
    ("same", "lang", "expected"),
    [
        (True, "en", "continue to be"),
        (False, "en", "are"),
        (True, "es", "siguen siendo"),
        (False, "es", "son"),
    ],
)
def test_a_ranking_continues_only_when_the_top_answer_is_the_same(same, lang, expected):
    assert phrasing.ranking_verb(same, lang) == expected


@pytest.mark.parametrize(
    ("day", "lang", "expected"),
    [
        (date(2023, 9, 30), "en", "30 September 2023"),
        (date(2023, 9, 30), "es", "30 de septiembre de 2023"),
    ],
)
def test_dates_are_written_in_full(day, lang, expected):
    assert phrasing.long_date(day, lang) == expected


@given(st.integers(min_value=0, max_value=10**7))
def test_more_than_never_overstates_and_stays_within_ten(value):
    text = phrasing.more_than(value, "en")
    stated = int(text.removeprefix("more than ").replace(",", ""))
    if text.startswith("more than"):
        assert stated < value <= stated + 9
    else:
        assert stated == value


@given(st.lists(st.floats(min_value=0.1, max_value=1.0), min_size=1, max_size=5))
def test_more_than_percent_is_true_of_every_share(shares):
    text = phrasing.more_than_percent(shares, "en")
    stated = int(text.split()[-1].rstrip("%")) / 100
    assert all(share > stated or (text.startswith("at least") and share >= stated)
               for share in shares)  # fmt: skip
    assert min(shares) - stated < 0.1 + 1e-9


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Insecurity/violence", "insecurity/violence"),
        ("Inseguridad/violencia", "inseguridad/violencia"),
        ("Economic/financial reasons", "economic/financial reasons"),
        ("NGO/UN", "NGO/UN"),
        ("insecurity/violence", "insecurity/violence"),
    ],
)
def test_answer_labels_are_lower_case_inside_a_sentence_but_acronyms_stay(label, expected):
    assert phrasing.within_sentence(label) == expected
