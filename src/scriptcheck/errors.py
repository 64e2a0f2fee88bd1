"""Errors that carry a location, so every message reads ``file:line:col: what is wrong``."""
from __future__ import annotations

import reprlib
from typing import Any

_SHOWN = reprlib.Repr()
_SHOWN.maxstring = _SHOWN.maxother = 80
_SHOWN.maxlong = 40
_SHOWN.maxlevel = 3
_SHOWN.maxlist = _SHOWN.maxdict = _SHOWN.maxtuple = _SHOWN.maxset = 5


def shown(value: Any) -> str:
    """A value from the input quoted in an error message: its repr, on one line and shortened when long."""
    return _SHOWN.repr(value)


class ScriptcheckError(Exception):
    """Base class of every error scriptcheck raises on bad input."""

    def __init__(self, message: str, *, file: str = "", line: int | None = None, col: int | None = None,
                 path: str = "") -> None:
        self.message = message
        self.file = file
        self.line = line
        self.col = col
        self.path = path
        super().__init__(self.__str__())

    def __str__(self) -> str:
        what = f"{self.path}: {self.message}" if self.path else self.message
        if not self.file and self.line is None:
            return what
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {what}"


class PackError(ScriptcheckError):
    """A rule pack that cannot be loaded: malformed YAML, unknown key, wrong type, bad regex."""


class PackErrors(PackError):
    """Several problems found while validating one pack; str() gives one line per problem."""

    def __init__(self, errors: list[PackError]) -> None:
        self.errors = errors
        first = errors[0]
        super().__init__(first.message, file=first.file, line=first.line, col=first.col, path=first.path)

    def __str__(self) -> str:
        return "\n".join(ScriptcheckError.__str__(e) for e in self.errors)


class TranscriptError(ScriptcheckError):
    """A transcript that cannot be read: undecodable bytes, bad JSON, unknown speaker, empty call."""


class TranscriptTypeError(TranscriptError, TypeError):
    """A library function given something else where a transcript or a transcript's path belongs
    (``check(dict, pack)``): caught as a TypeError, as a TranscriptError or as a ScriptcheckError."""


class PackTypeError(PackError, TypeError):
    """A library function given something else where a rule pack or a pack's name belongs
    (``check(call, "default")``): caught as a TypeError, as a PackError or as a ScriptcheckError."""
