"""``rules test`` for intents: each ``hit`` utterance must match the intent, each ``pass`` must not.

An intent example is one utterance (no speaker label): the intent's alternatives are matched on it with
all their operators, as a rule naming the intent would match them.
"""
from __future__ import annotations

from typing import Iterator

from ..checks.phrase_spec import PhraseSpec, inside_exception, occurrences
from ..pack.intents import Intent
from ..pack.rulepack import RulePack
from ..text import normalize
from .examples import Outcome


def _no_fact(path: str) -> None:
    return None



def count_intent_examples(pack: RulePack) -> int:
    return sum(len(texts) for intent in pack.intents.values() for texts in intent.examples.values())


def run_intent_examples(pack: RulePack) -> Iterator[Outcome]:
    for intent in pack.intents.values():
        for kind in ("hit", "pass"):
            for number, text in enumerate(intent.examples.get(kind, ())):
                yield run_intent_example(intent, kind, number, text)


def run_intent_example(intent: Intent, kind: str, number: int, text: str) -> Outcome:
    found = intent_matches(intent, text)
    if kind == "hit" and not found:
        return Outcome(f"intent {intent.name}", kind, number, text, "expected the intent to match, it did not",
                             refusals(intent, text) or ["no alternative occurs in it"])
    if kind == "pass" and found:
        return Outcome(f"intent {intent.name}", kind, number, text, f"expected no match, got {len(found)}",
                             [matched_line(normalize(text), spec, span) for spec, span in found])
    return Outcome(f"intent {intent.name}", kind, number, text)


def intent_matches(intent: Intent, text: str) -> list[tuple[PhraseSpec, tuple[int, int]]]:
    """Every (alternative, span in the normalised text) of the intent that matches ``text``."""
    normalized = normalize(text)
    return [(spec, span) for spec in intent.specs for span in spec.finditer(normalized, _no_fact)]


def matched_line(normalized: str, spec: PhraseSpec, span: tuple[int, int]) -> str:
    return f"matched 「{normalized[span[0]:span[1]]}」 by {spec.described()}"


def refusals(intent: Intent, text: str) -> list[str]:
    """Why alternatives that occur in ``text`` were not taken (exception, word boundary, operators)."""
    normalized = normalize(text)
    lines = []
    for spec in intent.specs:
        raw = spec.template.finditer(normalized, _no_fact) if spec.template is not None and not spec.template.literal \
            else occurrences(normalized, spec.anchor)
        for start, end in raw:
            if inside_exception(normalized, start, end, spec.exceptions):
                why = "inside an exception"
            elif spec.guarded and spec.confirm(normalized, start, end, _no_fact) is None:
                why = spec.refusal(normalized, start, end, _no_fact)
            else:
                why = "not on a word boundary"
            lines.append(f"「{normalized[start:end]}」 of {spec.described()}: {why}")
    return lines
