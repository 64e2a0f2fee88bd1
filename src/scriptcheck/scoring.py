"""From findings to a score: deductions per finding with per-rule caps, fatal rules, fines, pass mark."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from .model import Finding


@dataclass(frozen=True)
class Scoring:
    base: float = 100.0
    pass_mark: float = 60.0
    # 不合格工单: fined once per call that a fatal rule failed or that scored 0, however many findings did it
    unqualified_fine: float = 0.0
    deductions: dict[str, float] = field(default_factory=lambda: {"minor": 2.0, "major": 5.0, "critical": 10.0})


@dataclass(frozen=True)
class Outcome:
    score: float
    passed: bool
    fatal: bool
    fine: float
    findings: tuple[Finding, ...]


def score(findings: list[Finding], scoring: Scoring, caps: dict[str, tuple[float | None, float | None]]) -> Outcome:
    """Apply deductions and fines in order; a rule's totals never exceed its caps (max_deduction, max_fine)."""
    taken: dict[str, float] = {}
    fined: dict[str, float] = {}
    scored = []
    for finding in findings:
        max_deduction, max_fine = caps.get(finding.rule, (None, None))
        deduction = _within(finding.deduction, max_deduction, taken.get(finding.rule, 0.0))
        fine = _within(finding.fine, max_fine, fined.get(finding.rule, 0.0))
        taken[finding.rule] = taken.get(finding.rule, 0.0) + deduction
        fined[finding.rule] = fined.get(finding.rule, 0.0) + fine
        if (deduction, fine) != (finding.deduction, finding.fine):
            finding = replace(finding, deduction=deduction, fine=fine)
        scored.append(finding)
    fatal = any(f.fatal for f in scored)
    points = 0.0 if fatal else max(0.0, scoring.base - sum(taken.values()))
    fine = sum(fined.values())
    if fatal or (points <= 0 and scored):
        fine += scoring.unqualified_fine
    passed = not fatal and points >= scoring.pass_mark
    return Outcome(round(points, 2), passed, fatal, round(fine, 2), tuple(scored))


def _within(amount: float, cap: float | None, already: float) -> float:
    return amount if cap is None else max(0.0, min(amount, cap - already))
