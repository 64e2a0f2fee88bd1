"""YAML front matter of a Markdown or plain-text script: ``direction`` and ``scene`` between ``---`` lines."""
from __future__ import annotations

import re

from ..yamlsource import load_yaml
from .script import Header, ScriptError, read_header
from .suppress import hash_directive

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_OPEN = "---"
_CLOSE = ("---", "...")


def split_lines(text: str) -> list[str]:
    return _LINE_BREAK.split(text)


def front_matter(lines: list[str], path: str) -> tuple[Header, int, dict[int, frozenset[str]]]:
    """The header, the index of the first body line, and the suppressions written in the front matter."""
    if not lines or lines[0].rstrip() != _OPEN:
        return Header(), 0, {}
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in _CLOSE), None)
    if end is None:
        raise ScriptError("front matter is not closed: expected a line '---'", file=path, line=1, col=1)
    # A leading empty line keeps the YAML parser's line numbers equal to the file's.
    data, located = load_yaml("\n" + "\n".join(lines[1:end]), path)
    suppressions = {}
    for index in range(1, end):
        patterns, _ = hash_directive(lines[index])
        if patterns:
            suppressions[index + 1] = patterns
    if data is None:
        return Header(), end + 1, suppressions
    header, _ = read_header(data, located, lines)
    return header, end + 1, suppressions
