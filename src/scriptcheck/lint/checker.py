"""Check one script with the rules of its scene and place every finding at ``line:col`` in its file."""
from __future__ import annotations

from ..engine import check
from ..model import Finding
from .findings import Closest, LintFinding
from .scenes import SceneRules
from .script import Script
from .suppress import is_suppressed


def lint_script(script: Script, rules: SceneRules) -> list[LintFinding]:
    report = check(script.transcript(), rules.for_scene(script.scene))
    findings = []
    for finding in report.findings:
        linted = _placed(script, finding)
        if not is_suppressed(linted.rule, script.suppressions.get(linted.line, ())):
            findings.append(linted)
    return findings


def _placed(script: Script, finding: Finding) -> LintFinding:
    if finding.utterance is None:
        line, col, end_col = script.summary_at
    else:
        said = script.lines[finding.utterance]
        start, end = finding.span or (0, len(said.text))
        line, col, end_col = said.region(start, end)
    closest = None
    message = finding.message
    if finding.closest is not None:
        nearest = script.lines[finding.closest.utterance]
        closest = Closest(nearest.line, nearest.text.strip(), finding.closest.similarity)
        message += f" (closest: line {closest.line} 「{closest.text}」, similarity {closest.similarity:g})"
    return LintFinding(path=script.path, line=line, col=col, end_col=end_col, rule=finding.rule,
                       category=finding.category, severity=finding.severity, message=message,
                       evidence=finding.evidence, closest=closest)
