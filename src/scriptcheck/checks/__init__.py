"""Registry of rule types: each module declares ``TYPE``, ``OPTIONS``, ``MESSAGE_FIELDS`` and ``build``."""
from __future__ import annotations

from types import ModuleType

from . import (address, count, duration, fact, forbidden, hold, interruption, rate, required, response,
               sequence, silence)
from .base import COMMON_OPTIONS, CallContext, Rule

RULE_TYPES: dict[str, ModuleType] = {module.TYPE: module for module in (
    required, forbidden, count, response, sequence, address, rate, hold, silence, interruption, duration, fact)}

__all__ = ["RULE_TYPES", "COMMON_OPTIONS", "CallContext", "Rule"]
