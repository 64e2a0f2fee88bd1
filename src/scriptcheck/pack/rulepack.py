"""A compiled, validated rule pack: rules, scoring and the one phrase automaton they share."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..automaton import PhraseIndex
from ..checks.base import Rule
from ..phrases import Slot
from ..scoring import Scoring
from .gates import Gate, GateKey, gate, gates
from .intents import Intent
from .scenes import Scenes


@dataclass(frozen=True)
class RulePack:
    """A compiled rule pack, validated once when loaded (``load_rules``) and shared by every call checked.

    ``rules`` are the compiled rules in pack order, ``scoring`` the base, pass mark and deductions per
    severity, ``scenes`` and ``intents`` what the rules' conditions and phrases refer to. A pack pickles
    by its source texts (``layers``), so worker processes rebuild it rather than copy compiled objects.
    """

    name: str
    version: str
    description: str
    file: str
    scoring: Scoring
    slots: dict[str, Slot]
    rules: tuple[Rule, ...]
    index: PhraseIndex
    # literal id -> (rule index, role, phrase index) of every rule that listens for that literal
    listeners: tuple[tuple[tuple[int, str, int | None], ...], ...]
    # (file, text) of every pack in the extends chain, root first: enough to rebuild the pack in
    # another process (the compiled automaton and RE2 objects cannot be pickled themselves).
    layers: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)
    # intent name -> compiled intent (rules hold their own copies of the alternatives they use)
    intents: dict[str, Intent] = field(default_factory=dict, repr=False, compare=False)
    # the kinds of call rules can be limited to (``when: {scene: …}``), detected once per call when asked
    scenes: Scenes = field(default_factory=Scenes, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Worked out now, in the process that loads the pack: worked out on a worker's first call, reading
        # every listener would copy the pages the forked workers share with it.
        _ = self.needs_hits, self.fires, self.unconditional, self.gates, self.ungated

    def __dask_tokenize__(self):
        # Dask names tasks by their arguments; a pack is identified by the texts it was built from.
        return ("scriptcheck.RulePack", self.layers)

    def __reduce__(self):
        from .loader import rebuild_cached

        return (rebuild_cached, (self.layers,))

    @cached_property
    def needs_hits(self) -> tuple[bool, ...]:
        """Per rule: it can only fire where the automaton found a phrase of its firing role (else it is skipped)."""
        return tuple(rule.firing_role() is not None for rule in self.rules)

    @cached_property
    def unconditional(self) -> tuple[int, ...]:
        """The rules that run whatever the automaton found (they have no firing role), in pack order."""
        return tuple(index for index, needs in enumerate(self.needs_hits) if not needs)

    @cached_property
    def gates(self) -> dict[GateKey, Gate]:
        """(channel, direction, timed) -> the rules a call of that kind can run and what is left of their ``when``."""
        return gates(self.rules, self.needs_hits)

    @cached_property
    def ungated(self) -> Gate:
        """Every rule with its whole ``when``: for a call none of the gates describes."""
        return gate(self.rules, self.needs_hits, {})

    @cached_property
    def fires(self) -> tuple[tuple[int, ...], ...]:
        """Literal id -> the rules it can make fire: it is one of their firing role's phrases.

        Worked out from the rules and their listeners, so a view of the pack (lint's, per scene) that
        keeps some rules and renumbers them has its own."""
        roles = [rule.firing_role() for rule in self.rules]
        return tuple(tuple(sorted({index for index, role, _ in entries if index >= 0 and role == roles[index]}))
                     for entries in self.listeners)

    @cached_property
    def caps(self) -> dict[str, tuple[float | None, float | None]]:
        """Rule id -> (max_deduction, max_fine): the per-call caps scoring applies."""
        return {rule.id: (rule.max_deduction, rule.max_fine) for rule in self.rules}

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)
