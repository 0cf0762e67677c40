"""The messages the importer's code passes to ``tr``, found by parsing its source."""

from __future__ import annotations

import ast
from pathlib import Path

import opsreport.ingest

INGEST = Path(opsreport.ingest.__file__).parent


def messages_used() -> dict[str, list[str]]:
    """msgid -> where it is used (``file:line``), for every ``tr(...)`` call in ingest/.

    A call whose message is not one string literal (a variable, an f-string) is listed
    under the key ``"<not a literal>"``: the catalogue could never hold it.
    """
    found: dict[str, list[str]] = {}
    for path in sorted(INGEST.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id != "tr" or not node.args:
                continue
            where = f"{path.relative_to(INGEST)}:{node.lineno}"
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(first.value, []).append(where)
            else:
                found.setdefault("<not a literal>", []).append(where)
    return found
