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
from typing import Any

from ..model import Finding
from ..pack.schema import Option
from .base import CallContext, Rule, format_message
from .phrase_hits import (PHRASE_OPTIONS, PhraseSpecs, all_anchored, compile_phrases, find_hits, nested_spans,
                          phrase_literals)

TYPE = "forbidden"
OPTIONS: dict[str, Option] = {
    **PHRASE_OPTIONS,
    "patterns": Option(list, default=[], item=str, doc="RE2 regular expressions over normalised text"),
}
MESSAGE_FIELDS = ("evidence", "phrase")


@dataclass(frozen=True)
class ForbiddenRule(Rule):
    phrases: PhraseSpecs = PhraseSpecs(())

    def literals(self) -> list[tuple[str, str, int | None]]:
        return phrase_literals(self.phrases)

    def needs_hits(self) -> bool:
        return all_anchored(self.phrases)

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
