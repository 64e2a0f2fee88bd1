"""Whether phrases were said, for the ``why`` of the types built on ``checks/said.py`` (required, response,
sequence, …): the exact match, or the closest try.

These mirror the checks in ``checks/said.py``: an exact match in one utterance or in a run of
consecutive ones first, then the most similar utterance against the rule's fuzzy threshold.
"""
from __future__ import annotations

from ..checks.base import CallContext
from ..checks.fuzzy import similarity
from ..checks.phrase_spec import PhraseSpec
from ..checks.said import consecutive_runs
from ..model import Closest
from .wording import at, number, quoted, said, utterances


def verdict(call: CallContext, templates: tuple[PhraseSpec, ...], window: list[int], threshold: float,
            exact_first: bool = True) -> list[str]:
    """Said exactly, accepted by fuzzy matching, or missing with the closest candidate."""
    found = exact_match(call, templates, window) if exact_first else None
    if found:
        return [f"said exactly: {found}"]
    near = nearest(call, templates, window)
    if near is None:
        return ["missing: nothing in the window to compare"]
    closest, template = near
    candidate = f"{said(call, closest.utterance)} vs phrase {template.described()}"
    if closest.similarity >= threshold:
        return [f"no exact match; accepted by fuzzy matching: {candidate}, "
                f"similarity {number(closest.similarity)} ≥ {number(threshold)}"]
    return [f"missing; closest: {candidate}, similarity {number(closest.similarity)} < {number(threshold)}"]


def exact_match(call: CallContext, templates: tuple[PhraseSpec, ...], window: list[int]) -> str | None:
    """Where one of the templates is said in an utterance — or across consecutive ones — of the window."""
    for template in templates:
        for utterance in window:
            found = first_match(call, (template,), utterance)
            if found:
                return found
    for run in consecutive_runs(window):
        joined = "".join(call.normalized[u] for u in run)
        for template in templates:
            if template.search(joined, call.fact):
                return (f"across {utterances(run)} "
                        f"{quoted(''.join(call.transcript.utterances[u].text for u in run))} "
                        f"matches {template.described()}")
    return None


def nearest(call: CallContext, templates: tuple[PhraseSpec, ...], window: list[int]) -> tuple[Closest, PhraseSpec] | None:
    """The most similar utterance and the phrase it resembles, in the order ``said.closest`` compares them."""
    best: tuple[Closest, PhraseSpec] | None = None
    targets = [(t, t.fuzzy_pieces(call.fact)) for t in templates]
    for utterance in window:
        text = call.normalized[utterance]
        for template, pieces in targets:
            score = similarity(pieces, text)
            if best is None or score > best[0].similarity:
                best = (Closest(utterance, call.transcript.utterances[utterance].text, round(score, 1)), template)
    return best


def first_match(call: CallContext, templates: tuple[PhraseSpec, ...], utterance: int, start: int = 0,
                 end: int | None = None) -> str | None:
    text = call.normalized[utterance][start:end]
    for template in templates:
        found = template.search(text, call.fact)
        if found:
            return f"{at(call, utterance, start + found[0], start + found[1])} matches {template.described()}"
    return None
