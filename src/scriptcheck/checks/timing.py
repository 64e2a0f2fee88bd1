"""Shared by the timing rule types: numbers as messages show them, and a speaker's utterances in time."""
from __future__ import annotations

from .base import CallContext


def shown(value: float) -> str:
    """A measured number as a message shows it: at most one decimal, no trailing zero."""
    return f"{round(value, 1):g}"


def timed_order(call: CallContext, speaker: str) -> tuple[list[int], dict[int, int]]:
    """The speaker's timed utterances in time order, and each one's place in that order (once per call)."""
    return call.once(("timed order", speaker), lambda: _timed_order(call, speaker))


def _timed_order(call: CallContext, speaker: str) -> tuple[list[int], dict[int, int]]:
    own = call.speaker_set(speaker)
    order = [i for i in call.timed_in_order() if i in own]
    return order, {u: p for p, u in enumerate(order)}


def spoken_lengths(call: CallContext, speaker: str) -> list[tuple[int, int, float]]:
    """(utterance, characters, seconds) of the speaker's timed utterances in time order (once per call)."""
    return call.once(("spoken lengths", speaker), lambda: _spoken_lengths(call, speaker))


def _spoken_lengths(call: CallContext, speaker: str) -> list[tuple[int, int, float]]:
    utterances, normalized = call.transcript.utterances, call.normalized
    return [(i, len(normalized[i]), utterances[i].end - utterances[i].start) for i in timed_order(call, speaker)[0]]
