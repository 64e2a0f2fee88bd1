"""Markdown scripts: what is said, without headings, comments, fences, table rules and list markers."""
from __future__ import annotations

import re

from .frontmatter import front_matter, split_lines
from .labels import split_label
from .script import Script, ScriptLine
from .suppress import blank, html_directives

_FENCE = re.compile(r"^\s*(?:`{3,}|~{3,})")
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
_RULE = re.compile(r"^\s{0,3}(?:=+|-+|(?:\*\s*){3,}|(?:_\s*){3,}|(?:-\s*){3,})$")
# A setext heading is underlined with '='. Text above '---' stays a script line: authors use '---' as
# a separator, and taking the line for a heading would hide a forbidden phrase in it.
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}=+\s*$")
# Each run of spaces belongs to one '\s*' only: were two of them to share it (as '^\s*\|?(?:\s*…' did),
# a long run of spaces would take quadratic time.
_TABLE_RULE = re.compile(r"^\s*(?:\|\s*)?(?::?-+:?\s*\|\s*)+(?::?-+:?\s*)?$")
_BLOCKQUOTE = re.compile(r"\s*>\s?")
_LIST_MARKER = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])(?:\s+(?:\[[ xX]\]\s+)?|$)")
_TABLE_ROW = re.compile(r"\s*\|\s*")
_OPEN_COMMENT, _CLOSE_COMMENT = "<!--", "-->"


def read_markdown(text: str, path: str) -> Script:
    lines = split_lines(text)
    header, body, suppressions = front_matter(lines, path)
    said: list[ScriptLine] = []
    in_comment = False
    for index in range(body, len(lines)):
        number = index + 1
        patterns = html_directives(lines[index])
        if patterns:
            suppressions[number] = patterns
        line, in_comment = _without_comments(lines[index], in_comment)
        if _skipped(line) or (index + 1 < len(lines) and _SETEXT_UNDERLINE.match(lines[index + 1])
                              and line.strip()):
            continue
        offset, in_table = _content_start(line)
        content = line[offset:].rstrip()
        speaker, skip = split_label(content, cell_separator=in_table)
        if content[skip:].strip():
            said.append(ScriptLine(speaker, content[skip:], number, offset + skip + 1))
    return Script(path, tuple(said), header.direction, header.scene, header.summary_at, suppressions)


def _without_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """The line with HTML comments (also those spanning lines) blanked out, and whether one is still open."""
    position = 0
    while True:
        if in_comment:
            close = line.find(_CLOSE_COMMENT, position)
            if close < 0:
                return blank(line, position, len(line)), True
            line = blank(line, position, close + len(_CLOSE_COMMENT))
            position, in_comment = close + len(_CLOSE_COMMENT), False
        opening = line.find(_OPEN_COMMENT, position)
        if opening < 0:
            return line, False
        position, in_comment = opening, True


def _skipped(line: str) -> bool:
    stripped = line.rstrip()
    return (not stripped.strip() or bool(_FENCE.match(stripped) or _ATX_HEADING.match(stripped)
                                          or _RULE.match(stripped) or _TABLE_RULE.match(stripped)))


def _content_start(line: str) -> tuple[int, bool]:
    """Where the text begins after blockquote and list markers; whether the line is a table row."""
    offset = 0
    while match := _BLOCKQUOTE.match(line, offset):
        offset = match.end()
    if match := _LIST_MARKER.match(line, offset):
        offset = match.end()
    if match := _TABLE_ROW.match(line, offset):
        return match.end(), True
    return offset + len(line[offset:]) - len(line[offset:].lstrip()), False
