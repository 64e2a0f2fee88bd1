"""``when:`` — conditions on call facts that decide whether a rule applies to a call.

Every key must hold; a list value means any of its values; ``{not: VALUE or LIST}`` means none of them.
Besides the transcript's facts, a condition may ask whether a party said an intent of the pack
(``agent_said: sales_offer``): the disclosures a sale requires are owed only where something is sold.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Collection, Protocol

from .errors import shown
from .callfacts import DAY_KINDS, DERIVED_FACTS, TIMES_OF_DAY
from .model import AGENT, CHANNELS, CUSTOMER, INBOUND, OUTBOUND, Transcript
from .schema import suggest

if TYPE_CHECKING:
    from .pack.intents import Intents

FACT_PREFIXES = ("agent.", "customer.", "metadata.")
SAID_FACTS = {"agent_said": AGENT, "customer_said": CUSTOMER}  # condition key -> whose utterances are read
_DIRECTIONS = (INBOUND, OUTBOUND)
_SPEAKERS = (AGENT, CUSTOMER)


SCENE = "scene"


@dataclass(frozen=True)
class Condition:
    tests: tuple[tuple[str, tuple[Any, ...]], ...]  # (fact, accepted values); all must hold
    # (fact, refused values): none may hold (``{not: …}``)
    refused: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    # (interned question, fact, values, answer wanted), tests first: a plain attribute, read faster than a
    # cached property for every rule of every call.
    _questions: tuple[tuple[str, str, tuple[Any, ...], bool], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_questions", tuple(
            (sys.intern(f"when {fact} {values!r}"), fact, values, wanted)
            for tests, wanted in ((self.tests, True), (self.refused, False)) for fact, values in tests))

    def applies(self, call: "CallFacts") -> bool:
        # This runs for every rule of every call, and most rules ask the same few questions (inbound? not
        # in a scene of its own?): each answer is kept for the call, under a text naming the question
        # (a string keeps its hash; a tuple would be hashed again at every look-up).
        known = call.memo
        for key, fact, values, wanted in self._questions:
            answer = known.get(key)
            if answer is None:
                answer = known[key] = holds(call, fact, values)
            if answer is not wanted:
                return False
        return True

    def settled(self, known: dict[str, Any]) -> tuple[bool, "Condition | None"]:
        """Whether the condition can hold for a call whose ``known`` facts (name -> value) are given, and
        what is still to be asked of such a call (None: nothing, it holds)."""
        left: tuple[list, list] = ([], [])
        for kept, tests, wanted in ((left[0], self.tests, True), (left[1], self.refused, False)):
            for fact, values in tests:
                if fact not in known:
                    kept.append((fact, values))
                elif _holds_for(fact, known[fact], values) is not wanted:
                    return False, None
        if not left[0] and not left[1]:
            return True, None
        return True, Condition(tuple(left[0]), tuple(left[1]))


def holds(call: "CallFacts", fact: str, accepted: tuple[Any, ...]) -> bool:
    """The call's ``fact`` has one of the ``accepted`` values (``speakers``: all of them speak)."""
    if fact == SCENE:
        return not call.scenes().isdisjoint(accepted)
    if fact == "speakers":
        present = {u.speaker for u in call.transcript.utterances}
        return all(speaker in present for speaker in accepted)
    if fact in SAID_FACTS:
        return any(_said(call, SAID_FACTS[fact], intent) for intent in accepted)
    if fact in DERIVED_FACTS:
        return call.derived(fact) in accepted
    return _matches(call.transcript.fact(fact), accepted)


def _holds_for(fact: str, value: Any, accepted: tuple[Any, ...]) -> bool:
    # ``holds`` for a fact whose value is known without reading a call (channel, direction, timed).
    return value in accepted if fact in DERIVED_FACTS else _matches(value, accepted)


class CallFacts(Protocol):
    transcript: Transcript
    normalized: list[str]
    by_speaker: dict[str, list[int]]
    memo: dict[object, Any]

    def derived(self, name: str) -> object: ...

    def fact(self, path: str) -> Any: ...

    def joined(self, speaker: str) -> str: ...

    def scenes(self) -> frozenset[str]: ...


class Phrases(Protocol):
    def in_any(self, texts: list[str], joined: str, fact: Callable[[str], object]) -> bool: ...


@dataclass(frozen=True)
class SaidIntent:
    """An intent a ``*_said`` condition looks for: shown by its name, matched with its compiled alternatives."""

    name: str
    phrases: Phrases = field(compare=False, repr=False)

    def __str__(self) -> str:
        return self.name


def _said(call: CallFacts, speaker: str, intent: SaidIntent) -> bool:
    key = ("said", speaker, intent.name)  # several rules of a pack may ask the same question of one call
    found = call.memo.get(key)
    if found is None:
        texts = [call.normalized[u] for u in call.by_speaker[speaker]]
        found = call.memo[key] = intent.phrases.in_any(texts, call.joined(speaker), call.fact)
    return found




