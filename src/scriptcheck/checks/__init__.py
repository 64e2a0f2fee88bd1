"""Registry of rule types: each module declares everything about its type in ``RULE_TYPE`` (see ``ruletype``)."""
from __future__ import annotations

from . import (address, count, declined, duration, fact, forbidden, hangup_wait, hold, interruption, privacy, rate, readback,
               required, response, sequence, silence)
from .base import COMMON_OPTIONS, CallContext, Rule
from .ruletype import RuleType

RULE_TYPES: dict[str, RuleType] = {module.RULE_TYPE.name: module.RULE_TYPE for module in (
    required, forbidden, count, response, sequence, address, rate, hold, silence, interruption, duration, fact, readback,
    privacy, hangup_wait, declined)}

__all__ = ["RULE_TYPES", "COMMON_OPTIONS", "CallContext", "Rule", "RuleType"]
