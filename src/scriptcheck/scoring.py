"""From findings to a score: deductions per finding with per-rule caps, fatal rules, fines, pass mark."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from .model import Finding


@dataclass(frozen=True)
class Scoring:
    base: float = 100.0
    pass_mark: float = 60.0
    zero_score_fine: float = 0.0
    deductions: dict[str, float] = field(default_factory=lambda: {"minor": 2.0, "major": 5.0, "critical": 10.0})


@dataclass(frozen=True)
class Outcome:
    score: float
    passed: bool
    fatal: bool
    fine: float
    findings: tuple[Finding, ...]


def score(findings: list[Finding], scoring: Scoring, caps: dict[str, float | None]) -> Outcome:
    """Apply deductions in order; a rule's total never exceeds its cap (``caps[rule]``)."""
    taken: dict[str, float] = {}
    scored = []
    for finding in findings:
        cap = caps.get(finding.rule)
        already = taken.get(finding.rule, 0.0)
        deduction = finding.deduction if cap is None else max(0.0, min(finding.deduction, cap - already))
        taken[finding.rule] = already + deduction
        scored.append(finding if deduction == finding.deduction else replace(finding, deduction=deduction))
    fatal = any(f.fatal for f in scored)
    points = 0.0 if fatal else max(0.0, scoring.base - sum(taken.values()))
    fine = sum(f.fine for f in scored)
    if fatal or (points <= 0 and scored):
        fine += scoring.zero_score_fine
    passed = not fatal and points >= scoring.pass_mark
    return Outcome(round(points, 2), passed, fatal, round(fine, 2), tuple(scored))
