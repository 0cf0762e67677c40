"""Mapping profiles: a small YAML file that says which header of a unit's sheet is which
column, for sheets whose headers are nothing like the template's.

    kind: services
    columns:
      "Fecha de atención": service_date
      "N° documento": person_id
      "Observaciones": null        # ignore this column
    date_format: day-first
    sheet: Agosto
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from opsreport.errors import ImportError_
from opsreport.ingest.columns import normalise
from opsreport.ingest.dates import DATE_FORMATS
from opsreport.ingest.i18n import tr
from opsreport.yamlfile import YamlSyntaxError, load_yaml


@dataclass
class Mapping:
    kind: str | None = None
    columns: dict[str, str | None] = field(default_factory=dict)  # normalised header -> name
    date_format: str | None = None
    sheet: str | None = None
    path: Path | None = None


def load_mapping(path: str | Path, kinds: dict | None = None) -> Mapping:
    """Read and check a mapping profile; errors name the key and line."""
    from opsreport.ingest.kinds import get_kind

    path = Path(path)
    try:
        data = load_yaml(path)
    except (OSError, YamlSyntaxError) as exc:
        raise ImportError_(
            tr("{file}: cannot read the mapping profile ({error}).").format(
                file=path.name, error=exc
            )
        ) from None
    if not isinstance(data, dict):
        raise ImportError_(
            tr("{file}: a mapping profile is a YAML mapping with 'kind' and 'columns'.").format(
                file=path.name
            )
        )
    unknown = set(data) - {"kind", "columns", "date_format", "sheet"}
    if unknown:
        key = sorted(unknown)[0]
        raise ImportError_(
            tr(
                "{file}, line {line}: unknown key '{key}'. Use kind, columns, date_format or sheet."
            ).format(file=path.name, line=data.line_of(key), key=key)
        )
    mapping = Mapping(kind=data.get("kind"), path=path, sheet=data.get("sheet"))
    fmt = data.get("date_format")
    if fmt is not None and fmt not in DATE_FORMATS:
        raise ImportError_(
            tr("{file}, line {line}: date_format must be one of {formats}, not '{value}'.").format(
                file=path.name,
                line=data.line_of("date_format"),
                formats=", ".join(DATE_FORMATS),
                value=fmt,
            )
        )
    mapping.date_format = fmt
    columns = data.get("columns") or {}
    if not isinstance(columns, dict):
        raise ImportError_(
            tr(
                "{file}, line {line}: 'columns' maps each header of your file to a column name."
            ).format(file=path.name, line=data.line_of("columns"))
        )
    names = None
    if mapping.kind is not None:
        names = {c.name for c in get_kind(mapping.kind).columns}
    for header, name in columns.items():
        if name is not None and names is not None and name not in names:
            raise ImportError_(
                tr(
                    "{file}, line {line}: '{name}' is not a column of {kind}. Columns: {columns}."
                ).format(
                    file=path.name,
                    line=columns.line_of(header),
                    name=name,
                    kind=mapping.kind,
                    columns=", ".join(sorted(names)),
                )
            )
        mapping.columns[normalise(header)] = name
    return mapping
