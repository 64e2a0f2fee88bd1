"""Finding every occurrence of a rule's phrases in a call, with exceptions and boundary checks.

Shared by the rule types that count occurrences (forbidden, count). The automaton has already found
each phrase's anchor and each exception; this module turns those into confirmed hits.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..boundaries import is_whole_clause, on_word_boundaries, word_boundaries
from ..pack.schema import Option, suggest
from ..phrases import Slot, Template, TemplateError, compile_regex, compile_template
from ..text import normalize
from .base import CallContext

BOUNDARIES = ("none", "word", "clause")

PHRASE_OPTIONS: dict[str, Option] = {
    "phrases": Option(list, default=[], doc="phrases (strings or {text, except, boundary})"),
    "except": Option(list, default=[], item=str, doc="contexts in which a hit is not counted"),
    "boundary": Option(str, default="none", choices=BOUNDARIES, doc="none, word or clause"),
}
_PHRASE_KEYS = ("text", "except", "boundary")


@dataclass(frozen=True)
class PhraseSpec:
    template: Template | None  # None for a raw regex pattern
    regex: Any  # compiled RE2 for a raw pattern
    label: str  # the phrase or pattern as written in the pack
    boundary: str
    exceptions: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    utterance: int
    start: int  # in normalised text
    end: int
    phrase: int


def compile_phrases(values: dict[str, Any], slots: dict[str, Slot], where: Any, errors: list,
                    patterns: list[str] = (), keys: tuple[str, str, str] = ("phrases", "except", "boundary"),
                    ) -> tuple[PhraseSpec, ...]:
    """Compile a phrase list with its exceptions and boundary; ``keys`` names the three options."""
    phrases_key, except_key, boundary_key = keys
    rule_except = tuple(e for e in (normalize(x) for x in values[except_key]) if e)
    specs: list[PhraseSpec] = []
    for i, raw in enumerate(values[phrases_key]):
        path = f"{phrases_key}[{i}]"
        text, boundary, exceptions = raw, values[boundary_key], rule_except
        if isinstance(raw, dict):
            unknown = [k for k in raw if k not in _PHRASE_KEYS]
            if unknown:
                errors.append(where.error(f"{path}.{unknown[0]}", "unknown key" + suggest(str(unknown[0]), list(_PHRASE_KEYS))))
                continue
            text = raw.get("text")
            boundary = raw.get("boundary", boundary)
            if boundary not in BOUNDARIES:
                errors.append(where.error(f"{path}.boundary", f"must be one of {', '.join(BOUNDARIES)}, got {boundary!r}"))
                continue
            own = raw.get("except", [])
            if not isinstance(own, list) or not all(isinstance(x, str) for x in own):
                errors.append(where.error(f"{path}.except", "expected a list of strings"))
                continue
            exceptions = rule_except + tuple(e for e in (normalize(x) for x in own) if e)
        if not isinstance(text, str):
            errors.append(where.error(path, f"a phrase must be a string or a mapping with 'text', got {text!r}"))
            continue
        try:
            specs.append(PhraseSpec(compile_template(text, slots), None, text, boundary, exceptions))
        except TemplateError as exc:
            errors.append(where.error(path, str(exc)))
    for i, pattern in enumerate(patterns):
        try:
            specs.append(PhraseSpec(None, compile_regex(pattern), pattern, values[boundary_key], rule_except))
        except TemplateError as exc:
            errors.append(where.error(f"patterns[{i}]", str(exc)))
    return tuple(specs)


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


def find_hits(call: CallContext, rule_index: int, specs: tuple[PhraseSpec, ...], speaker: str,
              group: str = "", trace: list | None = None) -> list[Hit]:
    """Confirmed occurrences of the rule's phrases in the utterances of ``speaker``.

    ``trace``, when given, receives ``(utterance, start, end, phrase, reason)`` for every candidate that
    was dropped (inside an exception, off a word or clause boundary, inside a longer hit of the rule).
    """
    wanted = set(call.by_speaker[speaker])
    candidates: set[tuple[int, int, int, int]] = set()
    exceptions: dict[tuple[int, int], list[tuple[int, int]]] = {}
    anchored: set[tuple[int, int]] = set()
    phrase_role, except_role = group + "phrase", group + "except"
    for utterance, role, phrase, start, end in call.hits_by_rule.get(rule_index, ()):
        if utterance not in wanted:
            continue
        if role == except_role:
            exceptions.setdefault((utterance, phrase), []).append((start, end))
        elif role != phrase_role:
            continue
        elif specs[phrase].template.literal:
            candidates.add((utterance, start, end, phrase))
        else:
            anchored.add((utterance, phrase))
    for phrase, spec in enumerate(specs):
        if spec.template is not None and spec.template.literal:
            continue
        if spec.template is not None and spec.template.anchor:
            places = sorted(u for u, p in anchored if p == phrase)
        else:
            places = sorted(wanted)
        for utterance in places:
            text = call.normalized[utterance]
            spans = (spec.template.finditer(text, call.fact) if spec.template is not None
                     else [m.span() for m in spec.regex.finditer(text)])
            candidates.update((utterance, s, e, phrase) for s, e in spans if e > s)
    hits: list[Hit] = []
    seen: set[tuple[int, int, int]] = set()
    for utterance, start, end, phrase in sorted(candidates):
        if (utterance, start, end) in seen:
            continue
        spec = specs[phrase]
        if any(s <= start and end <= e for s, e in exceptions.get((utterance, phrase), ())):
            if trace is not None:
                trace.append((utterance, start, end, phrase,
                              _exception_reason(call, utterance, start, end, exceptions[(utterance, phrase)])))
            continue
        if not _boundary_ok(call, spec, utterance, start, end):
            if trace is not None:
                trace.append((utterance, start, end, phrase, _boundary_reason(call, spec, utterance, start, end)))
            continue
        seen.add((utterance, start, end))
        hits.append(Hit(utterance, start, end, phrase))
    kept = _without_nested(hits)
    if trace is not None and len(kept) < len(hits):
        trace.extend(_nested_reasons(call, hits, kept))
    return kept


def _without_nested(hits: list[Hit]) -> list[Hit]:
    """Drop a hit lying inside a longer hit of the same rule (请 inside 请原谅 is one courtesy word)."""
    return [h for h in hits if not any(
        o.utterance == h.utterance and o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start
        for o in hits)]


def _boundary_ok(call: CallContext, spec: PhraseSpec, utterance: int, start: int, end: int) -> bool:
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


def _boundary_reason(call: CallContext, spec: PhraseSpec, utterance: int, start: int, end: int) -> str:
    if spec.boundary == "clause":
        return "not a whole clause"
    text = call.normalized[utterance]
    cuts = word_boundaries(text)
    left = max((c for c in cuts if c <= start), default=0)
    right = min((c for c in cuts if c >= end), default=len(text))
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
