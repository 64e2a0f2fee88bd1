"""What ``scriptcheck lint`` reports: findings and errors, each at a place in a file."""
from __future__ import annotations

from dataclasses import dataclass

from ..model import SEVERITIES
from ..errors import PackErrors, ScriptcheckError


@dataclass(frozen=True)
class Closest:
    """The script line most similar to a phrase that is missing."""

    line: int
    text: str
    similarity: float


@dataclass(frozen=True)
class LintFinding:
    path: str
    line: int
    col: int
    end_col: int
    rule: str
    category: str
    severity: str
    message: str  # the rule's message, followed by the closest candidate when something is missing
    evidence: str | None = None
    closest: Closest | None = None

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.col, self.rule)


@dataclass(frozen=True)
class LintError:
    """A file that could not be read or parsed, a bad config or pack: ``path:line:col: error: …``."""

    path: str
    line: int | None
    col: int | None
    message: str

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.col or 0, "")

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}:{self.col or 1}"
        return f"{where}: error: {self.message}"


def errors_of(exc: ScriptcheckError, path: str) -> list[LintError]:
    """One LintError per problem of ``exc`` (a pack or config may have several), at its file:line:col."""
    problems = exc.errors if isinstance(exc, PackErrors) else [exc]
    return [LintError(problem.file or path, problem.line, problem.col,
                      f"{problem.path}: {problem.message}" if problem.path else problem.message)
            for problem in problems]


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


def at_least(finding: LintFinding, min_severity: str) -> bool:
    return severity_rank(finding.severity) >= severity_rank(min_severity)
