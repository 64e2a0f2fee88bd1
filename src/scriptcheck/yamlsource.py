"""Safe YAML loading that remembers where every value came from (line and column).

Only the standard scalar types, sequences and mappings are built: YAML tags that construct objects
are refused, and alias expansion is bounded so that an "alias bomb" cannot exhaust memory.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .errors import PackError

MAX_NODES = 200_000
# libyaml's parser when PyYAML was built with it (about ten times faster); the same safe node graph.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:timestamp",
}


@dataclass(frozen=True)
class Located:
    """Line and column (1-based) of each key path in a document, e.g. ``rules[2].phrases``."""

    file: str
    marks: dict[str, tuple[int, int]]

    def at(self, path: str) -> tuple[int | None, int | None]:
        while path:
            if path in self.marks:
                return self.marks[path]
            path = _parent(path)
        return self.marks.get("", (None, None))

    def error(self, path: str, message: str) -> PackError:
        line, col = self.at(path)
        return PackError(message, file=self.file, line=line, col=col, path=path)


class Where:
    """A place in a document that errors are reported relative to, e.g. the rule at ``rules[3]``."""

    def __init__(self, located: Located, base: str = "") -> None:
        self.located = located
        self.base = base

    def error(self, path: str, message: str) -> PackError:
        return self.located.error(join_path(self.base, path), message)


class LayeredWhere:
    """A rule assembled from several packs (``extends``): each key is reported where it was written."""

    def __init__(self, layers: list[tuple[Where, frozenset[str]]]) -> None:
        self.layers = layers  # child first

    def error(self, path: str, message: str) -> PackError:
        head = path.split(".", 1)[0].split("[", 1)[0]
        for where, keys in self.layers:
            if head in keys:
                return where.error(path, message)
        return self.layers[0][0].error(path, message)


def join_path(base: str, key: object) -> str:
    key = str(key)
    if not base:
        return key
    if not key:
        return base
    return f"{base}{key}" if key.startswith("[") else f"{base}.{key}"


def _parent(path: str) -> str:
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


def load_yaml(text: str, file: str) -> tuple[Any, Located]:
    """Parse one YAML document; raise PackError with the position of a syntax error."""
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise PackError(f"invalid YAML: {problem}", file=file, line=line, col=col) from None
    except yaml.YAMLError as exc:
        raise PackError(f"invalid YAML: {exc}", file=file) from None
    marks: dict[str, tuple[int, int]] = {}
    if node is None:
        return None, Located(file, marks)
    builder = _Builder(file, marks)
    return builder.build(node, ""), Located(file, marks)


class _Builder:
    def __init__(self, file: str, marks: dict[str, tuple[int, int]]) -> None:
        self.file = file
        self.marks = marks
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: str) -> Any:
        self.count += 1
        position = (node.start_mark.line + 1, node.start_mark.column + 1)
        if self.count > MAX_NODES:
            raise PackError(f"document too large (more than {MAX_NODES} values after expanding aliases)",
                            file=self.file, line=position[0], col=position[1])
        self.marks.setdefault(path, position)
        if node.tag not in _STANDARD_TAGS:
            raise PackError(f"YAML tag {node.tag!r} is not allowed in a rule pack",
                            file=self.file, line=position[0], col=position[1], path=path)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, path + ".<key>")
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    raise PackError("mapping keys must be plain scalars", file=self.file,
                                    line=key_node.start_mark.line + 1, col=key_node.start_mark.column + 1,
                                    path=path)
                child = f"{path}.{key}" if path else str(key)
                self.marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                if key in result:
                    raise PackError(f"duplicate key {key!r}", file=self.file,
                                    line=key_node.start_mark.line + 1, col=key_node.start_mark.column + 1,
                                    path=child)
                result[key] = self.build(value_node, child)
            self.marks.pop(path + ".<key>", None)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, f"{path}[{i}]") for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            raise PackError(f"bad value: {exc}", file=self.file, line=position[0], col=position[1],
                            path=path) from None
