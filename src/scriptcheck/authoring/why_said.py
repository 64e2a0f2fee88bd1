"""Why a required, response or sequence rule was satisfied or not: the exact match, or the closest try.

These mirror the checks in ``checks/said.py``: an exact match in one utterance or in a run of
consecutive ones first, then the most similar utterance against the rule's fuzzy threshold.
"""
from __future__ import annotations

from ..checks.base import CallContext
from ..checks.response import _TRIGGERS
from ..checks.fuzzy import similarity
from ..checks.said import consecutive_runs
from ..model import Closest
from ..checks.phrase_spec import PhraseSpec
from .context import Judged
from .suppressed import hit_line, in_order, phrase_hits
from .wording import SPEAKER_WORDS, at, number, quoted, said, utterances


def required(judged: Judged) -> list[str]:
    rule, call = judged.rule, judged.call
    window = rule.window_of(call)
    where = "the whole call" if rule.window is None else f"{rule.window[0]} {rule.window[1]}"
    lines = [f"window ({where} of the {SPEAKER_WORDS[rule.speaker]}'s utterances): {utterances(window)}"]
    if not window:
        return lines + [f"the {SPEAKER_WORDS[rule.speaker]} said nothing: missing"]
    return lines + verdict(call, rule.phrases, window, rule.similarity)


def response(judged: Judged) -> list[str]:
    rule, call = judged.rule, judged.call
    hits, dropped = phrase_hits(judged, rule.triggers, rule.trigger_speaker, _TRIGGERS)
    lines = [] if hits else [f"no trigger said by the {rule.trigger_speaker}: nothing to answer"]
    for duty in rule.obligations(call, judged.index):
        lines.append(hit_line(judged, duty.trigger, rule.triggers, "trigger"))
        if duty.window:
            lines.append(f"  answer window: {utterances(list(duty.window))}")
        if duty.skipped:
            lines.append(f"  not judged: {duty.skipped}")
            continue
        lines += ["  " + line for line in verdict(call, rule.phrases, list(duty.window), rule.similarity)]
    return lines + in_order(dropped)


def sequence(judged: Judged) -> list[str]:
    rule, call = judged.rule, judged.call
    hits, dropped = phrase_hits(judged, rule.anchors, rule.speaker)
    if not hits:
        return [f"no anchor said by the {SPEAKER_WORDS[rule.speaker]}: nothing to judge"] + in_order(dropped)
    anchor = hits[0]
    lines = [hit_line(judged, anchor, rule.anchors, "anchor")]
    if len(hits) > 1:
        lines.append(f"later anchors are not judged: {utterances([h.utterance for h in hits[1:]])}")
    earlier = [u for u in call.by_speaker[rule.speaker] if u < anchor.utterance][-rule.within:]
    lines.append(f"searched: {utterances(earlier)} and #{anchor.utterance} before the anchor")
    own = _first_match(call, rule.before, anchor.utterance, 0, anchor.start)
    found = exact_match(call, rule.before, earlier) or own
    if found:
        return lines + [f"said before it: {found}"] + in_order(dropped)
    return lines + verdict(call, rule.before, earlier, rule.similarity, exact_first=False) + in_order(dropped)


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
            found = _first_match(call, (template,), utterance)
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


def _first_match(call: CallContext, templates: tuple[PhraseSpec, ...], utterance: int, start: int = 0,
                 end: int | None = None) -> str | None:
    text = call.normalized[utterance][start:end]
    for template in templates:
        found = template.search(text, call.fact)
        if found:
            return f"{at(call, utterance, start + found[0], start + found[1])} matches {template.described()}"
    return None
