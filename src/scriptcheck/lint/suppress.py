"""Inline suppressions: ``<!-- scriptcheck: disable=rule-id[,rule-id] -->`` in Markdown and
``# scriptcheck: disable=rule-id`` in YAML and plain text. A suppression covers findings on its own
line only; ids may be fnmatch globs (``forbidden.*``) or ``all``.
"""
from __future__ import annotations

import re
from fnmatch import fnmatchcase
from typing import Iterable

_OPEN_COMMENT, _CLOSE_COMMENT = "<!--", "-->"
_HTML_DIRECTIVE = re.compile(r"^\s*scriptcheck:\s*disable=(?P<ids>.*)$")  # '(.*?)\s*$' would be quadratic
# As in YAML, '#' starts a comment only at the start of a line or after whitespace.
HASH_DIRECTIVE = re.compile(r"(?:^|(?<=\s))#\s*scriptcheck:\s*disable=(?P<ids>[^\s,]+(?:\s*,\s*[^\s,]+)*)\s*$")


def rule_patterns(ids: str) -> frozenset[str]:
    return frozenset(part.strip() for part in ids.split(",") if part.strip())


def html_directives(line: str) -> frozenset[str]:
    """Rule patterns of every ``<!-- scriptcheck: disable=… -->`` comment in a Markdown line."""
    patterns: set[str] = set()
    # Found with str.find, not a regex '<!--(.*?)-->': a line of many '<!--' and no '-->' stays linear.
    position = 0
    while (opening := line.find(_OPEN_COMMENT, position)) >= 0:
        close = line.find(_CLOSE_COMMENT, opening + len(_OPEN_COMMENT))
        if close < 0:
            break
        directive = _HTML_DIRECTIVE.match(line[opening + len(_OPEN_COMMENT):close])
        if directive:
            patterns |= rule_patterns(directive.group("ids"))
        position = close + len(_CLOSE_COMMENT)
    return frozenset(patterns)


def hash_directive(line: str) -> tuple[frozenset[str], str]:
    """Rule patterns of a trailing ``# scriptcheck: disable=…`` and the line with it blanked out."""
    match = HASH_DIRECTIVE.search(line)
    if match is None:
        return frozenset(), line
    return rule_patterns(match.group("ids")), blank(line, match.start(), match.end())


def blank(line: str, start: int, end: int) -> str:
    # Spaces rather than deletion: matching ignores spaces, and the columns after it stay true.
    return line[:start] + " " * (end - start) + line[end:]


def is_suppressed(rule_id: str, patterns: Iterable[str]) -> bool:
    return any(pattern == "all" or fnmatchcase(rule_id, pattern) for pattern in patterns)
