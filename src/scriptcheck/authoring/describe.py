"""A rule in plain words, generated from the compiled rule (so it says what the engine will do)."""
from __future__ import annotations

from ..checks import RULE_TYPES
from ..checks.base import Rule
from ..checks.phrase_hits import PhraseSpec
from ..conditions import SAID_FACTS
from ..phrases import Slot
from .lines import labelled, many
from .wording import SPEAKER_WORDS, number, value


def describe(rule: Rule) -> list[str]:
    """Lines of ``label: text`` describing the rule, from its type to its source."""
    lines = [f"{rule.id}",
             labelled("type", f"{rule.type} — {type_summary(rule.type)}"),
             labelled("category", rule.category),
             labelled("speaker", SPEAKER_WORDS[rule.speaker]),
             labelled("applies to", applies_to(rule))]
    kind = RULE_TYPES[rule.type]
    lines += kind.describe(rule)
    lines += _slot_lines(rule)
    if kind.timed:
        lines.append(labelled("timing", "only utterances with start and end are measured; "
                                      "a call without timestamps is not judged"))
    lines += [labelled("penalty", penalty(rule)),
              labelled("message", rule.message)]
    sources = [s.strip() for s in rule.source.split(";") if s.strip()] or ["(none given)"]
    lines += many("source", sources)
    return lines


def type_summary(kind: str) -> str:
    return RULE_TYPES[kind].summary


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


def _slot_lines(rule: Rule) -> list[str]:
    used: dict[str, Slot] = {}
    for name in ("phrases", "triggers", "before", "returns", "anchors", "except_after"):
        for item in getattr(rule, name, ()):
            template = item.template if isinstance(item, PhraseSpec) else item
            for slot in (template.slots if template is not None else ()):
                used.setdefault(slot.name, slot)
    return many("slots", [_slot_words(s) for s in used.values()]) if used else []


def _slot_words(slot: Slot) -> str:
    options = [" | ".join(slot.values)] if slot.values else []
    if slot.pattern:
        options.append(f"pattern {slot.pattern}")
    if slot.from_fact:
        options.append(f"the call's {slot.from_fact}")
    return f"{{{slot.name}}} = " + " or ".join(options)
