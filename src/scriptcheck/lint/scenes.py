"""Which rules of a pack apply to a script, by its scene.

A script is not a whole call unless it says ``scene: call``. Each rule type says where its rules apply
(``RuleType.in_script``): forbidden phrases and over-use (count rules with ``max``) are checked in every
script; ``scene: opening`` adds the required phrases of category ``opening``, ``scene: closing`` those of
``closing`` (any scene named like a category does the same); ``scene: call`` applies every rule. Scripts
have no timestamps or telephony facts, so timing and fact rules never apply.

A fragment (anything but ``scene: call``) is a piece of a conversation in which the customer takes
part, so rules for a silent line (``when: {customer_silent: true}``) never apply to it, and rules for a
normal call apply even when the fragment gives the customer no lines.
"""
from __future__ import annotations

from dataclasses import replace
from fnmatch import fnmatchcase
from typing import Iterable

from ..checks import RULE_TYPES
from ..checks.base import Rule
from ..checks.ruletype import FULL_CALL
from ..conditions import Condition
from ..pack.rulepack import RulePack


def applies_to_scene(rule: Rule, scene: str | None) -> bool:
    return RULE_TYPES[rule.type].in_script(rule, scene)


def as_fragment_rule(rule: Rule) -> Rule | None:
    """The rule for a fragment of a call: as its type has it (a count without ``min``), customer taken as not
    silent; None if it cannot apply."""
    rule = RULE_TYPES[rule.type].as_fragment(rule)
    if rule.when is None:
        return rule
    tests = []
    for fact, accepted in rule.when.tests:
        if fact == "customer_silent":
            if False not in accepted:
                return None
            continue
        tests.append((fact, accepted))
    return replace(rule, when=Condition(tuple(tests)) if tests else None)


class SceneRules:
    """Views of one pack for each scene, compiled once: the pack's automaton with fewer rules listening."""

    def __init__(self, pack: RulePack, disabled: Iterable[str] = ()) -> None:
        self.pack = pack
        self.disabled = tuple(disabled)
        self._views: dict[str | None, RulePack] = {}

    def for_scene(self, scene: str | None) -> RulePack:
        if scene not in self._views:
            self._views[scene] = self._view(scene)
        return self._views[scene]

    def _view(self, scene: str | None) -> RulePack:
        kept: list[Rule] = []
        position: dict[int, int] = {}
        for index, rule in enumerate(self.pack.rules):
            if any(fnmatchcase(rule.id, pattern) for pattern in self.disabled):
                continue
            if not applies_to_scene(rule, scene):
                continue
            if scene != FULL_CALL:
                rule = as_fragment_rule(rule)
                if rule is None:
                    continue
            position[index] = len(kept)
            kept.append(rule)
        listeners = tuple(
            tuple((position[rule], role, phrase) for rule, role, phrase in listening if rule in position)
            for listening in self.pack.listeners)
        return replace(self.pack, rules=tuple(kept), listeners=listeners)

    def reported_rules(self) -> list[Rule]:
        """The rules a script can be reported for, in pack order (for SARIF's rule list)."""
        return [rule for rule in self.pack.rules if applies_to_scene(rule, FULL_CALL)
                and not any(fnmatchcase(rule.id, pattern) for pattern in self.disabled)]
