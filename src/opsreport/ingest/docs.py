"""The column tables of ``docs/import.md``, generated from the kind specs.

The docs hold the tables between ``<!-- columns:KIND -->`` and ``<!-- /columns -->``
markers; a test regenerates them and fails when the docs drift from the code.
"""

from __future__ import annotations

import re

from opsreport.ingest.kinds import RecordKind, all_kinds


def column_table(kind: RecordKind) -> str:
    lines = [
        "| column | English header | Spanish header | HXL | type | required | what to write |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in kind.columns:
        shown = c.choices and not all(x in c.help_en for x in c.choices)
        allowed = f" Allowed: {', '.join(c.choices)}." if shown else ""
        lines.append(
            f"| `{c.name}` | {c.label_en} | {c.label_es} | `{c.hxl}` | {c.type} | "
            f"{'yes' if c.required else 'no'} | {c.help_en}{allowed} |"
        )
    return "\n".join(lines)


def render_columns(text: str) -> str:
    """``text`` with every marked column table replaced by the current one."""
    kinds = {k.name: k for k in all_kinds()}

    def table(match: re.Match) -> str:
        return (
            f"<!-- columns:{match.group(1)} -->\n{column_table(kinds[match.group(1)])}\n"
            "<!-- /columns -->"
        )

    return re.sub(r"<!-- columns:([a-z-]+) -->.*?<!-- /columns -->", table, text, flags=re.S)
