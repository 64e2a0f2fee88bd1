"""Why a phrase occurrence did not count: the candidates ``find_hits`` dropped, and other speakers' hits."""
from __future__ import annotations

from ..checks.phrase_hits import Hit, PhraseSpec, find_hits
from typing import TYPE_CHECKING

from ..model import AGENT, CUSTOMER
from .wording import at

if TYPE_CHECKING:
    from .context import Judged

Uncounted = tuple[int, int, str]  # utterance, start, the line saying why: sorts into reading order


def phrase_hits(judged: Judged, specs: tuple[PhraseSpec, ...], speaker: str, group: str = "",
                ) -> tuple[list[Hit], list[Uncounted]]:
    """The rule's confirmed hits for ``speaker``, and every candidate that did not count."""
    trace: list = []
    hits = find_hits(judged.call, judged.index, specs, speaker, group, trace)
    uncounted = [(u, s, uncounted_line(judged, u, s, e, specs[p], reason)) for u, s, e, p, reason in trace]
    if speaker != "any":
        other = CUSTOMER if speaker == AGENT else AGENT
        for hit in find_hits(judged.call, judged.index, specs, other, group):
            uncounted.append((hit.utterance, hit.start, uncounted_line(
                judged, hit.utterance, hit.start, hit.end, specs[hit.phrase], f"other speaker ({other})")))
    return hits, uncounted


def uncounted_line(judged: Judged, utterance: int, start: int, end: int, spec: PhraseSpec, reason: str) -> str:
    return f"not counted: {at(judged.call, utterance, start, end)} (phrase {spec.described()}): {reason}"


def in_order(uncounted: list[Uncounted]) -> list[str]:
    return [line for *_, line in sorted(uncounted)]


def hit_line(judged: Judged, hit: Hit, specs: tuple[PhraseSpec, ...], what: str = "hit") -> str:
    return f"{what}: {at(judged.call, hit.utterance, hit.start, hit.end)} (phrase {specs[hit.phrase].described()})"
