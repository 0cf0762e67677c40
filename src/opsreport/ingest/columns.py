"""Column specifications: what each column of an import file means and how it is checked.

A :class:`Column` is declarative: a name (the store's word), labels in English and Spanish
(the words on a template's header), an HXL hashtag, a type, whether it is required, and
for codes which reference table lists the allowed values. Templates, header matching,
validation and ``docs/import.md`` are all generated from these specs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

# type slug -> what the docs say about it
TYPES = {
    "text": "free text",
    "code": "one code of a reference list (its English or Spanish name is accepted too)",
    "codes": "codes separated by spaces or semicolons",
    "choice": "one of a fixed list of words",
    "date": "a date: 2023-08-15, or 15/08/2023 (see date conventions)",
    "month": "a month: 2023-08",
    "integer": "a whole number",
    "iso3": "an ISO 3166-1 alpha-3 country code (PAN, VEN, COL, …) or the country's name",
    "sex": "female, male, other or unknown (F, M, mujer, hombre … are understood)",
    "identifier": "a personal identifier: turned into a keyed hash on import, never stored",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    label_en: str
    label_es: str
    hxl: str
    help_en: str
    help_es: str
    required: bool = False
    codes: str | None = None  # reference list for code/codes columns (see reference.py)
    choices: tuple[str, ...] = ()  # fixed choices for choice columns
    minimum: int | None = None
    maximum: int | None = None
    aliases: tuple[str, ...] = field(default=())  # other header texts seen in the field
    max_length: int = 300  # of text: the store's column is no wider

    def label(self, lang: str = "en") -> str:
        return self.label_es if lang == "es" else self.label_en

    def help(self, lang: str = "en") -> str:
        return self.help_es if lang == "es" else self.help_en

    def header_tokens(self) -> set[str]:
        """Every header text that names this column, normalised."""
        return {normalise(t) for t in (self.name, self.label_en, self.label_es, *self.aliases)}


@lru_cache(maxsize=1 << 16)
def normalise(text: object) -> str:
    """Case, accents, punctuation and spacing must not stop a header or code matching.

    Cached: the same few codes and names repeat on every row of a file.
    """
    value = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", value).split())


def hashtag_key(text: object) -> tuple[str, frozenset[str]] | None:
    """An HXL hashtag as (tag, attributes): ``#adm1 +code`` equals ``#ADM1+code``."""
    value = "".join(str(text).split()).lower()
    if not re.fullmatch(r"#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*", value):
        return None
    tag, *attributes = value.split("+")
    return tag, frozenset(attributes)
