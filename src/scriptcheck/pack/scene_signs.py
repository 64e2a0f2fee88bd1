"""Signs: further ways a pack recognises a scene, each holding when every part it gives holds (see ``scenes``).

What a scene and its signs share is here too: the phrases each speaker says, found by the automaton
under the scene's or sign's own key, and the window of a speaker's utterances they count in.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..callend import line_open_after_last
from ..checks.phrase_compile import compile_items
from ..checks.phrase_spec import PhraseSpec, PhraseSpecs
from ..checks.required import LINE_CHECK
from ..conditions import Condition, compile_condition
from ..errors import shown
from ..model import AGENT, CUSTOMER
from ..numbers import number_problem
from ..phrases import Slot
from ..schema import Option, non_negative, positive, suggest, validate

SPEAKER_KEYS = (AGENT, CUSTOMER)
SIGN_OPTIONS: dict[str, Option] = {
    "agent": Option(list, default=[], item=(str, dict), phrases=True, doc="what the agent says"),
    "customer": Option(list, default=[], item=(str, dict), phrases=True, doc="what the customer says"),
    "window": Option(dict, doc="{first: N} or {last: N}: where it is said; line checks (喂) use up no place"),
    "times": Option(int, default=1, check=positive, doc="in at least this many of the speaker's utterances"),
    "when": Option(dict, doc="call facts (as in when:) that must hold as well"),
    "line_open": Option(float, check=non_negative,
                        doc="seconds the line stayed open after the call's last utterance (metadata.call_seconds)"),
}


@dataclass(frozen=True)
class Sign:
    """One more way to recognise a scene: every part it gives must hold."""

    key: int  # its own automaton key, as a scene's
    phrases: tuple[tuple[str, PhraseSpecs], ...]
    window: tuple[str, int] | None
    times: int
    when: Condition | None
    line_open: float | None

    def __post_init__(self) -> None:
        _ = self.unanchored, self.needs_hits

    @cached_property
    def unanchored(self) -> tuple[tuple[str, tuple[PhraseSpec, ...]], ...]:
        return unanchored_of(self.phrases)

    @cached_property
    def needs_hits(self) -> bool:
        """A speaker must say one of phrases that only the automaton finds: without its hits, no sign."""
        return any(specs and not unanchored for (_, specs), (_, unanchored) in zip(self.phrases, self.unanchored))

    def literals(self) -> list[tuple[str, str, int | None]]:
        return literals_of(self.phrases)

    def holds(self, call: Any) -> bool:
        hits = call.hits_by_rule.get(self.key, ())
        if not hits and self.needs_hits:
            return False
        if self.when is not None and not self.when.applies(call):
            return False
        if self.line_open is not None:
            open_for = line_open_after_last(call.transcript)
            if open_for is None or open_for < self.line_open:
                return False
        for (speaker, specs), (_, unanchored) in zip(self.phrases, self.unanchored):
            if specs and not self._said(call, speaker, specs, hits, unanchored):
                return False
        return True

    def _said(self, call: Any, speaker: str, specs: PhraseSpecs, hits: Any, unanchored: tuple) -> bool:
        spoken = call.by_speaker[speaker]
        saying = set(utterances_saying(call, spoken, speaker, specs, hits, unanchored))
        if len(saying) < self.times:
            return False
        if self.window is None:
            return True
        # 「喂？」「您好？」 while the line is checked take no place in the window.
        worded = [u for u in spoken if LINE_CHECK.fullmatch(call.normalized[u]) is None]
        side, size = self.window
        return not saying.isdisjoint(worded[:size] if side == "first" else worded[-size:])


def unanchored_of(phrases: tuple[tuple[str, PhraseSpecs], ...]) -> tuple[tuple[str, tuple[PhraseSpec, ...]], ...]:
    """Per speaker, the phrases without an anchor, which the automaton cannot find."""
    return tuple((speaker, tuple(spec for spec in specs if not spec.anchor)) for speaker, specs in phrases)


def literals_of(phrases: tuple[tuple[str, PhraseSpecs], ...]) -> list[tuple[str, str, int | None]]:
    """Automaton entries for the anchored phrases, with the speaker who must say them as their role."""
    return [(spec.anchor, f"{speaker}:phrase", i) for speaker, specs in phrases
            for i, spec in enumerate(specs) if spec.anchor]


def utterances_saying(call: Any, spoken: list[int], speaker: str, specs: PhraseSpecs, hits: Any,
                      unanchored: tuple) -> list[int]:
    """The utterances among ``spoken`` in which the speaker says one of ``specs``."""
    role = f"{speaker}:phrase"
    within = set(spoken)
    found = [utterance for utterance, found_role, phrase, _, _ in hits
             if found_role == role and utterance in within
             and (specs[phrase].literal or specs[phrase].search(call.normalized[utterance], call.fact) is not None)]
    return found + [u for u in spoken for spec in unanchored if spec.search(call.normalized[u], call.fact) is not None]


def compile_said(values: dict, path: str, slots: dict[str, Slot], intents: Any, where: Any,
                 errors: list) -> tuple[tuple[str, PhraseSpecs], ...]:
    """The ``agent`` / ``customer`` phrases of a scene or sign, each speaker's compiled on its own."""
    phrases = []
    for speaker in SPEAKER_KEYS:
        items = intents.expand(values[speaker], f"{path}.{speaker}", where, errors)
        phrases.append((speaker, PhraseSpecs(compile_items(items, f"{path}.{speaker}", slots, where, errors))))
    return tuple(phrases)


def compile_sign(raw: dict, key: int, path: str, slots: dict[str, Slot], intents: Any, where: Any, errors: list) -> Sign:
    values = validate(raw, SIGN_OPTIONS, where, path, errors, "sign")
    phrases = compile_said(values, path, slots, intents, where, errors)
    when = None
    if values["when"] is not None:
        if "scene" in values["when"]:  # scenes are detected in one pass, each on its own
            errors.append(where.error(f"{path}.when.scene", "a scene cannot be declared by another scene"))
        else:
            when = compile_condition(values["when"], where, errors, key=f"{path}.when", intents=intents)
    if not any(specs for _, specs in phrases) and when is None and values["line_open"] is None:
        errors.append(where.error(path, "a sign needs 'agent' or 'customer' phrases, 'when' or 'line_open'"))
    return Sign(key=key, phrases=phrases, window=compile_window(values["window"], f"{path}.window", where, errors),
                times=values["times"], when=when, line_open=values["line_open"])


def compile_window(raw: Any, path: str, where: Any, errors: list) -> tuple[str, int] | None:
    if raw is None:
        return None
    if len(raw) != 1 or next(iter(raw)) not in ("first", "last"):
        errors.append(where.error(path, "expected {first: N} or {last: N}"
                                  + (suggest(str(next(iter(raw))), ["first", "last"]) if len(raw) == 1 else "")))
        return None
    side, size = next(iter(raw.items()))
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        errors.append(where.error(f"{path}.{side}", f"expected a positive integer, got {shown(size)}"))
        return None
    if problem := number_problem(size):
        errors.append(where.error(f"{path}.{side}", problem))
        return None
    return side, size
