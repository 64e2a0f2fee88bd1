"""Finding every occurrence of a rule's phrases in a call, with exceptions and boundary checks.

Shared by the rule types that count occurrences (forbidden, count). The automaton has already found
each phrase's anchor and each exception; this module turns those into confirmed hits.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Any, NamedTuple

from ..boundaries import alnum_run, enclosing_word, is_whole_clause, on_word_boundaries
from ..phrases import Slot
from ..schema import Option
from ..text import normalize
from .base import CallContext
from .phrase_compile import BOUNDARIES, compile_items, compile_patterns
from .phrase_spec import PhraseSpec, PhraseSpecs

__all__ = ["BOUNDARIES", "PHRASE_OPTIONS", "Hit", "PhraseSpec", "PhraseSpecs", "compile_phrases", "find_hits",
           "all_anchored", "phrase_literals", "nested_spans"]

PHRASE_OPTIONS: dict[str, Option] = {
    "phrases": Option(list, default=[], phrases=True, doc="phrases (strings, {text: …} or {near: …} with operators, {intent: NAME})"),
    "except": Option(list, default=[], item=str, doc="contexts in which a hit is not counted"),
    "boundary": Option(str, default="none", choices=BOUNDARIES, doc="none, word or clause"),
}


class Hit(NamedTuple):  # a named tuple: calls make thousands of these
    utterance: int
    start: int  # in normalised text
    end: int
    phrase: int


def compile_phrases(values: dict[str, Any], slots: dict[str, Slot], where: Any, errors: list,
                    patterns: list[str] = (), keys: tuple[str, str, str] = ("phrases", "except", "boundary"),
                    ) -> PhraseSpecs:
    """Compile a phrase list with its exceptions and boundary; ``keys`` names the three options."""
    phrases_key, except_key, boundary_key = keys
    rule_except = tuple(e for e in (normalize(x) for x in values[except_key]) if e)
    specs = compile_items(values[phrases_key], phrases_key, slots, where, errors, values[boundary_key], rule_except)
    specs += compile_patterns(list(patterns), values[boundary_key], rule_except, where, errors)
    return PhraseSpecs(specs)


def all_anchored(specs: tuple[PhraseSpec, ...]) -> bool:
    """Every phrase needs its anchor text to match (no raw patterns, no phrase made only of slots)."""
    return all(spec.template is not None and spec.template.anchor for spec in specs)


def phrase_literals(specs: tuple[PhraseSpec, ...], group: str = "") -> list[tuple[str, str, int | None]]:
    """Automaton entries for ``specs``; ``group`` keeps two phrase lists of one rule apart (triggers/answers)."""
    out: list[tuple[str, str, int | None]] = []
    for i, spec in enumerate(specs):
        if spec.template is not None and spec.template.anchor:
            out.append((spec.template.anchor, group + "phrase", i))
        out.extend((e, group + "except", i) for e in spec.exceptions)
    return out


def find_hits(call: CallContext, rule_index: int, specs: PhraseSpecs, speaker: str,
              group: str = "", trace: list | None = None, enough: int | None = None) -> list[Hit]:
    """Confirmed occurrences of the rule's phrases in the utterances of ``speaker``.

    ``trace``, when given, receives ``(utterance, start, end, phrase, reason)`` for every candidate that
    was dropped (inside an exception, off a word or clause boundary, inside a longer hit of the rule).
    ``enough``, when given, lets the search stop once that many hits are certain: the result is then
    only the hits of the first utterances, and all of them only when there are fewer than ``enough``.
    """
    found = call.hits_by_rule.get(rule_index, ())
    if enough is not None and trace is None and all_anchored(specs):
        # Whether a candidate is kept depends only on its own utterance (exceptions, boundaries, longer
        # hits all lie there), so the hits of a run of whole utterances are final: a rule that needs a
        # few occurrences (courtesy words) looks no further than the utterance where they add up.
        prefix = _utterances_holding(found, enough, group + "phrase", call.speaker_set(speaker))
        if prefix < len(found):
            hits = _hits_in(call, found[:prefix], specs, speaker, group, None)
            if len(hits) >= enough:
                return hits
    return _hits_in(call, found, specs, speaker, group, trace)


def _utterances_holding(found: Any, enough: int, phrase_role: str, wanted: Any) -> int:
    """The length of the shortest run of whole utterances at the start of ``found`` (occurrences in
    utterance order) holding ``enough`` candidate phrases of ``wanted`` speakers; all of it if none does."""
    seen = 0
    for position, (utterance, role, _, _, _) in enumerate(found):
        if seen >= enough:
            if utterance != found[position - 1][0]:
                return position
        elif role == phrase_role and utterance in wanted:
            seen += 1
    return len(found)


def _hits_in(call: CallContext, found: Any, specs: PhraseSpecs, speaker: str, group: str,
             trace: list | None) -> list[Hit]:
    if specs.proven and trace is None:
        return _proven_hits(call, found, speaker, group)
    wanted = call.speaker_set(speaker)
    candidates: set[tuple[int, int, int, int]] = set()
    exceptions: dict[tuple[int, int], list[tuple[int, int]]] = {}
    anchored: set[tuple[int, int]] = set()
    phrase_role, except_role = group + "phrase", group + "except"
    literal, edged = specs.literal, specs.edged
    for utterance, role, phrase, start, end in found:
        if utterance not in wanted:
            continue
        if role == except_role:
            exceptions.setdefault((utterance, phrase), []).append((start, end))
        elif role != phrase_role:
            continue
        elif literal[phrase]:
            candidates.add((utterance, start, end, phrase))
        else:
            anchored.add((utterance, phrase))
    for phrase in specs.searched:
        spec = specs[phrase]
        if spec.template is not None and spec.template.anchor:
            places = sorted(u for u, p in anchored if p == phrase)
        else:
            places = sorted(wanted)
        for utterance in places:
            text = call.normalized[utterance]
            spans = (spec.template.finditer(text, call.fact) if spec.template is not None
                     else [m.span() for m in spec.regex.finditer(text)])
            candidates.update((utterance, s, e, phrase) for s, e in spans if e > s)
    excepted = {}
    for key, ranges in exceptions.items():
        within = _within_sentences(call.breaks(key[0]), ranges)
        if within:
            excepted[key] = _Ranges(within)
    hits: list[Hit] = []
    seen: set[tuple[int, int, int]] = set()
    for utterance, start, end, phrase in sorted(candidates):
        if (utterance, start, end) in seen:
            continue
        spec = specs[phrase]
        if (utterance, phrase) in excepted and excepted[(utterance, phrase)].contain(start, end):
            if trace is not None:
                trace.append((utterance, start, end, phrase,
                              _exception_reason(call, utterance, start, end, excepted[(utterance, phrase)].ranges)))
            continue
        if edged[phrase] and not _boundary_ok(call, spec, utterance, start, end):
            if trace is not None:
                trace.append((utterance, start, end, phrase, _boundary_reason(call, spec, utterance, start, end)))
            continue
        if spec.guarded:
            confirmed = spec.confirm(call.normalized[utterance], start, end, call.fact)
            if confirmed is None:
                if trace is not None:
                    trace.append((utterance, start, end, phrase,
                                  spec.refusal(call.normalized[utterance], start, end, call.fact)))
                continue
            seen.add((utterance, start, end))
            start, end = confirmed
        seen.add((utterance, start, end))
        hits.append(Hit(utterance, start, end, phrase))
    kept = _without_nested(hits)
    if trace is not None and len(kept) < len(hits):
        trace.extend(_nested_reasons(call, hits, kept))
    return kept


def _proven_hits(call: CallContext, found: list[tuple[int, str, int | None, int, int]], speaker: str,
                 group: str) -> list[Hit]:
    """``find_hits`` for a phrase list whose every automaton hit is a match (plain literals): only an
    exception or a longer hit of the rule can drop one, so the checks of the general case are skipped."""
    wanted = call.speaker_set(speaker)
    phrase_role, except_role = group + "phrase", group + "except"
    candidates = sorted({(u, s, e, p) for u, role, p, s, e in found if role == phrase_role and u in wanted})
    if not candidates:
        return []
    exceptions: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for u, role, p, s, e in found:
        if role == except_role and u in wanted:
            exceptions.setdefault((u, p), []).append((s, e))
    excepted: dict[tuple[int, int], _Ranges | None] = {}
    hits: list[Hit] = []
    last = None  # (utterance, start, end) of the last hit kept: equal candidates are adjacent once sorted
    for utterance, start, end, phrase in candidates:
        key = (utterance, phrase)
        if key in exceptions:
            if key not in excepted:
                within = _within_sentences(call.breaks(utterance), exceptions[key])
                excepted[key] = _Ranges(within) if within else None
            ranges = excepted[key]
            if ranges is not None and ranges.contain(start, end):
                continue
        if last == (utterance, start, end):
            continue
        last = (utterance, start, end)
        hits.append(Hit(utterance, start, end, phrase))
    return _without_nested(hits)


def _within_sentences(breaks: tuple[int, ...], ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The exception ranges that lie within one sentence: one that spans a sentence's end excuses nothing."""
    if not breaks:
        return ranges
    return [(s, e) for s, e in ranges if not _crosses(breaks, s, e)]


