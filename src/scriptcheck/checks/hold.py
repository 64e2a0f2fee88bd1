"""``type: hold`` — the hold protocol in time: no silence longer than ``max_gap`` during a hold, and no
hold longer than ``max_total`` (HOLD ≤ 30 秒; 每 15 秒向客户通报进展).

A hold starts at the end of the agent's announcement (请您稍等…) and ends when the agent says a return
phrase (感谢您的等待…) — or, without one, at the agent's next utterance. The agent's words in between
(请再稍等) are progress reports: each restarts the ``max_gap`` clock.

Example::

    - id: hold.duration
      type: hold
      category: hold
      message: 等待时间过长（{value} 秒，上限 {limit} 秒）
      triggers: [请您稍等]
      returns: [感谢您的等待, 让您久等了]
      max_gap: 15
      max_total: 30
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Finding
from ..schema import Option, non_empty, non_negative
from .base import CallContext, Rule, format_message
from .phrase_hits import PhraseSpecs, all_anchored, compile_phrases, find_hits, phrase_literals
from .ruletype import RuleType, never_in_scripts
from .said import Templates, compile_templates, said_exactly, template_literals
from .shared_hits import canonical, shared_hits
from .timing import shown, timed_order

if TYPE_CHECKING:
    from ..authoring.context import Judged


OPTIONS: dict[str, Option] = {
    "triggers": Option(list, required=True, check=non_empty, phrases=True, doc="hold announcements"),
    "returns": Option(list, default=[], item=(str, dict), phrases=True, doc="phrases that end the hold"),
    "max_gap": Option(float, check=non_negative, doc="longest silence of the agent during a hold (s)"),
    "max_total": Option(float, check=non_negative, doc="longest hold (s)"),
    "excused_by": Option(list, default=[], item=(str, dict), phrases=True,
                         doc="a hold in which the agent says one of these (announcement to return) is not judged"),
}
_RETURNS = "return:"
_EXCUSED = "excused:"


@dataclass(frozen=True)
class HoldRule(Rule):
    triggers: PhraseSpecs = PhraseSpecs(())
    returns: Templates = Templates(())
    max_gap: float | None = None
    max_total: float | None = None
    excused_by: Templates = Templates(())

    def literals(self) -> list[tuple[str, str, int | None]]:
        return (phrase_literals(self.triggers) + template_literals(self.returns, _RETURNS)
                + template_literals(self.excused_by, _EXCUSED))

    def firing_role(self) -> str | None:
        return "phrase" if all_anchored(self.triggers) else None

    def check(self, call: CallContext, index: int) -> list[Finding]:
        announced = {h.utterance for h in shared_hits(call, index, self.triggers, self.speaker)}
        if not announced:
            return []
        order, position = timed_order(call, self.speaker)
        findings: list[Finding] = []
        hold_end = -1
        for start_at in sorted(position[u] for u in announced if u in position):
            if start_at <= hold_end:
                continue  # a 请再稍等 inside a hold already judged
            stop_at = self._hold_end(call, index, order, start_at, announced)
            if stop_at is None:
                continue  # the agent never spoke again
            hold_end = stop_at
            hold = [order[p] for p in range(start_at, stop_at + 1)]
            # 「您是继续等待还是稍后给您回电？」: the customer chose to wait.
            if self.excused_by and said_exactly(call, index, self.excused_by, hold, _EXCUSED):
                continue
            findings.extend(self._judge(call, hold))
        return findings

    def _hold_end(self, call: CallContext, index: int, order: list[int], start_at: int,
                  announced: set[int]) -> int | None:
        """Where the hold ends: a return phrase, or the first utterance that is not a progress report."""
        for p in range(start_at + 1, len(order)):
            utterance = order[p]
            if self.returns and said_exactly(call, index, self.returns, [utterance], _RETURNS):
                return p
            if utterance not in announced:
                return p
        return len(order) - 1 if len(order) - 1 > start_at else None

    def _judge(self, call: CallContext, hold: list[int]) -> list[Finding]:
        utterances = call.transcript.utterances
        findings = []
        if self.max_gap is not None:
            for before, after in zip(hold, hold[1:]):
                gap = utterances[after].start - utterances[before].end
                if gap > self.max_gap:
                    findings.append(self._finding(call, gap, self.max_gap, after, utterances[before].end,
                                                  utterances[after].start))
        if self.max_total is not None:
            total = utterances[hold[-1]].start - utterances[hold[0]].end
            if total > self.max_total:
                findings.append(self._finding(call, total, self.max_total, hold[-1], utterances[hold[0]].end,
                                              utterances[hold[-1]].start))
        return findings

    def _finding(self, call: CallContext, value: float, limit: float, utterance: int, start: float,
                 end: float) -> Finding:
        message = format_message(self.message, value=shown(value), limit=shown(limit))
        return self.finding(call, message, utterance, start=start, end=end, measured=round(value, 1), limit=limit)


def build(common: dict[str, Any], values: dict[str, Any], slots: dict, where: Any, errors: list) -> Rule:
    if values["max_gap"] is None and values["max_total"] is None:
        errors.append(where.error("", "a hold rule needs 'max_gap' or 'max_total'"))
    values = {**values, "except": [], "boundary": "none"}
    triggers = canonical(compile_phrases(values, slots, where, errors, keys=("triggers", "except", "boundary")))
    returns = compile_templates(values["returns"], "returns", slots, where, errors)
    excused_by = compile_templates(values["excused_by"], "excused_by", slots, where, errors)
    return HoldRule(**common, triggers=triggers, returns=returns, max_gap=values["max_gap"],
                    max_total=values["max_total"], excused_by=excused_by)


def describe(rule: HoldRule) -> list[str]:
    from ..authoring.lines import limit_lines, spec_lines, template_lines

    return (spec_lines("triggers", rule.triggers) + template_lines("returns", rule.returns)
            + template_lines("excused by", rule.excused_by) + limit_lines("s", max_gap=rule.max_gap, max_total=rule.max_total))


def why(judged: Judged) -> list[str]:
    from ..authoring.why_timing import timing

    return timing(judged, _measured)


def _measured(judged: Judged) -> list[str]:
    from ..authoring.why_timing import probe
    from ..authoring.wording import number, utterances

    rule, call = judged.rule, judged.call
    announced = sorted({h.utterance for h in find_hits(call, judged.index, rule.triggers, rule.speaker)})
    if not announced:
        return ["no hold announced: nothing to judge"]
    lines = [f"hold announced in {utterances(announced)}"]
    if rule.max_total is not None:
        holds = probe(judged, max_gap=None, max_total=0.0)
        longest = max((f.measured for f in holds), default=0.0)
        lines.append(f"longest hold: {number(longest)} s (limit {number(rule.max_total)} s)")
    if rule.max_gap is not None:
        gaps = probe(judged, max_gap=0.0, max_total=None)
        longest = max((f.measured for f in gaps), default=0.0)
        lines.append(f"longest silence during a hold: {number(longest)} s (limit {number(rule.max_gap)} s)")
    return lines


RULE_TYPE = RuleType(name="hold", doc=__doc__, options=OPTIONS, message_fields=("value", "limit"), build=build,
                     describe=describe, why=why, in_script=never_in_scripts, timed=True)
