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
from typing import Any

from ..model import Finding
from ..pack.schema import Option
from .base import CallContext, Rule, format_message
from ..numbers import as_decimal
from .timing import shown

TYPE = "fact"
OPTIONS: dict[str, Option] = {
    "fact": Option(str, required=True, check=lambda v: None if v.startswith(("metadata.", "agent.", "customer."))
                   and len(v.split(".", 1)[1]) > 0 else "expected metadata.KEY, agent.KEY or customer.KEY",
                   doc="the call fact"),
    "equals": Option((str, int, float, bool, list), doc="a finding when the fact has this value"),
    "max": Option(float, doc="a finding when the fact is a number above this"),
}
MESSAGE_FIELDS = ("value", "limit")


@dataclass(frozen=True)
class FactRule(Rule):
    fact: str = ""
    equals: tuple[Any, ...] = ()
    max: float | None = None

    def check(self, call: CallContext, index: int) -> list[Finding]:
        value = call.fact(self.fact)
        if value is None or value == "":
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
    return FactRule(**common, fact=values["fact"], equals=accepted, max=values["max"])