def _crosses(breaks: tuple[int, ...], start: int, end: int) -> bool:
    after = bisect_right(breaks, start)
    return after < len(breaks) and breaks[after] < end


def _without_nested(hits: list[Hit]) -> list[Hit]:
    """Drop a hit lying inside a longer hit of the same rule (请 inside 请原谅 is one courtesy word)."""
    if len(hits) < 2 or _apart(hits):
        return hits
    nested = nested_spans([(h.utterance, h.start, h.end) for h in hits])
    return [h for h, inside in zip(hits, nested) if not inside]


def _apart(hits: list[Hit]) -> bool:
    """The hits come in (utterance, start) order and none reaches into an earlier one of its utterance, so
    none can lie inside another: the usual case, told in one pass without the sort of ``nested_spans``.
    (A confirmed span may start before the hit ahead of it; an empty span may sit at an earlier one's end.)"""
    utterance, start, reach = -1, 0, 0  # reach: the furthest end so far in the utterance
    for hit in hits:
        if hit.utterance != utterance:
            if hit.utterance < utterance:
                return False
            utterance, start, reach = hit.utterance, hit.start, hit.end
            continue
        if hit.start < start or hit.start < reach or hit.end <= reach:
            return False
        start, reach = hit.start, hit.end
    return True


def nested_spans(spans: list[tuple[int, int, int]]) -> list[bool]:
    """For each (utterance, start, end): does a strictly longer span of the same utterance contain it?

    One sort and a sweep (not a comparison of every pair), so a call with thousands of hits stays fast.
    In (start, longest first) order, a span is inside a longer one exactly when some earlier span with a
    different extent reaches at least as far; equal spans never contain each other.
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][1], -spans[i][2]))
    nested = [False] * len(spans)
    utterance = reach = None
    group: tuple[int, int] | None = None
    group_reach = None  # the reach before the current group of equal spans
    for i in order:
        u, start, end = spans[i]
        if u != utterance:
            utterance, reach, group = u, None, None
        if (start, end) != group:
            group, group_reach = (start, end), reach
        nested[i] = group_reach is not None and group_reach >= end
        reach = end if reach is None else max(reach, end)
    return nested


class _Ranges:
    """Ranges of one utterance (the exceptions found there); answers "does one contain [start, end)?"
    with one sort and a binary search per question rather than a scan of every range."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = sorted(ranges)
        self._starts = [s for s, _ in self.ranges]
        self._reach: list[int] = []  # the furthest end among the ranges up to each index
        for _, end in self.ranges:
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def contain(self, start: int, end: int) -> bool:
        before = bisect_right(self._starts, start)
        return before > 0 and self._reach[before - 1] >= end


