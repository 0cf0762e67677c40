"""How figures become words: the phrasing rules of the report, one small function each.

Every function takes the figure and the language and returns text. The words come from
the translation catalogues (``report/locale``), the number, percent and month formats from
Babel's locale data, so a new language needs a catalogue, not code. The rules follow the
way a communications office writes a monthly report:

- small counts in words when a sentence asks for it ("one sub-office", "five regions"),
  with Spanish grammatical gender ("una suboficina", "tres oficinas");
- "more than N" for counts that are approximate on purpose (sites), N rounded down to a
  multiple of ten, and the number itself when it is exactly such a multiple;
- "more than N%" for a group of shares, from the lowest share rounded down to a multiple
  of ten ("at least N%" when the lowest share is exactly that multiple);
- whole percentages, numbers grouped the way the language groups them;
- lists joined as people write them ("A, B and C", "A, B y C", "A e Ideas").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from opsreport.report.i18n import _, pgettext

NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
GENDERS = {"m": "masculine", "f": "feminine"}


def format_number(value: float, lang: str) -> str:
    """A count or sum with the language's digit grouping: 2,345 (en), 2.345 (es).

    Babel's locale data decides the separators, so a new language needs no code here.
    Fractions keep one decimal.
    """
    if isinstance(value, float):
        value = int(value) if value.is_integer() else round(value, 1)
    return format_decimal(value, locale=lang)


def count_in_words(value: int, lang: str, gender: str = "m") -> str:
    """1–9 in words ("one", "una", "tres"), larger counts as numbers.

    ``gender`` is the grammatical gender of the noun that follows (``m`` or ``f``); it
    matters in languages such as Spanish ("un sitio", "una suboficina").
    """
    if gender not in GENDERS:
        raise ValueError(f"gender must be 'm' or 'f', not {gender!r}")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and 1 <= value <= len(NUMBER_WORDS):
        return pgettext(lang, GENDERS[gender], NUMBER_WORDS[value - 1])
    return format_number(value, lang)


def more_than(value: int, lang: str) -> str:
    """ "more than 10" for 11–19; the number itself for 10, 20, … and for counts under 10."""
    value = int(value)
    floor = value // 10 * 10
    if floor == 0 or floor == value:
        return format_number(value, lang)
    return _(lang, "more than {number}").format(number=format_number(floor, lang))


def whole_percent(share: float) -> int:
    """A share (0..1) as a whole percentage, halves rounded up: 0.785 → 79."""
    return int((Decimal(str(share)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(share: float, lang: str) -> str:
    """A share (0..1) as a whole percentage in the language's format: "64%", "64 %"."""
    return format_percent(whole_percent(share) / 100, locale=lang)


def more_than_percent(shares: Iterable[float], lang: str) -> str:
    """What all the shares of a group exceed: "more than 60%" when the lowest is 64%.

    The lowest share is rounded down to a multiple of ten; if it is exactly that multiple
    the phrase is "at least 60%", and below 10% it is "at least" the lowest whole percent.
    """
    values = list(shares)
    if not values:
        raise ValueError("more_than_percent needs at least one share")
    lowest = min(values)
    floor = int(Decimal(str(lowest)) * 100) // 10 * 10
    if floor == 0:
        floor = int(Decimal(str(lowest)) * 100)
    formatted = format_percent(floor / 100, locale=lang)
    if Decimal(str(lowest)) * 100 == floor:
        return _(lang, "at least {percent}").format(percent=formatted)
    return _(lang, "more than {percent}").format(percent=formatted)


def fewer_than(value: int, lang: str) -> str:
    """A suppressed small count in a public report: "fewer than 5"."""
    return _(lang, "fewer than {number}").format(number=format_number(value, lang))


def suppressed(reason: str, threshold: int, lang: str) -> str:
    """What a public report writes in place of a figure the engine hid, by its reason code.

    A small count reads as a count ("fewer than 5 migrants …"); a share, or a figure hidden
    to protect another, says it is not shown and why, since a reader would otherwise take
    it for a figure.
    """
    number = format_number(threshold, lang)
    if reason == "small-cell":
        return fewer_than(threshold, lang)
    if reason == "small-base":
        return _(lang, "not shown: fewer than {number} respondents").format(number=number)
    if reason == "sensitive":
        return _(lang, "not shown: sensitive answer of fewer than {number} respondents").format(
            number=number
        )
    return _(lang, "not shown, so that a hidden figure cannot be worked out")


def join_list(names: Sequence[str], lang: str) -> str:
    """Names joined as a sentence writes them: "A, B and C" / "A, B y C"."""
    names = [n for n in names if n]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    head = ", ".join(names[:-1])
    joined = _(lang, "{head} and {last}").format(head=head, last=names[-1])
    if lang == "es" and _starts_with_i_sound(names[-1]):
        joined = joined[: -len(names[-1]) - 3] + " e " + names[-1]
    return joined


def _starts_with_i_sound(word: str) -> bool:
    """Spanish writes "e" instead of "y" before an /i/ sound: i-, hi- (not hie-, hia-)."""
    plain = "".join(
        c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c)
    )
    if plain.startswith("hi"):
        return plain[2:3] not in {"a", "e", "o", "u"}
    return plain.startswith("i") and plain[1:2] not in {"a", "e", "o", "u"}


def month_name(day: date, lang: str) -> str:
    """The month of a date as a sentence names it: "July", "julio"."""
    return format_date(day, "LLLL", locale=lang)


def short_month(day: date, lang: str) -> str:
    """The month's abbreviated name, as chart axes show it ("Aug", "ago")."""
    return format_date(day, "MMM", locale=lang).rstrip(".")


def long_date(day: date, lang: str) -> str:
    """A date in full: "30 September 2023" / "30 de septiembre de 2023"."""
    return format_date(day, "long", locale=lang if lang != "en" else "en_GB")


def ranking_verb(same_top_as_before: bool, lang: str) -> str:
    """ "continue to be" when the previous round had the same top answer, else "are"."""
    if same_top_as_before:
        return pgettext(lang, "ranking", "continue to be")
    return pgettext(lang, "ranking", "are")


def within_sentence(text: str) -> str:
    """An answer label as it reads inside a sentence: "Insecurity/violence" → "insecurity/violence".

    Labels are written to stand alone (capitalised); acronyms such as "NGO/UN" keep their case.
    """
    word = text.split(" ", 1)[0]
    if len(word) > 1 and word[0].isupper() and word[1:].replace("/", "").islower():
        return word[0].lower() + text[1:]
    return text


def capitalise_first(text: str) -> str:
    """The first letter of a sentence in upper case, leaving the rest as written."""
    for i, char in enumerate(text):
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1 :]
    return text
