"""What the translation catalogues' tests share: the messages a package's code passes to
its translation function (found by parsing the source, never a hand-kept list) and what a
``.po`` catalogue holds. Used by the command line's and the importer's catalogue tests."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from babel.messages.pofile import read_po

NOT_A_LITERAL = "<not a literal>"
_FIELDS = re.compile(r"\{[^{}]*\}")


def messages_used(package: Path, function: str = "tr") -> dict[str, list[str]]:
    """msgid -> where it is used (``file:line``), for every ``function(...)`` call under
    ``package``. A call whose message is not one string literal (a variable, an f-string)
    is listed under :data:`NOT_A_LITERAL`: the catalogue could never hold it."""
    found: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id != function or not node.args:
                continue
            where = f"{path.relative_to(package)}:{node.lineno}"
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(first.value, []).append(where)
            else:
                found.setdefault(NOT_A_LITERAL, []).append(where)
    return found


def catalogue(path: Path, lang: str) -> dict[str, str]:
    """msgid -> msgstr of one ``.po`` file (fuzzy entries left out, as gettext does)."""
    with path.open("rb") as po:
        return {m.id: m.string for m in read_po(po, locale=lang) if m.id and not m.fuzzy}


def assert_holds_exactly(path: Path, lang: str, used: set[str]) -> None:
    """The catalogue at ``path`` has every message in ``used``, no other, none empty."""
    present = catalogue(path, lang)
    missing = sorted(used - set(present))
    unused = sorted(set(present) - used)
    empty = sorted(m for m, text in present.items() if not text.strip())
    assert not missing, f"add to {path}: {missing}"
    assert not unused, f"remove from {path} (no code uses them): {unused}"
    assert not empty, f"translate in {path}: {empty}"


def assert_translated(english: dict[str, str], other: dict[str, str], same: set[str]) -> None:
    """``other`` translates every message (but those in ``same``) keeping its {fields};
    the English catalogue repeats each msgid."""
    untranslated = sorted(m for m, text in other.items() if text == m)
    assert set(untranslated) <= same, f"not translated: {sorted(set(untranslated) - same)}"
    broken = sorted(
        m
        for m, text in other.items()
        if sorted(_FIELDS.findall(m)) != sorted(_FIELDS.findall(text))
    )
    assert not broken, f"placeholders differ from the English: {broken}"
    assert all(text == m for m, text in english.items()), "en msgstr must repeat the msgid"
