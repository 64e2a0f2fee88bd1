"""Shared by the timing rule types: utterances in time order, and numbers as messages show them."""
from __future__ import annotations

from .base import CallContext


def timed_in_order(call: CallContext) -> list[int]:
    """Indices of utterances with both start and end, by start time (ties keep transcript order).

    Vendor ASR output may list the two channels' sentences out of time order; timing rules read the
    call as it happened, while findings still name utterances by their index in the transcript.
    """
    utterances = call.transcript.utterances
    timed = [i for i, u in enumerate(utterances) if u.start is not None and u.end is not None]
    return sorted(timed, key=lambda i: (utterances[i].start, i))


def shown(value: float) -> str:
    """A measured number as a message shows it: at most one decimal, no trailing zero."""
    return f"{round(value, 1):g}"
