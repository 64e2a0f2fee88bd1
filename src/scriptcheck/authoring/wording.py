"""How explanations name things: utterances, spans, numbers, values and lists."""
from __future__ import annotations

from typing import Any, Iterable

from ..checks.base import CallContext
from ..checks.timing import shown

SPEAKER_WORDS = {"agent": "agent", "customer": "customer", "any": "either party"}


def quoted(text: str) -> str:
    return f"「{text}」"


def said(call: CallContext, utterance: int) -> str:
    """``#3 agent 「…」``: an utterance as the transcript has it."""
    spoken = call.transcript.utterances[utterance]
    return f"#{utterance} {spoken.speaker} {quoted(spoken.text)}"


def at(call: CallContext, utterance: int, start: int, end: int) -> str:
    """``#3 [4:7] 「不知道」 in 「…」``: a normalised range shown in the original text."""
    span = call.span(utterance, start, end)
    text = call.transcript.utterances[utterance].text
    where = f"#{utterance} [{span[0]}:{span[1]}] {quoted(text[span[0]:span[1]])}"
    return where if span == (0, len(text)) else f"{where} in {quoted(text)}"


def number(value: float) -> str:
    return shown(value)


def value(raw: Any) -> str:
    if raw is None:
        return "none"
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, (list, tuple)):
        return " or ".join(value(v) for v in raw)
    return str(raw)


def listed(items: Iterable[str], empty: str = "none") -> str:
    items = list(items)
    return ", ".join(items) if items else empty


def utterances(indices: list[int]) -> str:
    return listed((f"#{i}" for i in indices), "no utterance")