def _boundary_ok(call: CallContext, spec: PhraseSpec, utterance: int, start: int, end: int) -> bool:
    if spec.alnum_edges:  # most phrases begin and end with Chinese characters: nothing to test
        text = call.normalized[utterance]
        if (_alnum(text[start]) or _alnum(text[end - 1])) and alnum_run(text, start, end) != (start, end):
            return False
    if spec.boundary == "word":
        phrase = spec.template.anchor if spec.template is not None and spec.template.literal else ""
        return on_word_boundaries(call.normalized[utterance], start, end, phrase)
    if spec.boundary == "clause":
        original = call.transcript.utterances[utterance].text
        span = call.span(utterance, start, end)
        return is_whole_clause(original, *span)
    return True


def _exception_reason(call: CallContext, utterance: int, start: int, end: int,
                      exceptions: list[tuple[int, int]]) -> str:
    s, e = next((s, e) for s, e in exceptions if s <= start and end <= e)
    return f"inside exception 「{call.normalized[utterance][s:e]}」"


def _alnum(char: str) -> bool:
    return char < "\x80" and char.isalnum()


def _boundary_reason(call: CallContext, spec: PhraseSpec, utterance: int, start: int, end: int) -> str:
    left, right = alnum_run(call.normalized[utterance], start, end)
    if (left, right) != (start, end):
        run = call.span(utterance, left, right)
        return f"inside a longer run of letters and digits ({call.transcript.utterances[utterance].text[run[0]:run[1]]})"
    if spec.boundary == "clause":
        return "not a whole clause"
    text = call.normalized[utterance]
    left, right = enclosing_word(text, start, end)
    return f"not on a word boundary (jieba: {text[left:right]})"


def _nested_reasons(call: CallContext, hits: list[Hit], kept: list[Hit]) -> list[tuple[int, int, int, int, str]]:
    reasons = []
    for hit in hits:
        if hit in kept:
            continue
        outer = max((o for o in kept if o.utterance == hit.utterance and o.start <= hit.start and hit.end <= o.end),
                    key=lambda o: o.end - o.start)
        span = call.span(outer.utterance, outer.start, outer.end)
        longer = call.transcript.utterances[outer.utterance].text[span[0]:span[1]]
        reasons.append((hit.utterance, hit.start, hit.end, hit.phrase, f"inside a longer hit 「{longer}」 of this rule"))
    return reasons
