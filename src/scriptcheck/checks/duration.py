"""``type: duration`` — call length (first start to last end) outside the limits a pack sets.

Example::

    - id: duration.call
      type: duration
      category: duration
      message: 通话时长 {value} 秒，超过 {limit} 秒
      max: 180
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
    "max": Option(float, check=non_negative, doc="longest call in seconds"),
    "min": Option(float, check=non_negative, doc="shortest call in seconds"),
}


@dataclass(frozen=True)
class DurationRule(Rule):
    max: float | None = None
    min: float | None = None

    def check(self, call: CallContext, index: int) -> list[Finding]:
        timed = call.timed_in_order()
        if not timed:
            return []
        utterances = call.transcript.utterances
        start = utterances[timed[0]].start
        end = max([utterances[i].end for i in timed])
        length = end - start
        if self.max is not None and length > self.max:
            limit = self.max
        elif self.min is not None and length < self.min:
            limit = self.min
        else:
            return []
        message = format_message(self.message, value=shown(length), limit=shown(limit))
        return [self.finding(call, message, start=start, end=end, measured=round(length, 1), limit=limit)]


def build(common: dict[str, Any], values: dict[str, Any], slots: dict, where: Any, errors: list) -> Rule:
    if values["max"] is None and values["min"] is None:
        errors.append(where.error("", "a duration rule needs 'max' or 'min'"))
    return DurationRule(**common, max=values["max"], min=values["min"])


def describe(rule: DurationRule) -> list[str]:
    from ..authoring.lines import limit_lines

    return limit_lines("s of call length", max=rule.max, min=rule.min)


def why(judged: Judged) -> list[str]:
    from ..authoring.why_timing import timing

    return timing(judged, _measured)


def _measured(judged: Judged) -> list[str]:
    from ..authoring.why_timing import limits_text, probe
    from ..authoring.wording import number

    rule = judged.rule
    length = probe(judged, max=0.0, min=None)
    seconds = length[0].measured if length else 0.0
    return [f"call length: {number(seconds)} s (limit: {limits_text('s', max=rule.max, min=rule.min)})"]


RULE_TYPE = RuleType(name="duration", doc=__doc__, options=OPTIONS, message_fields=("value", "limit"), build=build,
                     describe=describe, why=why, in_script=never_in_scripts, timed=True)
