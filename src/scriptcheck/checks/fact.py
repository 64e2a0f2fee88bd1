"""``type: fact`` — a call fact outside its limit: hung up by the agent (主动挂机), answered after too
many rings, a hold reported by the telephony system longer than allowed.

Example::

    - id: hangup.agent
      type: fact
      category: hangup
      message: 客户未挂机前坐席主动挂机
      fact: metadata.hangup_by
      equals: agent
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Finding
from ..numbers import as_decimal
from ..schema import Option
from .base import CallContext, Rule, format_message
from .ruletype import RuleType, never_in_scripts
from .said import Templates, compile_templates, said_exactly, template_literals
from .timing import shown

if TYPE_CHECKING:
    from ..authoring.context import Judged


OPTIONS: dict[str, Option] = {
    "fact": Option(str, required=True, check=lambda v: None if v.startswith(("metadata.", "agent.", "customer."))
                   and len(v.split(".", 1)[1]) > 0 else "expected metadata.KEY, agent.KEY or customer.KEY",
                   doc="the call fact"),
    "equals": Option((str, int, float, bool, list), doc="a finding when the fact has this value"),
    "max": Option(float, doc="a finding when the fact is a number above this"),
    "unless_said": Option(list, default=[], item=(str, dict), phrases=True,
                          doc="no finding when the speaker said one of these in the call"),
}
_UNLESS = "unless:"


@dataclass(frozen=True)
class FactRule(Rule):
    fact: str = ""
    equals: tuple[Any, ...] = ()
    max: float | None = None
    unless_said: Templates = Templates(())

    def literals(self) -> list[tuple[str, str, int | None]]:
        return template_literals(self.unless_said, _UNLESS)

    def check(self, call: CallContext, index: int) -> list[Finding]:
        value = call.fact(self.fact)
        if value is None or value == "":
            return []
        if self.unless_said and said_exactly(call, index, self.unless_said, call.by_speaker[self.speaker], _UNLESS):
            return []
        if self.equals and any(value == e or str(value).casefold() == str(e).casefold() for e in self.equals):
            message = format_message(self.message, value=value, limit=self.equals[0])
            return [self.finding(call, message)]
        if self.max is not None:
            number = _number(value)
            if number is not None and number > self.max:
                message = format_message(self.message, value=shown(number), limit=shown(self.max))
                return [self.finding(call, message, measured=number, limit=self.max)]
        return []


def _number(value: Any) -> float | None:
    # Only decimal numbers: float() would also read "inf" and "nan", which are words here.
    return as_decimal(value)


def build(common: dict[str, Any], values: dict[str, Any], slots: dict, where: Any, errors: list) -> Rule:
    equals = values["equals"]
    if equals is None and values["max"] is None:
        errors.append(where.error("", "a fact rule needs 'equals' or 'max'"))
    accepted = tuple(equals) if isinstance(equals, list) else (() if equals is None else (equals,))
    unless_said = compile_templates(values["unless_said"], "unless_said", slots, where, errors)
    return FactRule(**common, fact=values["fact"], equals=accepted, max=values["max"], unless_said=unless_said)


def describe(rule: FactRule) -> list[str]:
    from ..authoring import wording
    from ..authoring.lines import labelled, template_lines

    lines = [labelled("fact", rule.fact)]
    if rule.equals:
        lines.append(labelled("finding", f"when the fact is {wording.value(rule.equals)}"))
    if rule.max is not None:
        lines.append(labelled("finding", f"when the fact is a number above {wording.number(rule.max)}"))
    return lines + template_lines("unless said", rule.unless_said) + [
        labelled("", "a call without the fact is not judged")]


def why(judged: Judged) -> list[str]:
    from ..authoring import wording

    rule = judged.rule
    found = judged.call.fact(rule.fact)
    if found is None or found == "":
        return [f"the call has no {rule.fact}: not judged"]
    limits = ([f"equal to {wording.value(rule.equals)}"] if rule.equals else []) + (
        [f"above {wording.number(rule.max)}"] if rule.max is not None else [])
    verdict = "a finding" if judged.findings else "within the limit"
    return [f"{rule.fact} = {wording.value(found)}; a finding when {' or '.join(limits)}: {verdict}"]


RULE_TYPE = RuleType(name="fact", doc=__doc__, options=OPTIONS, message_fields=("value", "limit"), build=build,
                     describe=describe, why=why, in_script=never_in_scripts)
