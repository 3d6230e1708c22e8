"""Read YAML safely into plain Python data, keeping the line and column of every node.

Only plain YAML is accepted: no custom tags, no anchors or aliases (which also rules out
"billion laughs" expansion), no duplicate keys, files of at most :data:`MAX_BYTES` and
:data:`MAX_NODES` values, nested at most :data:`MAX_DEPTH` levels deep. The depth is checked
on the parser's events, before the (recursive) composer goes deeper than that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML, nodes
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.parser import Parser

MAX_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_DEPTH = 64
Path = tuple[Any, ...]
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    _TIMESTAMP,
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A YAML-level mistake at a 1-based line and column, with an optional hint."""

    line: int
    col: int
    message: str
    hint: str | None = None


class _DepthLimitedParser(Parser):
    """ruamel's (iterative) parser, refusing collections nested deeper than MAX_DEPTH."""

    def __init__(self, loader: Any) -> None:
        super().__init__(loader)
        self._depth = 0

    def get_event(self) -> Any:
        event = super().get_event()
        if isinstance(event, CollectionStartEvent):
            self._depth += 1
            if self._depth > MAX_DEPTH:
                mark = event.start_mark
                raise _too_deep(mark.line + 1, mark.column + 1)
        elif isinstance(event, CollectionEndEvent):
            self._depth -= 1
        return event


def _too_deep(line: int, col: int) -> YamlProblem:
    return YamlProblem(
        line,
        col,
        f"nested more than {MAX_DEPTH} levels deep",
        "a scenario needs a few levels; check the brackets and indentation",
    )


@dataclass
class Document:
    """Plain data (dicts, lists, scalars) and the position of each node by its path."""

    data: Any
    positions: dict[Path, tuple[int, int]]


def parse(text: str) -> Document:
    """Parse one YAML document; raise :class:`YamlProblem` for anything not plain and safe."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise YamlProblem(1, 1, f"file is larger than {MAX_BYTES // 1000} KB", "split it up")
    _refuse_tabs(text)
    try:
        root = _yaml().compose(text)
    except MarkedYAMLError as exc:
        at_end = "<stream end>" in str(exc.problem) or "end of stream" in str(exc.problem)
        mark = (exc.context_mark if at_end else None) or exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlProblem(line, col, _yaml_message(exc)) from None
    except YAMLError as exc:
        raise YamlProblem(1, 1, f"not valid YAML: {exc}") from None
    if root is None:
        raise YamlProblem(1, 1, "the file is empty", "start from `maps new ID`")
    positions: dict[Path, tuple[int, int]] = {}
    counter = [0]
    data = _convert(root, (), positions, counter)
    return Document(data, positions)


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.Parser = _DepthLimitedParser
    return yaml


def _refuse_tabs(text: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise YamlProblem(
                number, indent.index("\t") + 1, "tab in indentation", "indent with spaces"
            )


def _yaml_message(exc: MarkedYAMLError) -> str:
    problem = (exc.problem or exc.context or "not valid YAML").strip()
    if "found duplicate anchor" in problem or "found undefined alias" in problem:
        return "anchors and aliases (& and *) are not supported"
    return f"not valid YAML: {problem}"


def _pos(node: nodes.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(
    node: nodes.Node, path: Path, positions: dict[Path, tuple[int, int]], counter: list[int]
) -> Any:
    counter[0] += 1
    if len(path) > MAX_DEPTH:
        raise _too_deep(*_pos(node))
    if counter[0] > MAX_NODES:
        raise YamlProblem(*_pos(node), f"more than {MAX_NODES:,} values", "the file is too big")
    if getattr(node, "anchor", None):
        raise YamlProblem(
            *_pos(node), "anchors and aliases (& and *) are not supported", "write the values out"
        )
    if node.tag not in _PLAIN_TAGS:
        raise YamlProblem(
            *_pos(node),
            f"tag {node.tag!r} is not allowed",
            "remove the '!' tag; scenario files are plain YAML",
        )
    positions[path] = _pos(node)
    if isinstance(node, nodes.MappingNode):
        return _mapping(node, path, positions, counter)
    if isinstance(node, nodes.SequenceNode):
        return [_convert(item, (*path, i), positions, counter) for i, item in enumerate(node.value)]
    assert isinstance(node, nodes.ScalarNode)
    return _scalar(node)


def _mapping(
    node: nodes.MappingNode, path: Path, positions: dict[Path, tuple[int, int]], counter: list[int]
) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    seen: dict[Any, tuple[int, int]] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, nodes.ScalarNode):
            raise YamlProblem(*_pos(key_node), "keys must be plain words")
        key = _scalar(key_node)
        if key in seen:
            line, col = seen[key]
            raise YamlProblem(
                *_pos(key_node),
                f"duplicate key {key!r} (first at {line}:{col})",
                "keep one of them",
            )
        seen[key] = _pos(key_node)
        out[key] = _convert(value_node, (*path, key), positions, counter)
        positions[(*path, key)] = _pos(value_node)
        positions[(*path, key, "<key>")] = _pos(key_node)
    return out


def _scalar(node: nodes.ScalarNode) -> Any:
    """Plain scalars by YAML 1.2 core rules; timestamps become dates."""
    value = node.value
    tag = node.tag
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() == "true"
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    if tag == _TIMESTAMP:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value
