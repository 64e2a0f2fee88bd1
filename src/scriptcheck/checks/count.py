"""``type: count`` — too many (filler particles 喽/嘛) or too few (courtesy words) occurrences in a call.

Example::

    - id: filler.particles
      type: count
      category: filler
      message: 频繁使用语气助词（{count} 次，上限 {limit} 次）
      phrases: [{text: 嘛, boundary: word}, {text: 喽, boundary: word}]
      max: 2
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..model import Finding, Occurrence
from ..schema import Option, non_negative, positive
from .base import CallContext, Rule, format_message
from .phrase_hits import PHRASE_OPTIONS, PhraseSpecs, all_anchored, compile_phrases, find_hits, phrase_literals
from .ruletype import FULL_CALL, RuleType

if TYPE_CHECKING:
    from ..authoring.context import Judged


OPTIONS: dict[str, Option] = {
    **PHRASE_OPTIONS,
    "max": Option(int, check=non_negative, doc="more occurrences than this is a finding"),
    "min": Option(int, check=non_negative, doc="fewer occurrences than this is a finding"),
    "per_turns": Option(int, check=positive, doc="with min: a call of few turns needs one occurrence per this many of the speaker's turns, up to min"),
}


@dataclass(frozen=True)
class CountRule(Rule):
    phrases: PhraseSpecs = PhraseSpecs(())
    max: int | None = None
    min: int | None = None
    per_turns: int | None = None

    def literals(self) -> list[tuple[str, str, int | None]]:
        return phrase_literals(self.phrases)

    def firing_role(self) -> str | None:
        return "phrase" if self.min is None and all_anchored(self.phrases) else None  # too few needs no hit to fire

    def check(self, call: CallContext, index: int) -> list[Finding]:
        # Too few: the count matters only below ``min``, so the search may stop once it is reached.
        enough = self.min if self.max is None else None
        hits = find_hits(call, index, self.phrases, self.speaker, enough=enough)
        count = len(hits)
        if self.max is not None and count > self.max:
            occurrences = self._occurrences(call, hits)
            first_over = occurrences[self.max]
            message = format_message(self.message, count=count, limit=self.max, evidence=first_over.evidence)
            return [self.finding(call, message, first_over.utterance, first_over.span, occurrences=occurrences)]
        # The count needed is at most ``min``: a call that reaches it needs its turns counted no further.
        needed = self._needed(call) if self.min is not None and count < self.min else None
        if needed is not None and count < needed:
            message = format_message(self.message, count=count, limit=needed, evidence="")
            return [self.finding(call, message, occurrences=self._occurrences(call, hits))]
        return []

    def _needed(self, call: CallContext) -> int | None:
        # A one-reply chat cannot hold the two courtesy words a whole call must.
        if self.min is None or self.per_turns is None:
            return self.min
        turns = sum(1 for u in call.by_speaker[self.speaker] if call.normalized[u].strip())
        return min(self.min, max(1, -(-turns // self.per_turns)))

    @staticmethod
    def _occurrences(call: CallContext, hits: list) -> tuple[Occurrence, ...]:
        # Spans in the original text are worked out only for a finding: most calls have none.
        occurrences = []
        for hit in hits:
            span = call.span(hit.utterance, hit.start, hit.end)
            text = call.transcript.utterances[hit.utterance].text
            occurrences.append(Occurrence(hit.utterance, span, text[span[0]:span[1]]))
        return tuple(occurrences)


def build(common: dict[str, Any], values: dict[str, Any], slots: dict, where: Any, errors: list) -> Rule:
    if not values["phrases"]:
        errors.append(where.error("", "missing required key 'phrases'"))
    if values["max"] is None and values["min"] is None:
        errors.append(where.error("", "a count rule needs 'max' or 'min'"))
    if values["per_turns"] is not None and values["min"] is None:
        errors.append(where.error("per_turns", "'per_turns' needs 'min'"))
    specs = compile_phrases(values, slots, where, errors)
    return CountRule(**common, phrases=specs, max=values["max"], min=values["min"],
                     per_turns=values["per_turns"])


def describe(rule: CountRule) -> list[str]:
    from ..authoring.lines import many, phrase_lines

    limits = []
    if rule.max is not None:
        limits.append(f"more than {rule.max} occurrences in a call is a finding")
    if rule.min is not None:
        limits.append(f"fewer than {rule.min} occurrences in a call is a finding")
    return phrase_lines(rule.phrases) + many("limit", limits)


def why(judged: Judged) -> list[str]:
    from ..authoring.suppressed import hit_line, in_order, phrase_hits
    from ..authoring.wording import listed

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


def in_script(rule: CountRule, scene: str | None) -> bool:
    """Over-use (``max``) shows in any piece of a script; too few needs the whole call."""
    return rule.max is not None or scene == FULL_CALL


def as_fragment(rule: CountRule) -> CountRule:
    return rule if rule.min is None else replace(rule, min=None)


RULE_TYPE = RuleType(name="count", doc=__doc__, options=OPTIONS, message_fields=("count", "limit", "evidence"),
                     build=build, describe=describe, why=why, in_script=in_script, as_fragment=as_fragment)
