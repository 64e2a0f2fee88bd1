"""When the call ended, and who ended it: the call system's ``metadata.call_seconds`` and ``hangup_by``.

Utterance timestamps count seconds from the start of the call; ``call_seconds`` is the call's length on
the same clock (answer to hang-up), so the time between the last word and the hang-up is known only
where both are: the wait after 「如果没有请挂机」, a customer who stays on the line after the goodbye.
"""
from __future__ import annotations

from .model import Transcript
from .numbers import as_decimal

CALL_SECONDS = "metadata.call_seconds"
HANGUP_BY = "metadata.hangup_by"


def call_end(call: Transcript) -> float | None:
    """The call's length in seconds, when the call system gives it."""
    value = call.fact(CALL_SECONDS)
    if value is None or isinstance(value, bool):
        return None
    return as_decimal(value)


def hung_up_by(call: Transcript) -> str | None:
    value = call.fact(HANGUP_BY)
    return str(value).casefold() if value is not None else None


def line_open_after(call: Transcript, utterance: int) -> float | None:
    """Seconds from the end of ``utterance`` to the end of the call, when both are known."""
    end, said = call_end(call), call.utterances[utterance].end
    if end is None or said is None or end < said:
        return None  # a length shorter than the words is a clock of its own: nothing can be told
    return end - said


def line_open_after_last(call: Transcript) -> float | None:
    """Seconds the line stayed open after the call's last utterance, when every utterance is timed."""
    if not call.utterances or any(u.end is None for u in call.utterances):
        return None
    last = max(range(len(call.utterances)), key=lambda i: call.utterances[i].end)
    return line_open_after(call, last)
