"""One call prepared as the engine prepares it, plus the engine's own verdict, for explaining a rule."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..checks.base import CallContext, Rule
from ..conditions import SAID_FACTS, Condition
from ..engine import check, prepare
from ..model import Finding, Report, Transcript
from ..pack.rulepack import RulePack


@dataclass(frozen=True)
class Judged:
    """A rule, a call, and what the engine made of it."""

    pack: RulePack
    rule: Rule
    index: int  # the rule's position in the pack: the key of its automaton hits
    call: CallContext
    report: Report

    @property
    def findings(self) -> list[Finding]:
        return [f for f in self.report.findings if f.rule == self.rule.id]


def judge(pack: RulePack, rule: Rule, transcript: Transcript) -> Judged:
    index = next(i for i, r in enumerate(pack.rules) if r is rule)
    return Judged(pack, rule, index, prepare(transcript, pack), check(transcript, pack))


def unmet_conditions(rule: Rule, call: CallContext) -> list[tuple[str, tuple[Any, ...], Any, bool]]:
    """The ``when:`` tests this call fails: (fact, accepted or refused values, the call's value, refused)."""
    if rule.when is None:
        return []
    unmet = []
    for fact, accepted in rule.when.tests:
        if not Condition(((fact, accepted),)).applies(call):
            unmet.append((fact, accepted, call_value(call, fact, accepted), False))
    for fact, refused in rule.when.refused:
        if not Condition((), ((fact, refused),)).applies(call):
            unmet.append((fact, refused, call_value(call, fact, refused), True))
    return unmet


def call_value(call: CallContext, fact: str, accepted: tuple[Any, ...] = ()) -> Any:
    if fact == "speakers":
        return sorted({u.speaker for u in call.transcript.utterances})
    if fact in SAID_FACTS:
        return Condition(((fact, accepted),)).applies(call)
    if fact == "scene":
        return sorted(call.scenes())
    if fact in ("customer_silent", "timed", "day", "time_of_day"):
        return call.derived(fact)
    return call.transcript.fact(fact)