def _matches(value: Any, accepted: tuple[Any, ...]) -> bool:
    if isinstance(value, list):  # a metadata list (``scene: [callback, complaint]``) holds each of its items
        return any(_matches(item, accepted) for item in value)
    for expected in accepted:
        if expected is None:
            if value is None:
                return True
        elif value is not None and (value == expected or str(value) == str(expected)):
            return True
    return False


def compile_condition(raw: Any, where: Any, errors: list, scenes: Collection[str] = (),
                      key: str = "when", intents: "Intents | None" = None) -> Condition | None:
    """Validate a ``when:`` mapping; report problems through ``where`` (relative key paths).

    ``scenes`` are the names the pack's ``scenes:`` define; without them ``scene`` is no known fact.
    ``intents`` are the pack's intents, which ``agent_said`` / ``customer_said`` name.
    """
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append(where.error(key, "expected a mapping of call facts, e.g. {direction: outbound}"))
        return None
    tests = []
    refused = []
    for fact, value in raw.items():
        path = f"{key}.{fact}"
        negated = isinstance(value, dict) and list(value) == ["not"]
        if negated:
            value = value["not"]
            path += ".not"
        elif isinstance(value, dict):
            errors.append(where.error(path, "expected a value, a list of values or {not: VALUE or LIST}"))
            continue
        accepted = tuple(value) if isinstance(value, list) else (value,)
        if negated and fact == "speakers":
            errors.append(where.error(path, "speakers cannot be negated; list who must speak"))
            continue
        if fact == SCENE:
            bad = [v for v in accepted if not isinstance(v, str) or v not in scenes]
            if bad:
                errors.append(where.error(path, f"unknown scene {shown(bad[0])}" + suggest(str(bad[0]), list(scenes))
                                          + ("" if scenes else " (the pack defines no scenes)")))
                continue
        elif fact == "direction":
            bad = [v for v in accepted if v not in _DIRECTIONS]
            if bad:
                errors.append(where.error(path, f"direction must be inbound or outbound, got {shown(bad[0])}"))
                continue
        elif fact == "channel":
            bad = [v for v in accepted if v not in CHANNELS]
            if bad:
                errors.append(where.error(path, f"channel must be phone or chat, got {shown(bad[0])}"
                                          + suggest(str(bad[0]), list(CHANNELS))))
                continue
        elif fact == "speakers":
            bad = [v for v in accepted if v not in _SPEAKERS]
            if bad:
                errors.append(where.error(path, f"speakers must be agent and/or customer, got {shown(bad[0])}"))
                continue
        elif fact in ("customer_silent", "timed"):
            if any(not isinstance(v, bool) for v in accepted):
                errors.append(where.error(path, f"{fact} must be true or false"))
                continue
        elif fact in ("day", "time_of_day"):
            allowed = DAY_KINDS if fact == "day" else TIMES_OF_DAY
            bad = [v for v in accepted if v not in allowed]
            if bad:
                errors.append(where.error(path, f"{fact} must be one of {', '.join(allowed)}, got {shown(bad[0])}"
                                          + suggest(str(bad[0]), list(allowed))))
                continue
        elif fact in SAID_FACTS:
            said = _said_intents(accepted, intents, where, path, errors)
            if said is not None:
                (refused if negated else tests).append((fact, said))
            continue
        elif not (isinstance(fact, str) and fact.startswith(FACT_PREFIXES) and len(fact.split(".", 1)[1]) > 0):
            errors.append(where.error(path, "unknown call fact; use direction, channel, speakers, scene, customer_silent, "
                                            "timed, day, time_of_day, agent_said, customer_said, agent.KEY, customer.KEY "
                                            "or metadata.KEY"
                                      + suggest(str(fact), ["direction", "channel", "speakers", SCENE, *DERIVED_FACTS,
                                                            *SAID_FACTS])))
            continue
        if any(isinstance(v, (dict, list)) for v in accepted):
            errors.append(where.error(path, "expected a scalar or a list of scalars"))
            continue
        (refused if negated else tests).append((fact, accepted))
    return Condition(tuple(tests), tuple(refused))


def _said_intents(names: tuple[Any, ...], intents: "Intents | None", where: Any, path: str,
                  errors: list) -> tuple[SaidIntent, ...] | None:
    if not names:
        errors.append(where.error(path, "expected an intent name or a list of them, got an empty list"))
        return None
    compiled = intents.compiled if intents is not None else {}
    said = []
    for name in names:
        if not isinstance(name, str) or not name:
            errors.append(where.error(path, f"expected an intent name or a list of them, got {shown(name)}"))
            return None
        if name not in compiled:
            if intents is None or name not in intents:  # a defined but broken intent was reported already
                errors.append(where.error(path, f"unknown intent {shown(name)}" + suggest(name, list(compiled))
                                          + ("" if compiled else " (the pack defines no intents)")))
            return None
        said.append(SaidIntent(name, compiled[name].specs))
    return tuple(said)
