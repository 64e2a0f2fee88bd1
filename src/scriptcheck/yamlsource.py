"""Safe YAML loading that remembers where every value came from (line and column).

Only the standard scalar types, sequences and mappings are built: YAML tags that construct objects
are refused, alias expansion is bounded so that an "alias bomb" cannot exhaust memory, and nesting is
bounded so that neither a deeply nested document nor an alias that contains itself can exhaust the stack.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from .errors import PackError, shown

MAX_NODES = 200_000
# Characters of all scalar values after expanding aliases (twice the largest pack file): a few aliases of
# a long string must not multiply into gigabytes of phrases to compile.
MAX_CHARACTERS = 20 * 1024 * 1024
MAX_DEPTH = 100  # nesting of sequences and mappings, after expanding aliases
# libyaml composes nodes recursively in C, and tens of thousands of levels overflow the C stack (a
# crash, not an exception): a text that might nest deeper than this is measured on its events first.
_C_SAFE_DEPTH = 5_000
_NESTING_CHARACTERS = ("[", "{", "-", "?", ":", "\n", "\r", "\x85", "\u2028", "\u2029")
_LINE_BREAK = re.compile("[\n\r\x85\u2028\u2029]")
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
        return PackError(message, file=self.file, line=line, col=col, path=printable(path))


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


def printable(text: str) -> str:
    """A key path as errors show it: control characters (a key may hold a line break) escaped."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


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
        if _nesting_bound(text) > _C_SAFE_DEPTH:
            _check_depth(text, file)
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        if "maximum nesting depth" in problem:
            # PyYAML 6.0.4 and newer stop at their own depth limit (above ours) while scanning ahead of
            # the events _check_depth reads: the same refusal, said in scriptcheck's words.
            raise PackError(f"document nested deeper than {MAX_DEPTH} levels", file=file, line=line,
                            col=col) from None
        raise PackError(f"invalid YAML: {problem}", file=file, line=line, col=col) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: its message spans lines
        raise _reader_error(exc, text, file) from None
    except yaml.YAMLError as exc:
        raise PackError(f"invalid YAML: {' '.join(str(exc).split())}", file=file) from None
    marks: dict[str, tuple[int, int]] = {}
    if node is None:
        return None, Located(file, marks)
    builder = _Builder(file, marks)
    return builder.build(node, ""), Located(file, marks)


def _reader_error(exc: yaml.reader.ReaderError, text: str, file: str) -> PackError:
    # libyaml counts the position in bytes of UTF-8, PyYAML's own reader in characters.
    offset = exc.position or 0
    before = text.encode("utf-8")[:offset].decode("utf-8", "ignore") if _COMPOSER is not yaml.SafeLoader \
        else text[:offset]
    line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
    what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
    return PackError(f"invalid YAML: {exc.reason} ({what})", file=file, line=line, col=col)


def _nesting_bound(text: str) -> int:
    """At least the nesting depth of ``text``: a level needs a bracket, an indicator or a new line."""
    bound = sum(text.count(character) for character in _NESTING_CHARACTERS) + 1
    if bound > _C_SAFE_DEPTH:
        # Tighter: a block level is indented further than its parent (a sequence under a key may share
        # the key's column, so two levels per column at most) or is a '[' or '{' of a flow collection.
        longest = max(map(len, _LINE_BREAK.split(text)))
        bound = min(bound, 2 * longest + text.count("[") + text.count("{") + 2)
    return bound


def _check_depth(text: str, file: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=_COMPOSER):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise PackError(f"document nested deeper than {MAX_DEPTH} levels", file=file, line=mark.line + 1,
                                col=mark.column + 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _Builder:
    def __init__(self, file: str, marks: dict[str, tuple[int, int]]) -> None:
        self.file = file
        self.marks = marks
        self.count = 0
        self.characters = 0
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: str, depth: int = 0) -> Any:
        self.count += 1
        position = (node.start_mark.line + 1, node.start_mark.column + 1)
        if self.count > MAX_NODES:
            raise PackError(f"document too large (more than {MAX_NODES} values after expanding aliases)",
                            file=self.file, line=position[0], col=position[1])
        if depth > MAX_DEPTH:
            raise PackError(f"document nested deeper than {MAX_DEPTH} levels (after expanding aliases; an alias "
                            "may not contain itself)", file=self.file, line=position[0], col=position[1])
        self.marks.setdefault(path, position)
        if node.tag not in _STANDARD_TAGS:
            raise PackError(f"YAML tag {shown(node.tag)} is not allowed in a rule pack",
                            file=self.file, line=position[0], col=position[1], path=path)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, path + ".<key>", depth + 1)
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
                result[key] = self.build(value_node, child, depth + 1)
            self.marks.pop(path + ".<key>", None)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, f"{path}[{i}]", depth + 1) for i, item in enumerate(node.value)]
        self.characters += len(node.value)
        if self.characters > MAX_CHARACTERS:
            raise PackError(f"document too large (more than {MAX_CHARACTERS // (1024 * 1024)} MiB of text after "
                            "expanding aliases)", file=self.file, line=position[0], col=position[1])
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            raise PackError(f"bad value: {exc}", file=self.file, line=position[0], col=position[1],
                            path=path) from None
