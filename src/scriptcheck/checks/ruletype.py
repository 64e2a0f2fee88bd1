"""What a rule type declares, in one place: its options, how it compiles, how it is explained, where it applies.

Each rule type's module ends with ``RULE_TYPE = RuleType(...)`` and is listed once in ``checks/__init__.py``;
the loader, the engine, ``rules explain`` and ``scriptcheck lint`` read everything they need from it.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Finding
from ..schema import Option
from .base import Rule

if TYPE_CHECKING:
    from ..authoring.context import Judged

FULL_CALL = "call"  # the scene of a script that is a whole call rather than a fragment of one

Build = Callable[[dict[str, Any], dict[str, Any], dict, Any, list], Rule]


def never_in_scripts(rule: Rule, scene: str | None) -> bool:
    """Scripts have no timestamps or telephony facts: timing and fact rules cannot judge them."""
    return False


def in_every_script(rule: Rule, scene: str | None) -> bool:
    return True


def in_whole_call_scripts(rule: Rule, scene: str | None) -> bool:
    return scene == FULL_CALL


def as_is(rule: Rule) -> Rule:
    return rule


@dataclass(frozen=True)
class RuleType:
    """A rule type's declaration.

    - ``name``: the value of ``type:`` in a pack.
    - ``doc``: the module's docstring (``__doc__``); its first paragraph, after the ``type: X`` heading,
      is the type's one-line summary in ``rules explain`` and ``rules list``.
    - ``options``: the type's own keys (beyond ``COMMON_OPTIONS``), validated at load.
    - ``message_fields``: the placeholders its ``message`` may use.
    - ``build(common, values, slots, where, errors)``: the compiled rule; errors are appended, never raised.
    - ``describe(rule)``: the type's own lines of ``rules explain`` (``label: text``, see
      ``authoring.lines``), between the rule's speaker and its penalty.
    - ``why(judged)``: for one call, why the rule fired or not (``rules explain RULE CALL``, failing examples).
      ``describe`` and ``why`` import their helpers from ``authoring`` when called: scoring never loads them.
    - ``in_script(rule, scene)``: whether ``scriptcheck lint`` applies the rule to a script of this scene
      (``FULL_CALL`` for a whole call, a category name, or None); ``as_fragment(rule)`` is the rule as it
      applies to a script that is only a fragment of a call.
    - ``merge_findings(findings)``: given every finding of this type's rules in a call (in pack order),
      the ones to report; None keeps each rule's findings as they are.
    - ``timed``: the rule measures timestamps, so a call without them is not judged.
    """

    name: str
    doc: str
    options: Mapping[str, Option]
    message_fields: tuple[str, ...]
    build: Build
    describe: Callable[[Any], list[str]]
    why: Callable[["Judged"], list[str]]
    in_script: Callable[[Rule, str | None], bool]
    as_fragment: Callable[[Any], Rule] = as_is
    merge_findings: Callable[[list[Finding]], list[Finding]] | None = None
    timed: bool = False

    @property
    def summary(self) -> str:
        """First paragraph of ``doc``, without its ``type: X`` heading."""
        first = " ".join(self.doc.strip().split("\n\n")[0].split())
        heading = f"``type: {self.name}`` — "
        return (first[len(heading):] if first.startswith(heading) else first).replace("``", "")
