"""Why a forbidden, count or address rule fired or not: each hit, and each candidate that did not count."""
from __future__ import annotations

import sys
from dataclasses import replace

from ..checks.phrase_hits import Hit
from ..model import CUSTOMER
from ..text import normalize
from .context import Judged
from .suppressed import hit_line, in_order, phrase_hits, uncounted_line
from .wording import SPEAKER_WORDS, listed, quoted, said


def forbidden(judged: Judged) -> list[str]:
    rule, call = judged.rule, judged.call
    hits, uncounted = phrase_hits(judged, rule.phrases, rule.speaker)
    kept = {(f.utterance, f.span) for f in judged.findings}
    lines = []
    for hit in hits:
        if (hit.utterance, call.span(hit.utterance, hit.start, hit.end)) in kept:
            lines.append(hit_line(judged, hit, rule.phrases))
        else:
            uncounted.append((hit.utterance, hit.start, uncounted_line(
                judged, hit.utterance, hit.start, hit.end, rule.phrases[hit.phrase], _engine_drop(judged, hit))))
    if not hits and not uncounted:
        lines.append(f"none of the phrases occurs in the {SPEAKER_WORDS[rule.speaker]}'s utterances")
    return lines + in_order(uncounted)


def count(judged: Judged) -> list[str]:
    rule = judged.rule
    hits, uncounted = phrase_hits(judged, rule.phrases, rule.speaker)
    lines = [hit_line(judged, hit, rule.phrases, "counted") for hit in hits]
    total = len(hits)
    if rule.max is not None and total > rule.max:
        lines.append(f"count {total} > max {rule.max}: a finding at occurrence {rule.max + 1}")
    elif rule.min is not None and total < rule.min:
        lines.append(f"count {total} < min {rule.min}: a finding")
    else:
        limits = [f"max {rule.max}" if rule.max is not None else "", f"min {rule.min}" if rule.min is not None else ""]
        lines.append(f"count {total}: within the limits ({listed(x for x in limits if x)})")
    return lines + in_order(uncounted)


def address(judged: Judged) -> list[str]:
    rule, call = judged.rule, judged.call
    surname, origin = _surname(judged)
    if not surname:
        return ["the customer's surname is unknown (no customer.surname, not stated by the customer): not judged"]
    # A rule that can never be satisfied reports every address it counted.
    probe = replace(rule, min=sys.maxsize).check(call, judged.index)
    occurrences = probe[0].occurrences if probe else ()
    lines = [f"surname {quoted(surname)} {origin}"]
    lines += [f"addressed: #{o.utterance} [{o.span[0]}:{o.span[1]}] {quoted(o.evidence)}" for o in occurrences]
    verdict = "enough" if len(occurrences) >= rule.min else "too few: a finding"
    return lines + [f"count {len(occurrences)}, at least {rule.min} required: {verdict}"]


def _surname(judged: Judged) -> tuple[str, str]:
    """The surname the address rule uses and where it came from (as ``AddressRule`` finds it)."""
    call = judged.call
    known = call.fact("customer.surname")
    if isinstance(known, str) and normalize(known):
        return normalize(known), "from the call fact customer.surname"
    for utterance in call.by_speaker[CUSTOMER]:
        for pattern in judged.rule.surname_patterns:
            match = pattern.search(call.normalized[utterance])
            if match and match.group(1):
                return match.group(1), f"stated by the customer in {said(call, utterance)}"
    return "", ""


def _engine_drop(judged: Judged, hit: Hit) -> str:
    """Why the engine dropped a hit of this rule: it lies inside a longer hit of another forbidden rule."""
    span = judged.call.span(hit.utterance, hit.start, hit.end)
    forbidden_rules = {r.id for r in judged.pack.rules if r.type == "forbidden"}
    containing = [f for f in judged.report.findings
                  if f.rule in forbidden_rules and f.utterance == hit.utterance and f.span is not None
                  and f.span[0] <= span[0] and span[1] <= f.span[1] and f.span[1] - f.span[0] > span[1] - span[0]]
    outer = max(containing, key=lambda f: f.span[1] - f.span[0], default=None)
    if outer is None:
        return "dropped by the engine"
    return f"inside a longer forbidden expression {quoted(outer.evidence or '')} of rule {outer.rule}"
