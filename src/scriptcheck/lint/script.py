"""A call script as the linter sees it: the lines said, each with its place in the file.

Markdown and plain-text lines map their text onto one source line, column for column. A YAML scalar
may be quoted, escaped or folded over several lines, so its lines carry a position for every character.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ..errors import PackError, PackErrors, ScriptcheckError
from ..model import INBOUND, OUTBOUND, Transcript, Utterance
from ..schema import Option, validate
from ..yamlsource import Located, Where
from .suppress import hash_directive

HEADER_OPTIONS: dict[str, Option] = {
    "direction": Option(str, default=INBOUND, choices=(INBOUND, OUTBOUND), doc="inbound or outbound"),
    "scene": Option(str, doc="call, opening, closing, complaint …"),
    "title": Option(str, doc="free text"),
    "description": Option(str, doc="free text"),
}


class ScriptError(ScriptcheckError):
    """A script that cannot be read or parsed."""


@dataclass(frozen=True)
class ScriptLine:
    speaker: str  # AGENT or CUSTOMER
    text: str  # as checked: suppression comments are blanked out, which keeps the columns
    line: int  # 1-based, of the text's first character
    col: int  # 1-based
    # (line, col) of every character, for text that does not sit on one line column for column
    places: tuple[tuple[int, int], ...] = ()

    def place(self, offset: int) -> tuple[int, int]:
        if not self.places:
            return self.line, self.col + offset
        if offset < len(self.places):
            return self.places[offset]
        line, col = self.places[-1]
        return line, col + offset - len(self.places) + 1

    def region(self, start: int, end: int) -> tuple[int, int, int]:
        """Line, column and end column (exclusive) of the characters ``[start, end)``, on the first line."""
        line, col = self.place(start)
        end_col = col + 1
        for offset in range(start, max(end, start + 1)):
            other_line, other_col = self.place(offset)
            if other_line == line and other_col >= end_col:
                end_col = other_col + 1
        return line, col, end_col


@dataclass(frozen=True)
class Script:
    path: str
    lines: tuple[ScriptLine, ...]
    direction: str = INBOUND
    scene: str | None = None
    # where findings about the whole script (something missing) are reported: the `scene:` line or 1:1
    summary_at: tuple[int, int, int] = (1, 1, 2)
    suppressions: Mapping[int, frozenset[str]] = field(default_factory=dict)  # line -> rule patterns

    def transcript(self) -> Transcript:
        return Transcript(utterances=tuple(Utterance(said.speaker, said.text) for said in self.lines),
                          id=self.path, source=self.path, direction=self.direction)


@dataclass(frozen=True)
class Header:
    direction: str = INBOUND
    scene: str | None = None
    summary_at: tuple[int, int, int] = (1, 1, 2)


def read_header(data: Any, located: Located, source_lines: list[str], extra: Mapping[str, Option] | None = None,
                what: str = "front matter") -> tuple[Header, dict[str, Any]]:
    """Validate the header keys (front matter, or a YAML script's top level); raise on any problem."""
    errors: list[PackError] = []
    values = validate(data, {**HEADER_OPTIONS, **(extra or {})}, Where(located), "", errors, what)
    if errors:
        raise PackErrors(errors)
    summary_at = (1, 1, 2)
    if values["scene"] is not None:
        line, col = located.marks["scene"]
        _, without_comment = hash_directive(source_lines[line - 1])
        summary_at = (line, col, len(without_comment.rstrip()) + 1)
    return Header(values["direction"], values["scene"], summary_at), values

