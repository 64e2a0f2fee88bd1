"""``type: interruption`` — the speaker starts while the other party is still speaking (打断客户、插话).

Example::

    - id: interruption.agent
      type: interruption
      category: interruption
      message: 打断客户讲话（重叠 {value} 秒，允许 {limit} 秒）
      tolerance: 1.0
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Finding
from ..schema import Option, non_negative
from .base import CallContext, Rule, format_message
from .ruletype import RuleType, never_in_scripts
from .timing import shown

if TYPE_CHECKING:
    from ..authoring.context import Judged


OPTIONS: dict[str, Option] = {
    "tolerance": Option(float, default=1.0, check=non_negative, doc="overlap allowed in seconds"),
}


@dataclass(frozen=True)
class InterruptionRule(Rule):
    tolerance: float = 1.0

    def check(self, call: CallContext, index: int) -> list[Finding]:
        utterances = call.transcript.utterances
        findings = []
        other_end: float | None = None  # the latest end of the other party's speech so far
        own = call.speaker_set(self.speaker)
        for i in call.timed_in_order():
            said = utterances[i]
            if i not in own:
                other_end = said.end if other_end is None else max(other_end, said.end)
                continue
            if other_end is None or other_end <= said.start:
                continue
            overlap = min(other_end, said.end) - said.start
            if overlap > self.tolerance:
                message = format_message(self.message, value=shown(overlap), limit=shown(self.tolerance))
                findings.append(self.finding(call, message, i, start=said.start, end=min(other_end, said.end),
                                             measured=round(overlap, 1), limit=self.tolerance))
        return findings


def build(common: dict[str, Any], values: dict[str, Any], slots: dict, where: Any, errors: list) -> Rule:
    if common["speaker"] == "any":
        errors.append(where.error("speaker", "an interruption rule needs a speaker (agent or customer)"))
    return InterruptionRule(**common, tolerance=values["tolerance"])


def describe(rule: InterruptionRule) -> list[str]:
    from ..authoring.lines import limit_lines

    return limit_lines("s", tolerance=rule.tolerance)


def why(judged: Judged) -> list[str]:
    from ..authoring.why_timing import timing

    return timing(judged, _measured)


def _measured(judged: Judged) -> list[str]:
    from ..authoring.why_timing import probe
    from ..authoring.wording import number

    overlaps = probe(judged, tolerance=0.0)
    if not overlaps:
        return [f"the speaker never started while the other party was speaking "
                f"(tolerance {number(judged.rule.tolerance)} s)"]
    longest = max(overlaps, key=lambda f: f.measured)
    return [f"longest overlap: {number(longest.measured)} s at #{longest.utterance} "
            f"(tolerance {number(judged.rule.tolerance)} s)"]


RULE_TYPE = RuleType(name="interruption", doc=__doc__, options=OPTIONS, message_fields=("value", "limit"), build=build,
                     describe=describe, why=why, in_script=never_in_scripts, timed=True)
