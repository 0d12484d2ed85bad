"""Read YAML with `safe_load` semantics, keeping the line of every key and list item
so that each validation problem can name its file and line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from bot.errors import Problem
from bot.safefiles import UnsafeFile, read_bytes

# The largest shipped file (places/uk-areas.yaml) holds 4,621 nodes; 200,000 once aliases are
# expanded leaves room for any real file and stops a "billion laughs" file (10^9 nodes) at once.
MAX_NODES = 200_000


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


def read_yaml(path: Path, shown: str, root: Path | None = None) -> tuple[Any, list[Problem]]:
    """Parse one file inside `root` (the knowledge folder; by default the file's own); an
    unsafe file, a syntax error or an alias bomb becomes a Problem instead of an exception."""
    try:
        text = read_bytes(path, root or path.parent).decode("utf-8")
    except UnsafeFile as exc:
        return None, [Problem(shown, 1, "file", str(exc))]
    except UnicodeDecodeError as exc:
        return None, [Problem(shown, 1, "file", f"cannot read file: {exc}")]
    try:
        data = _load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(shown, line, "yaml", f"invalid YAML: {exc.problem or exc}")]
    except yaml.YAMLError as exc:
        return None, [Problem(shown, 1, "yaml", f"invalid YAML: {exc}")]
    problems = [Problem(shown, line, key, "duplicate key") for key, line in _all_duplicates(data)]
    return data, problems


def _load(text: str) -> Any:
    """Compose, count the nodes the aliases expand to, and only then construct."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expansion(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check_expansion(root: yaml.Node) -> None:
    """Count nodes as construction would visit them (an alias's node once per use), memoised
    per node so the count itself stays linear; too many, or an alias inside its own anchor,
    is a MarkedYAMLError at the node where it happens."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > MAX_NODES:
                raise yaml.MarkedYAMLError(
                    problem=f"aliases expand to more than {MAX_NODES:,} values",
                    problem_mark=node.start_mark,
                )
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise yaml.MarkedYAMLError(
                problem="an alias refers to a value containing it", problem_mark=node.start_mark
            )
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


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
        data, found = read_yaml(path, shown, root)
        problems.extend(found)
        if data is None:
            continue
        if not isinstance(data, LineList):
            problems.append(Problem(shown, 1, "messages", "must be a list of messages"))
            continue
        for index, item in enumerate(data):
            yield item, shown, data.line_of(index)


def corpus_message(
    item: Any, shown: str, line: int, known: Sequence[str], problems: list[Problem]
) -> LineDict | None:
    """A corpus item as a mapping holding only `known` fields; otherwise None, with the
    problem (file, line, field) added. Each corpus reader checks its own fields' values."""
    if not isinstance(item, LineDict):
        problems.append(Problem(shown, line, "text", "each message must be a mapping"))
        return None
    for key in item:
        if key not in known:
            what = f"unknown field (known: {', '.join(known)})"
            problems.append(Problem(shown, item.line_of(key), key, what))
            return None
    return item
