"""Why a timing or fact rule fired or not: the measured values against the rule's limits.

The measurements come from the rule's own check run with its limits set to zero, so that every
value it measures is reported — the explanation cannot drift from what the engine measures.
"""
from __future__ import annotations

from dataclasses import replace

from ..checks.phrase_hits import find_hits
from ..model import Finding
from .context import Judged
from .wording import number, utterances, value


def timing(judged: Judged) -> list[str]:
    timed = judged.call.timed_in_order()
    if not timed:
        return ["no timestamps: not judged"]
    total = len(judged.call.transcript.utterances)
    lines = [] if len(timed) == total else [f"only {len(timed)} of {total} utterances carry start and end; "
                                             "the others are not measured"]
    return lines + _MEASURES[judged.rule.type](judged)


def fact(judged: Judged) -> list[str]:
    rule = judged.rule
    found = judged.call.fact(rule.fact)
    if found is None or found == "":
        return [f"the call has no {rule.fact}: not judged"]
    limits = ([f"equal to {value(rule.equals)}"] if rule.equals else []) + (
        [f"above {number(rule.max)}"] if rule.max is not None else [])
    verdict = "a finding" if judged.findings else "within the limit"
    return [f"{rule.fact} = {value(found)}; a finding when {' or '.join(limits)}: {verdict}"]


def _probe(judged: Judged, **limits: float | None) -> list[Finding]:
    return replace(judged.rule, **limits).check(judged.call, judged.index)


def _limits(unit: str, **limits: float | None) -> str:
    words = {"max": "at most", "min": "at least"}
    return ", ".join(f"{words[k]} {number(v)} {unit}" for k, v in limits.items() if v is not None)


def _rate(judged: Judged) -> list[str]:
    rule = judged.rule
    measured = _probe(judged, max=0.0, min=None)
    limit = f"(limit: {_limits('字/分', max=rule.max, min=rule.min)})"
    if not measured:
        return [f"no utterance long enough to measure (≥ {rule.min_chars} characters and "
                f"≥ {number(rule.min_seconds)} s): not judged"]
    if rule.per == "call":
        return [f"whole call: {number(measured[0].measured)} 字/分 {limit}"]
    fastest = max(measured, key=lambda f: f.measured)
    slowest = min(measured, key=lambda f: f.measured)
    return [f"measured {len(measured)} utterances: fastest #{fastest.utterance} {number(fastest.measured)} 字/分, "
            f"slowest #{slowest.utterance} {number(slowest.measured)} 字/分 {limit}"]


def _hold(judged: Judged) -> list[str]:
    rule, call = judged.rule, judged.call
    announced = sorted({h.utterance for h in find_hits(call, judged.index, rule.triggers, rule.speaker)})
    if not announced:
        return ["no hold announced: nothing to judge"]
    lines = [f"hold announced in {utterances(announced)}"]
    if rule.max_total is not None:
        holds = _probe(judged, max_gap=None, max_total=0.0)
        longest = max((f.measured for f in holds), default=0.0)
        lines.append(f"longest hold: {number(longest)} s (limit {number(rule.max_total)} s)")
    if rule.max_gap is not None:
        gaps = _probe(judged, max_gap=0.0, max_total=None)
        longest = max((f.measured for f in gaps), default=0.0)
        lines.append(f"longest silence during a hold: {number(longest)} s (limit {number(rule.max_gap)} s)")
    return lines


def _silence(judged: Judged) -> list[str]:
    rule = judged.rule
    gaps = _probe(judged, max=0.0)
    lines = []
    if gaps:
        longest = max(gaps, key=lambda f: f.measured)
        lines.append(f"longest silence before the speaker spoke: {number(longest.measured)} s before "
                     f"#{longest.utterance} (limit {number(rule.max)} s)")
    else:
        lines.append(f"no silence before the speaker's utterances (limit {number(rule.max)} s)")
    if rule.except_after:
        excused = sorted({h.utterance for h in find_hits(judged.call, judged.index, rule.except_after, rule.speaker)})
        if excused:
            lines.append(f"gaps after {utterances(excused)} are left to the hold rule")
    return lines


def _interruption(judged: Judged) -> list[str]:
    overlaps = _probe(judged, tolerance=0.0)
    if not overlaps:
        return [f"the speaker never started while the other party was speaking "
                f"(tolerance {number(judged.rule.tolerance)} s)"]
    longest = max(overlaps, key=lambda f: f.measured)
    return [f"longest overlap: {number(longest.measured)} s at #{longest.utterance} "
            f"(tolerance {number(judged.rule.tolerance)} s)"]


def _duration(judged: Judged) -> list[str]:
    rule = judged.rule
    length = _probe(judged, max=0.0, min=None)
    seconds = length[0].measured if length else 0.0
    return [f"call length: {number(seconds)} s (limit: {_limits('s', max=rule.max, min=rule.min)})"]


_MEASURES = {"rate": _rate, "hold": _hold, "silence": _silence, "interruption": _interruption,
             "duration": _duration}
