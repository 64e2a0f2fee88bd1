"""``type: forbidden`` — expressions an agent must never say (服务忌语); every occurrence is a finding.

Example::

    - id: forbidden.dismissive
      type: forbidden
      category: forbidden
      message: 使用服务忌语「{evidence}」
      phrases: [不知道, {text: 喂, boundary: word}]
      except: [不知道您]          # 「不知道您现在方便吗」 is a polite question
      fine: 10
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Finding
from ..schema import Option
from .base import CallContext, Rule, format_message
from .phrase_hits import (PHRASE_OPTIONS, Hit, PhraseSpecs, all_anchored, compile_phrases, find_hits, nested_spans,
                          phrase_literals)
from .ruletype import RuleType, in_every_script

if TYPE_CHECKING:
    from ..authoring.context import Judged


OPTIONS: dict[str, Option] = {
    **PHRASE_OPTIONS,
    "patterns": Option(list, default=[], item=str, doc="RE2 regular expressions over normalised text"),
}


@dataclass(frozen=True)
class ForbiddenRule(Rule):
    phrases: PhraseSpecs = PhraseSpecs(())

    def literals(self) -> list[tuple[str, str, int | None]]:
        return phrase_literals(self.phrases)

    def firing_role(self) -> str | None:
        return "phrase" if all_anchored(self.phrases) else None

    def check(self, call: CallContext, index: int) -> list[Finding]:
        findings = []
        for hit in find_hits(call, index, self.phrases, self.speaker):
            span = call.span(hit.utterance, hit.start, hit.end)
            evidence = call.transcript.utterances[hit.utterance].text[span[0]:span[1]]
            message = format_message(self.message, evidence=evidence, phrase=self.phrases[hit.phrase].label)
            findings.append(self.finding(call, message, hit.utterance, span))
        return findings


def build(common: dict[str, Any], values: dict[str, Any], slots: dict, where: Any, errors: list) -> Rule:
    if not values["phrases"] and not values["patterns"]:
        errors.append(where.error("", "a forbidden rule needs 'phrases' or 'patterns'"))
    specs = compile_phrases(values, slots, where, errors, values["patterns"])
    return ForbiddenRule(**common, phrases=specs)


def drop_nested(findings: list[Finding]) -> list[Finding]:
    """Drop a forbidden hit that lies inside a longer one in the same utterance (不知道 in 不知道就别说了)."""
    nested = nested_spans([(f.utterance, f.span[0], f.span[1]) for f in findings])
    return [f for f, inside in zip(findings, nested) if not inside]


def describe(rule: ForbiddenRule) -> list[str]:
    from ..authoring.lines import labelled, phrase_lines

    return phrase_lines(rule.phrases) + [labelled("", "a hit inside a longer hit of another forbidden rule "
                                                      "is dropped too")]


def why(judged: Judged) -> list[str]:
    from ..authoring.suppressed import hit_line, in_order, phrase_hits, uncounted_line
    from ..authoring.wording import SPEAKER_WORDS

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


def _engine_drop(judged: Judged, hit: Hit) -> str:
    """Why the engine dropped a hit of this rule: it lies inside a longer hit of another forbidden rule."""
    from ..authoring.wording import quoted

    span = judged.call.span(hit.utterance, hit.start, hit.end)
    forbidden_rules = {r.id for r in judged.pack.rules if r.type == RULE_TYPE.name}
    containing = [f for f in judged.report.findings
                  if f.rule in forbidden_rules and f.utterance == hit.utterance and f.span is not None
                  and f.span[0] <= span[0] and span[1] <= f.span[1] and f.span[1] - f.span[0] > span[1] - span[0]]
    outer = max(containing, key=lambda f: f.span[1] - f.span[0], default=None)
    if outer is None:
        return "dropped by the engine"
    return f"inside a longer forbidden expression {quoted(outer.evidence or '')} of rule {outer.rule}"


RULE_TYPE = RuleType(name="forbidden", doc=__doc__, options=OPTIONS, message_fields=("evidence", "phrase"),
                     build=build, describe=describe, why=why, in_script=in_every_script,
                     merge_findings=drop_nested)
