"""A rule in plain words, generated from the compiled rule (so it says what the engine will do)."""
from __future__ import annotations

from typing import Any, Callable

from ..checks import RULE_TYPES
from ..checks.base import Rule
from ..checks.phrase_hits import PhraseSpec
from ..conditions import SAID_FACTS
from ..phrases import Slot
from .wording import SPEAKER_WORDS, listed, number, quoted, value

TIMING_TYPES = ("rate", "hold", "silence", "interruption", "duration")
_INDENT = " " * 14


def describe(rule: Rule) -> list[str]:
    """Lines of ``label: text`` describing the rule, from its type to its source."""
    lines = [f"{rule.id}",
             labelled("type", f"{rule.type} — {type_summary(rule.type)}"),
             labelled("category", rule.category),
             labelled("speaker", SPEAKER_WORDS[rule.speaker]),
             labelled("applies to", applies_to(rule))]
    lines += _SPECIFIC[rule.type](rule)
    lines += _slot_lines(rule)
    if rule.type in TIMING_TYPES:
        lines.append(labelled("timing", "only utterances with start and end are measured; "
                                      "a call without timestamps is not judged"))
    lines += [labelled("penalty", penalty(rule)),
              labelled("message", rule.message)]
    sources = [s.strip() for s in rule.source.split(";") if s.strip()] or ["(none given)"]
    lines += _many("source", sources)
    return lines


def type_summary(kind: str) -> str:
    """First paragraph of the rule type's module docstring, without its ``type: X`` heading."""
    doc = (RULE_TYPES[kind].__doc__ or "").strip()
    first = " ".join(doc.split("\n\n")[0].split())
    heading = f"``type: {kind}`` — "
    return (first[len(heading):] if first.startswith(heading) else first).replace("``", "")


def applies_to(rule: Rule) -> str:
    if rule.when is None:
        return "every call"
    parts = [condition(fact, accepted) for fact, accepted in rule.when.tests]
    parts += [refusal(fact, refused) for fact, refused in rule.when.refused]
    return "calls where " + " and ".join(parts)


def refusal(fact: str, refused: tuple) -> str:
    return f"{fact} is not {value(refused)}"


def condition(fact: str, accepted: tuple) -> str:
    if fact in SAID_FACTS:
        return f"the {SAID_FACTS[fact]} says {value(accepted)}"
    if fact != "speakers":
        return f"{fact} is {value(accepted)}"
    if len(accepted) > 1:
        return "both " + " and ".join(map(str, accepted)) + " speak"
    return f"the {accepted[0]} speaks"


def penalty(rule: Rule) -> str:
    parts = [f"severity {rule.severity}",
             f"{number(rule.deduction)} point{'' if rule.deduction == 1 else 's'} per finding"
             + (f" (at most {number(rule.max_deduction)} per call)" if rule.max_deduction is not None else "")]
    if rule.fine:
        parts.append(f"fine {number(rule.fine)} 元 per finding"
                     + (f" (at most {number(rule.max_fine)} 元 per call)" if rule.max_fine is not None else ""))
    else:
        parts.append("no fine")
    parts.append("FATAL: a finding zeroes the score and fails the call" if rule.fatal else "not fatal")
    return "; ".join(parts)


def labelled(label: str, text: str) -> str:
    """``label:`` padded to the width of the description's first column, then the text."""
    return f"{label + ':' if label else '':<{len(_INDENT)}}{text}"


def _many(label: str, items: list[str]) -> list[str]:
    if not items:
        return [labelled(label, "none")]
    return [labelled(label, items[0])] + [_INDENT + item for item in items[1:]]


def _spec_lines(label: str, specs: tuple[PhraseSpec, ...]) -> list[str]:
    """Phrases as written; exceptions and boundary said once when every phrase shares them."""
    shared = set.intersection(*(set(s.exceptions) for s in specs)) if specs else set()
    boundaries = {s.boundary for s in specs}
    items = []
    for spec in specs:
        item = spec.described() if spec.template is not None else f"pattern {spec.label} (RE2)"
        own = [e for e in spec.exceptions if e not in shared]
        if own:
            item += f"  not inside: {listed(own)}"
        if len(boundaries) > 1 and spec.boundary != "none":
            item += f"  [{_boundary_words(spec.boundary)}]"
        items.append(item)
    lines = _many(label, items)
    if shared:
        lines.append(labelled("except", "a hit inside " + listed(quoted(e) for e in sorted(shared)) + " (normalised)"))
    if len(boundaries) == 1 and boundaries != {"none"}:
        lines.append(labelled("boundary", _boundary_words(next(iter(boundaries)))))
    return lines


def _boundary_words(boundary: str) -> str:
    return {"word": "the hit must start and end on word boundaries (jieba)",
            "clause": "the hit must be a whole clause between punctuation"}[boundary]


def _template_lines(label: str, templates: tuple[PhraseSpec, ...]) -> list[str]:
    return _many(label, [t.described() for t in templates])


def _slot_lines(rule: Rule) -> list[str]:
    used: dict[str, Slot] = {}
    for name in ("phrases", "triggers", "before", "returns", "anchors", "except_after"):
        for item in getattr(rule, name, ()):
            template = item.template if isinstance(item, PhraseSpec) else item
            for slot in (template.slots if template is not None else ()):
                used.setdefault(slot.name, slot)
    return _many("slots", [_slot_words(s) for s in used.values()]) if used else []


