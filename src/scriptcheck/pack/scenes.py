"""Scenes: what kind of call this is (a complaint, a transfer, a callback, a nuisance call …), defined in the pack.

```yaml
scenes:
  callback:
    description: 查询时间过长，请客户先挂机、稍后回复
    source: 000 …◆若查询时间过长,需客户挂机,稍候再回复时
    agent: ["请您先挂机{*}回复", {intent: callback_offer}]   # what the agent says that marks the scene
    customer: []                                             # what the customer says that marks it
    window: {last: 3}                                        # where those phrases count (default: anywhere)
    facts: [{metadata.callback: true}]                       # call facts (the `when:` syntax), any one declares it
    examples: {hit: [dialogue], pass: [dialogue]}
rules:
  - id: callback.closing
    when: {scene: callback}
  - id: closing.anything_else
    when: {scene: {not: [callback, transfer]}}
```

A scene holds for a call when the transcript's ``metadata.scene`` names it (a name, names separated by commas,
or a list), when one
of its ``facts`` mappings holds, when its ``agent`` / ``customer`` phrases are said by that speaker in
the window, or when every part of one of its ``signs`` holds — a sign combines what is said, how often,
where, the call's facts and how long the line stayed open after the last word:

```yaml
  poor_line:
    agent: [{intent: poor_line_end}]
    window: {last: 2}
    signs:
      - agent: [{intent: cannot_hear_customer}]   # the agent cannot hear the customer …
        window: {last: 1}                         # … in its last words (「喂？」 alone does not count) …
        times: 2                                  # … and had said so before
        when: {metadata.hangup_by: {not: customer}}
```

Phrases are matched exactly (never fuzzily): a scene exempts rules, so it must not be guessed.
Scenes are detected once per call, and only when a rule asks for one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..checks.phrase_spec import PhraseSpec, PhraseSpecs
from ..conditions import Condition, compile_condition
from ..phrases import Slot
from ..schema import Option, validate
from ..schema import examples as validated_examples
from .scene_signs import Sign, compile_said, compile_sign, compile_window, literals_of, unanchored_of

SCENE_NAME_FACT = "metadata.scene"
SCENE_OPTIONS: dict[str, Option] = {
    "description": Option(str, default="", doc="what the scene is, in words"),
    "source": Option(str, default="", doc="standard file and section"),
    "agent": Option(list, default=[], item=(str, dict), phrases=True, doc="what the agent says that marks it"),
    "customer": Option(list, default=[], item=(str, dict), phrases=True, doc="what the customer says that marks it"),
    "window": Option(dict, doc="{first: N} or {last: N} of each speaker's utterances; whole call if absent"),
    "facts": Option(list, default=[], item=dict, doc="call facts (as in when:), any one of which declares it"),
    "signs": Option(list, default=[], item=dict, doc="further ways to recognise it, each holding when all its parts do"),
    "examples": Option(dict, doc="hit / pass example dialogues"),
}


@dataclass(frozen=True)
class Scene:
    name: str
    key: int  # the automaton key its phrases are found under (negative: never a rule's index)
    description: str
    source: str
    phrases: tuple[tuple[str, PhraseSpecs], ...]  # (speaker, phrases that speaker says)
    window: tuple[str, int] | None
    facts: tuple[Condition, ...]
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)
    signs: tuple[Sign, ...] = ()

    @cached_property
    def searched(self) -> bool:
        """Some phrase of the scene is searched in every utterance of its window (not found by the automaton)."""
        return any(unanchored for _, unanchored in self.unanchored)

    @cached_property
    def unanchored(self) -> tuple[tuple[str, tuple[PhraseSpec, ...]], ...]:
        """Phrases the automaton cannot find (no literal anchor): searched in every utterance of the window."""
        return unanchored_of(self.phrases)

    def literals(self) -> list[tuple[str, str, int | None]]:
        return literals_of(self.phrases)

    def keyed_literals(self) -> list[tuple[int, str, str, int | None]]:
        """The literals of the scene and of its signs, each with the automaton key it is found under."""
        return [(owner.key, *literal) for owner in (self, *self.signs) for literal in owner.literals()]

    def holds(self, call: Any, named: tuple[str, ...]) -> bool:
        if self.name in named:
            return True
        for condition in self.facts:
            if condition.applies(call):
                return True
        hits = call.hits_by_rule.get(self.key, ())
        if hits or self.searched:
            for (speaker, specs), (_, unanchored) in zip(self.phrases, self.unanchored):
                if (hits or unanchored) and self._said(call, speaker, specs, hits, unanchored):
                    return True
        for sign in self.signs:
            if sign.holds(call):
                return True
        return False

    def _said(self, call: Any, speaker: str, specs: PhraseSpecs, hits: Any, unanchored: tuple) -> bool:
        spoken = call.by_speaker[speaker]
        if self.window is not None:
            side, size = self.window
            spoken = spoken[:size] if side == "first" else spoken[-size:]
        if not spoken:
            return False
        role = f"{speaker}:phrase"
        for utterance, found_role, phrase, _, _ in hits:
            if found_role == role and utterance in spoken:
                spec = specs[phrase]
                if spec.literal or spec.search(call.normalized[utterance], call.fact) is not None:
                    return True
        return any(spec.search(call.normalized[u], call.fact) is not None for spec in unanchored for u in spoken)


@dataclass(frozen=True)
class Scenes:
    """The pack's scenes, in the order they are defined."""

    scenes: tuple[Scene, ...] = ()

    def __iter__(self):
        return iter(self.scenes)

    def __len__(self) -> int:
        return len(self.scenes)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(scene.name for scene in self.scenes)

    def detect(self, call: Any) -> frozenset[str]:
        """The scenes this call is in (``call``: a CallContext)."""
        if not self.scenes:
            return frozenset()
        named = call.transcript.fact(SCENE_NAME_FACT)
        if isinstance(named, list):
            named = tuple(map(str, named))
        else:  # a text transcript's header is one string: 「# scene: callback, complaint」
            named = tuple(name.strip() for name in str(named).split(",")) if named is not None else ()
        return frozenset(scene.name for scene in self.scenes if scene.holds(call, named))


