"""Read YAML with `safe_load` semantics, keeping the line of every key and list item
so that each validation problem can name its file and line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from bot.errors import Problem


class LineDict(dict[str, Any]):
    """A mapping that remembers where it and each of its keys stand in the file."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[str, int] = {}
        self.duplicates: list[tuple[str, int]] = []

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A sequence that remembers the line of each item."""

    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader with line-keeping containers; constructs nothing `safe_load` would not."""


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise ConstructorError(None, None, "keys must be plain text", key_node.start_mark)
        key = str(key)
        if key in out:
            out.duplicates.append((key, key_node.start_mark.line + 1))
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    out = LineList()
    out.line = node.start_mark.line + 1
    for child in node.value:
        out.append(loader.construct_object(child, deep=True))
        out.item_lines.append(child.start_mark.line + 1)
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def read_yaml(path: Path, shown: str) -> tuple[Any, list[Problem]]:
    """Parse one file; a syntax error becomes a Problem instead of an exception."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(shown, 1, "file", f"cannot read file: {exc}")]
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader subclasses SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(shown, line, "yaml", f"invalid YAML: {exc.problem or exc}")]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, 1, "yaml", f"invalid YAML: {exc}")]
    problems = [Problem(shown, line, key, "duplicate key") for key, line in _all_duplicates(data)]
    return data, problems


def _all_duplicates(data: Any) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    if isinstance(data, LineDict):
        found.extend(data.duplicates)
        for value in data.values():
            found.extend(_all_duplicates(value))
    elif isinstance(data, list):
        for item in data:
            found.extend(_all_duplicates(item))
    return found


def list_items(
    paths: Iterable[Path], root: Path, problems: list[Problem]
) -> Iterator[tuple[Any, str, int]]:
    """Each item of YAML files that must each hold a list (the corpora): (item, the file as
    shown, its line). A file that cannot be read, or is not a list, becomes a Problem."""
    for path in paths:
        shown = path.relative_to(root.parent).as_posix()
        data, found = read_yaml(path, shown)
        problems.extend(found)
        if data is None:
            continue
        if not isinstance(data, LineList):
            problems.append(Problem(shown, 1, "messages", "must be a list of messages"))
            continue
        for index, item in enumerate(data):
            yield item, shown, data.line_of(index)