def _slot_words(slot: Slot) -> str:
    options = [" | ".join(slot.values)] if slot.values else []
    if slot.pattern:
        options.append(f"pattern {slot.pattern}")
    if slot.from_fact:
        options.append(f"the call's {slot.from_fact}")
    return f"{{{slot.name}}} = " + " or ".join(options)


def _similarity(threshold: float) -> str:
    meaning = ("exact matches only" if threshold >= 100
               else "an utterance at least this similar (0-100) counts as said, for ASR mishearings")
    return labelled("similarity", f"{number(threshold)}: {meaning}")


def _required(rule: Any) -> list[str]:
    whose = SPEAKER_WORDS[rule.speaker]
    window = "the whole call" if rule.window is None else f"the {whose}'s {rule.window[0]} {rule.window[1]} utterances"
    return (_template_lines("must say", rule.phrases) + [labelled("", "(any one of them)"),
            labelled("window", window), _similarity(rule.similarity)])


def _phrases(rule: Any) -> list[str]:
    return _spec_lines("phrases", rule.phrases) + [labelled("overlaps", "a hit inside a longer hit of this rule "
                                                            "is not counted again")]


def _forbidden(rule: Any) -> list[str]:
    return _phrases(rule) + [labelled("", "a hit inside a longer hit of another forbidden rule is dropped too")]


def _count(rule: Any) -> list[str]:
    limits = []
    if rule.max is not None:
        limits.append(f"more than {rule.max} occurrences in a call is a finding")
    if rule.min is not None:
        limits.append(f"fewer than {rule.min} occurrences in a call is a finding")
    return _phrases(rule) + _many("limit", limits)


def _response(rule: Any) -> list[str]:
    whose = SPEAKER_WORDS[rule.speaker]
    answer = (f"in the {whose}'s next {rule.within} utterance(s) after the trigger" if rule.answer == "next"
              else f"in the {whose}'s last {rule.within} utterance(s) of the call")
    return (_spec_lines("triggers", rule.triggers) + [labelled("said by", SPEAKER_WORDS[rule.trigger_speaker])]
            + _template_lines("answers", rule.phrases)
            + [labelled("answer", answer), _similarity(rule.similarity),
               labelled("", "a trigger after which the speaker never speaks again is not judged")])


def _sequence(rule: Any) -> list[str]:
    return (_spec_lines("anchor", rule.anchors) + _template_lines("before it", rule.before)
            + [labelled("within", f"the anchor's own utterance or the speaker's {rule.within} earlier utterance(s)"),
               _similarity(rule.similarity),
               labelled("", "only the first anchor of a call is judged")])


def _address(rule: Any) -> list[str]:
    patterns = [p.pattern for p in rule.surname_patterns]
    return [labelled("minimum", f"surname + title at least {rule.min} times"),
            labelled("titles", listed(rule.titles)),
            labelled("surname", "the call fact customer.surname, else what the customer says: " + listed(patterns)),
            labelled("", "a call whose customer's surname is unknown is not judged")]


def _limits(unit: str, **limits: float | None) -> list[str]:
    words = {"max": "at most", "min": "at least", "max_gap": "longest silence during a hold",
             "max_total": "longest hold", "tolerance": "overlap allowed"}
    return [labelled("limit", f"{words[k]} {number(v)} {unit}") for k, v in limits.items() if v is not None]


def _rate(rule: Any) -> list[str]:
    per = "each utterance" if rule.per == "utterance" else "the speaker's whole speech (characters / speaking time)"
    return (_limits("字/分", max=rule.max, min=rule.min)
            + [labelled("per", per), labelled("measured", f"utterances of at least {rule.min_chars} characters "
                                                            f"and {number(rule.min_seconds)} s")])


def _hold(rule: Any) -> list[str]:
    return (_spec_lines("triggers", rule.triggers) + _template_lines("returns", rule.returns)
            + _limits("s", max_gap=rule.max_gap, max_total=rule.max_total))


def _silence(rule: Any) -> list[str]:
    lines = _limits("s of silence before the speaker's utterance", max=rule.max)
    return lines + (_spec_lines("except after", rule.except_after) if rule.except_after else [])


def _fact(rule: Any) -> list[str]:
    lines = [labelled("fact", rule.fact)]
    if rule.equals:
        lines.append(labelled("finding", f"when the fact is {value(rule.equals)}"))
    if rule.max is not None:
        lines.append(labelled("finding", f"when the fact is a number above {number(rule.max)}"))
    return lines + [labelled("", "a call without the fact is not judged")]


_SPECIFIC: dict[str, Callable[[Rule], list[str]]] = {
    "required": _required, "forbidden": _forbidden, "count": _count, "response": _response,
    "sequence": _sequence, "address": _address, "rate": _rate, "hold": _hold, "silence": _silence,
    "interruption": lambda rule: _limits("s", tolerance=rule.tolerance),
    "duration": lambda rule: _limits("s of call length", max=rule.max, min=rule.min), "fact": _fact,
}
