"""Why a timing rule fired or not: the measured values against the rule's limits.

The measurements come from the rule's own check run with its limits set to zero (``probe``), so that
every value it measures is reported — the explanation cannot drift from what the engine measures.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import Finding
from .wording import number

if TYPE_CHECKING:
    from .context import Judged


def timing(judged: Judged, measure: Callable[[Judged], list[str]]) -> list[str]:
    """``measure``'s lines, after saying which utterances carry no timestamps (and none: not judged)."""
    timed = judged.call.timed_in_order()
    if not timed:
        return ["no timestamps: not judged"]
    total = len(judged.call.transcript.utterances)
    lines = [] if len(timed) == total else [f"only {len(timed)} of {total} utterances carry start and end; "
                                             "the others are not measured"]
    return lines + measure(judged)


def probe(judged: Judged, **limits: float | None) -> list[Finding]:
    """The rule's findings on this call with other limits: ``max=0.0`` reports every value measured."""
    return replace(judged.rule, **limits).check(judged.call, judged.index)


def limits_text(unit: str, **limits: float | None) -> str:
    words = {"max": "at most", "min": "at least"}
    return ", ".join(f"{words[k]} {number(v)} {unit}" for k, v in limits.items() if v is not None)
