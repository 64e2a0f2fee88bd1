"""Gates: per kind of call (channel, direction, timed), the rules whose ``when:`` can still hold.

Most conditions ask first whether the call is a phone call, inbound or outbound: facts every call
has and that a pack can answer for each of their few combinations once, when it is loaded.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from ..checks.base import Rule
from ..conditions import Condition
from ..model import CHANNELS, DIRECTIONS

GateKey = tuple[str, str, bool]  # (channel, direction, timed)


@dataclass(frozen=True)
class Gate:
    unconditional: tuple[int, ...]  # the rules without a firing role whose condition can hold, in pack order
    possible: frozenset[int]  # every rule whose condition can hold
    when: tuple[Condition | None, ...]  # per rule: what is left to ask of its condition (None: nothing)


def gate(rules: tuple[Rule, ...], needs_hits: tuple[bool, ...], known: dict[str, object]) -> Gate:
    whens: list[Condition | None] = []
    possible = []
    for index, rule in enumerate(rules):
        holds, left = (True, None) if rule.when is None else rule.when.settled(known)
        whens.append(left)
        if holds:
            possible.append(index)
    return Gate(unconditional=tuple(index for index in possible if not needs_hits[index]),
                possible=frozenset(possible), when=tuple(whens))


def gates(rules: tuple[Rule, ...], needs_hits: tuple[bool, ...]) -> dict[GateKey, Gate]:
    return {(channel, direction, timed): gate(rules, needs_hits,
                                              {"channel": channel, "direction": direction, "timed": timed})
            for channel, direction, timed in product(CHANNELS, DIRECTIONS, (True, False))}
