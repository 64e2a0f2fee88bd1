"""``type: hangup_wait`` — an agent who may hang up waits before doing so: at least ``min`` seconds between
the end of its last utterance saying one of ``after`` and the end of the call (「等候三秒」「然后过5秒挂机」).

Judged only where the call system says the agent hung up (``metadata.hangup_by: agent``) and gives the
call's length on the clock of the timestamps (``metadata.call_seconds``), and the utterance is timed; a
call in which the phrase is never said is left to the rule that requires it.

Example::

    - id: lingering.wait
      type: hangup_wait
      category: hangup
      message: 提示挂机后仅等待{value}秒即挂机（至少{limit}秒）
      after: [如果没有请挂机]
      min: 3
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..callend import call_end, hung_up_by, line_open_after
from ..model import AGENT, Finding
from ..schema import Option, non_empty, non_negative
from .base import CallContext, Rule, format_message
from .ruletype import RuleType, never_in_scripts
from .said import Templates, compile_templates, said_exactly, template_literals
from .timing import shown

if TYPE_CHECKING:
    from ..authoring.context import Judged


OPTIONS: dict[str, Option] = {
    "after": Option(list, required=True, item=(str, dict), check=non_empty, phrases=True,
                    doc="what the agent says before it may hang up; the wait is measured from its last saying"),
    "min": Option(float, required=True, check=non_negative, doc="shortest wait in seconds before the hang-up"),
}


@dataclass(frozen=True)
class HangupWaitRule(Rule):
    after: Templates = Templates(())
    min: float = 0.0

    def literals(self) -> list[tuple[str, str, int | None]]:
        return template_literals(self.after)

    def check(self, call: CallContext, index: int) -> list[Finding]:
        said = self.last_saying(call, index)
        if said is None or hung_up_by(call.transcript) != AGENT:
            return []
        waited = line_open_after(call.transcript, said)
        if waited is None or waited >= self.min:
            return []
        end = call.transcript.utterances[said].end
        message = format_message(self.message, value=shown(waited), limit=shown(self.min))
        return [self.finding(call, message, said, start=end, end=end + waited, measured=round(waited, 1),
                             limit=self.min)]

    def last_saying(self, call: CallContext, index: int) -> int | None:
        """The speaker's last utterance that says one of ``after``."""
        for u in reversed(call.by_speaker[self.speaker]):
            if said_exactly(call, index, self.after, [u]):
                return u
        return None


def build(common: dict[str, Any], values: dict[str, Any], slots: dict, where: Any, errors: list) -> Rule:
    return HangupWaitRule(**common, after=compile_templates(values["after"], "after", slots, where, errors),
                          min=values["min"])


def describe(rule: HangupWaitRule) -> list[str]:
    from ..authoring.lines import labelled, limit_lines, template_lines

    return (template_lines("after", rule.after) + limit_lines("s before the agent hangs up", min=rule.min)
            + [labelled("", "judged where metadata.hangup_by is agent and metadata.call_seconds is known")])


def why(judged: Judged) -> list[str]:
    from ..authoring.why_timing import timing

    return timing(judged, _measured)


def _measured(judged: Judged) -> list[str]:
    from ..authoring.wording import number

    rule, call = judged.rule, judged.call
    said = rule.last_saying(call, judged.index)
    if said is None:
        return ["the agent never says it: not judged"]
    if hung_up_by(call.transcript) != AGENT:
        return ["the agent did not hang up (metadata.hangup_by): not judged"]
    if call_end(call.transcript) is None:
        return ["the call has no metadata.call_seconds: not judged"]
    waited = line_open_after(call.transcript, said)
    if waited is None:
        return [f"#{said} carries no end time, or ends after the call: not judged"]
    return [f"hung up {number(waited)} s after #{said} (at least {number(rule.min)} s)"]


RULE_TYPE = RuleType(name="hangup_wait", doc=__doc__, options=OPTIONS, message_fields=("value", "limit"),
                     build=build, describe=describe, why=why, in_script=never_in_scripts, timed=True)
