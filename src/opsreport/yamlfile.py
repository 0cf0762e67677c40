"""YAML files that remember where each value came from, for error messages.

``load_yaml(path)`` returns plain ``dict``/``list`` subclasses (:class:`LineDict`,
:class:`LineList`) whose ``line_of(key)`` gives the 1-based line of a key or item, so a
loader can say ``mission.yaml, line 42, sites[3].admin1_pcode: …`` instead of a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class LineDict(dict):
    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    line: int = 0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


# libyaml's parser when PyYAML was built with it (about ten times faster on the survey
# form); the constructors below, and so the line numbers, are the same either way.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A date-looking value that is no real date (2023-02-30) stays text for the checker."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


class YamlSyntaxError(ValueError):
    """``cause`` is PyYAML's own words, for a caller that writes the message in its language."""

    def __init__(self, path: str, line: int, problem: str, cause: str = "") -> None:
        super().__init__(f"{path}, line {line}: {problem}")
        self.path, self.line, self.problem, self.cause = path, line, problem, cause


def load_yaml_text(text: str, name: str = "<text>") -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader's subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise YamlSyntaxError(
            name, line, f"not valid YAML ({exc.problem})", str(exc.problem)
        ) from None


def load_yaml(path: str | Path) -> Any:
    path = Path(path)
    return load_yaml_text(path.read_text(encoding="utf-8"), path.name)