def scene_key(position: int) -> int:
    """The automaton key of the scene at ``position``: negative, so that it is never a rule's index."""
    return -1 - position


def compile_scenes(definitions: dict[str, tuple[Any, Any]], slots: dict[str, Slot], intents: Any,
                   errors: list) -> Scenes:
    """``definitions``: name -> (where, raw mapping), a child pack's definition replacing its parent's."""
    compiled = []
    sign_keys = iter(range(len(definitions), 1 << 30))  # signs take the automaton keys after the scenes'
    for position, (name, (where, raw)) in enumerate(definitions.items()):
        path = f"scenes.{name}"
        values = validate(raw, SCENE_OPTIONS, where, path, errors, "scene")
        phrases = compile_said(values, path, slots, intents, where, errors)
        facts = []
        for i, mapping in enumerate(values["facts"]):
            if "scene" in mapping:  # scenes are detected in one pass, each on its own
                errors.append(where.error(f"{path}.facts[{i}].scene", "a scene cannot be declared by another scene"))
                continue
            condition = compile_condition(mapping, where, errors, key=f"{path}.facts[{i}]")
            if condition is not None:
                facts.append(condition)
        signs = tuple(compile_sign(sign, scene_key(next(sign_keys)), f"{path}.signs[{i}]", slots, intents, where, errors)
                      for i, sign in enumerate(values["signs"]))
        if not facts and not signs and not any(specs for _, specs in phrases) and isinstance(raw, dict):
            errors.append(where.error(path, "a scene needs 'agent' or 'customer' phrases, 'facts' or 'signs' "
                                            "(metadata.scene names it in any case)"))
        compiled.append(Scene(name=str(name), key=scene_key(position), description=values["description"],
                              source=values["source"], phrases=phrases,
                              window=compile_window(values["window"], f"{path}.window", where, errors), facts=tuple(facts),
                              examples=validated_examples(values["examples"], path, where, errors, "dialogues"),
                              signs=signs))
    return Scenes(tuple(compiled))
