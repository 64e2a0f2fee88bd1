"""Which rules of a pack apply to a script, by its scene.

A script is not a whole call unless it says ``scene: call``. Each rule type says where its rules apply
(``RuleType.in_script``): forbidden phrases and over-use (count rules with ``max``) are checked in every
script; ``scene: opening`` adds the required phrases of category ``opening``, ``scene: closing`` those of
``closing`` (any scene named like a category does the same); ``scene: call`` applies every rule. Scripts
have no timestamps or telephony facts, so timing and fact rules never apply.

A fragment (anything but ``scene: call``) is a piece of a conversation in which the customer takes
part, so rules for a silent line (``when: {customer_silent: true}``, or a scene the pack declares by
``customer_silent: true``) never apply to it, and rules for a normal call apply even when the fragment
gives the customer no lines.
"""
from __future__ import annotations

from dataclasses import replace
from fnmatch import fnmatchcase
from typing import Iterable

from ..checks import RULE_TYPES
from ..checks.base import Rule
from ..checks.ruletype import FULL_CALL
from ..conditions import SCENE, Condition
from ..pack.rulepack import RulePack
from ..pack.scenes import Scenes


def applies_to_scene(rule: Rule, scene: str | None) -> bool:
    return RULE_TYPES[rule.type].in_script(rule, scene)


def as_fragment_rule(rule: Rule, impossible: frozenset[str] = frozenset()) -> Rule | None:
    """The rule for a fragment of a call: as its type has it (a count without ``min``), customer taken as not
    silent; None if it cannot apply.

    ``impossible``: the pack's scenes a fragment can never be in (those only a silent customer declares).
    """
    rule = RULE_TYPES[rule.type].as_fragment(rule)
    if rule.when is None:
        return rule
    when = as_fragment_condition(rule.when, impossible)
    if when is None:
        return None
    return replace(rule, when=when if when.tests or when.refused else None)


def as_fragment_condition(condition: Condition, impossible: frozenset[str] = frozenset()) -> Condition | None:
    """The condition with the customer taken as not silent; None when it can then never hold."""
    tests = []
    for fact, accepted in condition.tests:
        if fact == "customer_silent":
            if False not in accepted:
                return None
            continue
        if fact == SCENE and impossible.issuperset(accepted):
            return None
        tests.append((fact, accepted))
    refused = []
    for fact, values in condition.refused:
        if fact == "customer_silent":
            if False in values:
                return None
            continue
        if fact == SCENE:
            values = tuple(v for v in values if v not in impossible)
            if not values:
                continue
        refused.append((fact, values))
    return Condition(tuple(tests), tuple(refused))


def fragment_scenes(scenes: Scenes) -> Scenes:
    """The pack's scenes for fragments: a fact that needs a silent customer never declares one."""
    adapted = []
    for scene in scenes:
        facts = tuple(c for c in map(as_fragment_condition, scene.facts) if c is not None)
        adapted.append(replace(scene, facts=facts) if facts != scene.facts else scene)
    return Scenes(tuple(adapted))


def impossible_scenes(scenes: Scenes) -> frozenset[str]:
    """Scenes that nothing but a silent customer declares: a fragment is never in them."""
    return frozenset(scene.name for scene in fragment_scenes(scenes)
                     if not scene.facts and not scene.signs and not any(specs for _, specs in scene.phrases))


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
        impossible = impossible_scenes(self.pack.scenes)
        for index, rule in enumerate(self.pack.rules):
            if any(fnmatchcase(rule.id, pattern) for pattern in self.disabled):
                continue
            if not applies_to_scene(rule, scene):
                continue
            if scene != FULL_CALL:
                rule = as_fragment_rule(rule, impossible)
                if rule is None:
                    continue
            position[index] = len(kept)
            kept.append(rule)
        # Negative keys are the scenes' phrases (pack/scenes.py): kept as they are.
        listeners = tuple(
            tuple((position.get(rule, rule), role, phrase) for rule, role, phrase in listening
                  if rule in position or rule < 0)
            for listening in self.pack.listeners)
        scenes = self.pack.scenes if scene == FULL_CALL else fragment_scenes(self.pack.scenes)
        return replace(self.pack, rules=tuple(kept), listeners=listeners, scenes=scenes)

    def reported_rules(self) -> list[Rule]:
        """The rules a script can be reported for, in pack order (for SARIF's rule list)."""
        return [rule for rule in self.pack.rules if applies_to_scene(rule, FULL_CALL)
                and not any(fnmatchcase(rule.id, pattern) for pattern in self.disabled)]
