"""YAML scripts: ``lines:`` (with optional ``direction``, ``scene``) or a bare list of lines.

Each line is a string (``"客户: 我想…"`` labels it) or a single-key mapping ``{客服: 您好…}``.
"""
from __future__ import annotations

from typing import Any

from ..errors import shown
from ..model import AGENT
from ..schema import Option
from ..transcripts.canonical import speaker_of
from ..yamlsource import Located, load_yaml
from .frontmatter import split_lines
from .labels import split_label
from .script import Header, Script, ScriptError, ScriptLine, read_header
from .suppress import hash_directive

_LINES = {"lines": Option(list, required=True, doc="what is said, in order")}


def read_yaml_script(text: str, path: str) -> Script:
    source = split_lines(text)
    data, located = load_yaml(text, path)
    suppressions = {}
    for number, line in enumerate(source, start=1):
        patterns, _ = hash_directive(line)
        if patterns:
            suppressions[number] = patterns
    if data is None:
        return Script(path, (), suppressions=suppressions)
    if isinstance(data, list):
        header, items, base = Header(), data, ""
    elif isinstance(data, dict):
        header, values = read_header(data, located, source, _LINES, "script")
        items, base = values["lines"], "lines"
    else:
        raise ScriptError("expected a list of lines, or a mapping with 'lines'", file=path, line=1, col=1)
    paths = [f"{base}[{i}]" for i in range(len(items))]
    said = []
    for i, item in enumerate(items):
        last_line = located.marks[paths[i + 1]][0] if i + 1 < len(items) else len(source)
        line = _line(item, paths[i], located, source, last_line)
        if line is not None:
            said.append(line)
    return Script(path, tuple(said), header.direction, header.scene, header.summary_at, suppressions)


def _line(item: Any, path: str, located: Located, source: list[str], last_line: int) -> ScriptLine | None:
    if isinstance(item, str):
        speaker, skip = split_label(item)
        text, (line, col) = item, located.marks[path]
    elif isinstance(item, dict) and len(item) == 1:
        label, text = next(iter(item.items()))
        line, col = located.marks[f"{path}.{label}"]
        speaker, skip = speaker_of(label), 0
        if speaker is None:
            raise located.error(f"{path}.{label}", f"unknown speaker {shown(label)} (agent: 客服/坐席/话务员/agent/…; "
                                                   "customer: 客户/用户/customer/…)")
        if not isinstance(text, str):
            raise located.error(f"{path}.{label}", f"expected a string, got {shown(text)}")
        col += len(str(label))  # search for the text after the label
    else:
        raise located.error(path, "expected a string or a single-key mapping such as {客服: 您好}")
    if not text[skip:].strip():
        return None
    places = align(text, source, line, col, last_line)[skip:]
    return ScriptLine(speaker or AGENT, text[skip:], places[0][0], places[0][1], places)


def align(value: str, source: list[str], line: int, col: int, last_line: int) -> tuple[tuple[int, int], ...]:
    """(line, col) of every character of a YAML string value, found in order in the source from ``line:col``.

    Quotes, escapes, block indicators and folding separate a value from its source text; finding each
    character in turn follows them all well enough to point at the words a finding is about.
    """
    places = []
    row, index = line, col - 1
    here = (line, col)
    for char in value:
        if not char.isspace():
            found = _find(source, char, row, index, last_line)
            if found is not None:
                row, index = found
                here = (row, index + 1)
                index += 1
        elif places:
            here = (here[0], here[1] + 1)
        places.append(here)
    return tuple(places)


# How far ahead in the source one character of a value is looked for. A value's characters lie close to
# each other in its source (quotes, escapes, folding); an unbounded search would make a value of many
# characters written only as escapes (\u4e00…) take quadratic time.
_SEARCH_WINDOW = 1_000


def _find(source: list[str], char: str, row: int, index: int, last_line: int) -> tuple[int, int] | None:
    budget = _SEARCH_WINDOW
    for number in range(row, min(last_line, len(source)) + 1):
        line = source[number - 1]
        start = index if number == row else 0
        end = min(len(line), start + budget)
        found = line.find(char, start, end)
        if found >= 0:
            return number, found
        budget -= max(end - start, 0) + 1
        if budget <= 0:
            return None
    return None
