"""``rules explain``: what a rule checks, and — given a call — whether it applies, fired, and why."""
from __future__ import annotations

from ..checks import RULE_TYPES
from ..checks.base import Rule
from ..model import Finding, Transcript
from ..pack.rulepack import RulePack
from ..schema import suggest
from .context import Judged, judge, unmet_conditions
from .describe import applies_to, condition, describe, refusal
from .lines import labelled
from .wording import number, quoted, value


class UnknownRule(LookupError):
    pass


def find_rule(pack: RulePack, rule_id: str) -> Rule:
    """The rule with this id; UnknownRule names the closest id of the pack when there is one."""
    for rule in pack.rules:
        if rule.id == rule_id:
            return rule
    raise UnknownRule(f"no rule {rule_id!r} in pack {pack.label}" + suggest(rule_id, [r.id for r in pack.rules]))


def explain_rule(pack: RulePack, rule: Rule) -> list[str]:
    lines = describe(rule)
    return lines[:1] + [labelled("pack", f"{pack.label} ({pack.file})")] + lines[1:]


def explain_call(pack: RulePack, rule: Rule, transcript: Transcript) -> list[str]:
    """Whether ``rule`` applies to the call, whether it fired, and why."""
    timing = "timed" if any(u.start is not None for u in transcript.utterances) else "no timestamps"
    heading = (f"call: {transcript.source or transcript.id} (id {transcript.id}, {transcript.direction}, {transcript.channel}, "
               f"{len(transcript.utterances)} utterances, {timing})")
    return [heading] + verdict(judge(pack, rule, transcript))


def verdict(judged: Judged) -> list[str]:
    """The per-call part of an explanation: applies, fired, why (also used for failing examples)."""
    unmet = unmet_conditions(judged.rule, judged.call)
    if unmet:
        return ["applies: no — " + "; ".join(
            f"needs {refusal(fact, values) if refused else condition(fact, values)}, this call has {fact} = {value(actual)}"
            for fact, values, actual, refused in unmet), "fired: no (not judged)"]
    lines = ["applies: yes" + ("" if judged.rule.when is None else f" ({applies_to(judged.rule)})")]
    findings = judged.findings
    lines.append(f"fired: yes, {len(findings)} finding{'s' if len(findings) != 1 else ''}" if findings else "fired: no")
    lines += ["  " + finding_line(f) for f in findings]
    lines.append("why:")
    return lines + ["  " + line for line in RULE_TYPES[judged.rule.type].why(judged)]


def finding_line(finding: Finding) -> str:
    where = "call" if finding.utterance is None else f"#{finding.utterance} {finding.speaker}"
    if finding.span is not None:
        where += f" [{finding.span[0]}:{finding.span[1]}] {quoted(finding.evidence or '')}"
    if finding.measured is not None:
        where += f" measured {number(finding.measured)}, limit {number(finding.limit or 0)}"
    penalty = f"-{number(finding.deduction)}" + (f", {number(finding.fine)} 元" if finding.fine else "")
    return f"{where} ({'FATAL, ' if finding.fatal else ''}{penalty}): {finding.message}"
