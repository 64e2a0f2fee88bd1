"""``type: declined`` — the speaker announces something the other party has just declined (强制开通).

When the speaker says one of ``phrases`` (「已经为您开通」), the other party's last ``within`` utterances
before it are read from the latest back: the first that declines (one of ``declines``: 「不需要」
「不办」) makes the announcement a finding; the first that accepts (one of ``accepts``: 「可以」「那办吧」)
clears it. An utterance that declines is a no whatever else it says (「不用了，好的，谢谢」). One finding
per refusal: repeating the announcement after the same no is the same act.

Example::

    - id: activation.declined
      type: declined
      category: forbidden
      message: 用户拒绝后仍告知已开通「{evidence}」
      phrases: [已经为您开通, 已为您办理]
      declines: [{intent: declining}, 不办]
      accepts: [可以, 好的, 办吧]
      within: 2
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import AGENT, CUSTOMER, Finding
from ..schema import Option, non_empty, positive
from .base import CallContext, Rule, format_message
from .phrase_hits import PHRASE_OPTIONS, Hit, PhraseSpecs, all_anchored, compile_phrases, find_hits, phrase_literals
from .ruletype import RuleType, in_whole_call_scripts

if TYPE_CHECKING:
    from ..authoring.context import Judged


OPTIONS: dict[str, Option] = {
    **PHRASE_OPTIONS,
    "declines": Option(list, required=True, check=non_empty, phrases=True,
                       doc="what the other party says to decline"),
    "accepts": Option(list, default=[], phrases=True, doc="what the other party says to accept (clears an earlier no)"),
    "within": Option(int, default=2, check=positive,
                     doc="the other party's utterances before the announcement that are read"),
}
_DECLINES, _ACCEPTS = "declines:", "accepts:"


@dataclass(frozen=True)
class Answer:
    utterance: int
    declined: bool
    hit: Hit


@dataclass(frozen=True)
class DeclinedRule(Rule):
    phrases: PhraseSpecs = PhraseSpecs(())
    declines: PhraseSpecs = PhraseSpecs(())
    accepts: PhraseSpecs = PhraseSpecs(())
    within: int = 2

    @property
    def other(self) -> str:
        return CUSTOMER if self.speaker == AGENT else AGENT

    def literals(self) -> list[tuple[str, str, int | None]]:
        return (phrase_literals(self.phrases) + phrase_literals(self.declines, _DECLINES)
                + phrase_literals(self.accepts, _ACCEPTS))

    def firing_role(self) -> str | None:
        return "phrase" if all_anchored(self.phrases) else None

    def check(self, call: CallContext, index: int) -> list[Finding]:
        findings = []
        judged: set[int] = set()
        for hit, answer in self.announcements(call, index):
            if answer is None or not answer.declined or answer.utterance in judged:
                continue
            judged.add(answer.utterance)
            span = call.span(hit.utterance, hit.start, hit.end)
            evidence = call.transcript.utterances[hit.utterance].text[span[0]:span[1]]
            refusal_span = call.span(answer.utterance, answer.hit.start, answer.hit.end)
            refusal = call.transcript.utterances[answer.utterance].text[refusal_span[0]:refusal_span[1]]
            message = format_message(self.message, evidence=evidence, refusal=refusal)
            findings.append(self.finding(call, message, hit.utterance, span))
        return findings

    def announcements(self, call: CallContext, index: int) -> list[tuple[Hit, Answer | None]]:
        """Each announcement (the first in its utterance) with the other party's answer that decides it."""
        hits = find_hits(call, index, self.phrases, self.speaker)
        if not hits:
            return []
        declines = _by_utterance(find_hits(call, index, self.declines, self.other, _DECLINES))
        accepts = _by_utterance(find_hits(call, index, self.accepts, self.other, _ACCEPTS))
        heard = call.by_speaker[self.other]
        out: list[tuple[Hit, Answer | None]] = []
        seen: set[int] = set()
        for hit in hits:
            if hit.utterance in seen:
                continue
            seen.add(hit.utterance)
            earlier = [u for u in heard if u < hit.utterance][-self.within:]
            out.append((hit, _deciding(earlier, declines, accepts)))
        return out


def _by_utterance(hits: list[Hit]) -> dict[int, Hit]:
    first: dict[int, Hit] = {}
    for hit in hits:
        first.setdefault(hit.utterance, hit)
    return first


def _deciding(earlier: list[int], declines: dict[int, Hit], accepts: dict[int, Hit]) -> Answer | None:
    for utterance in reversed(earlier):
        if utterance in declines:
            return Answer(utterance, True, declines[utterance])
        if utterance in accepts:
            return Answer(utterance, False, accepts[utterance])
    return None


def build(common: dict[str, Any], values: dict[str, Any], slots: dict, where: Any, errors: list) -> Rule:
    if not values["phrases"]:
        errors.append(where.error("", "missing required key 'phrases'"))
    if common["speaker"] not in (AGENT, CUSTOMER):
        errors.append(where.error("speaker", "a declined rule reads one speaker against the other: agent or customer"))
    phrases = compile_phrases(values, slots, where, errors)
    declines = compile_phrases({"declines": values["declines"], "except": [], "boundary": "none"}, slots, where,
                               errors, keys=("declines", "except", "boundary"))
    accepts = compile_phrases({"accepts": values["accepts"], "except": [], "boundary": "none"}, slots, where,
                              errors, keys=("accepts", "except", "boundary"))
    return DeclinedRule(**common, phrases=phrases, declines=declines, accepts=accepts, within=values["within"])


def describe(rule: DeclinedRule) -> list[str]:
    from ..authoring.lines import labelled, spec_lines
    from ..authoring.wording import SPEAKER_WORDS

    other = SPEAKER_WORDS[rule.other]
    return (spec_lines("announcement", rule.phrases) + spec_lines("declines", rule.declines)
            + spec_lines("accepts", rule.accepts)
            + [labelled("within", f"the {other}'s last {rule.within} utterance(s) before the announcement, "
                                  "latest first; one that declines is a no whatever else it says"),
               labelled("", "one finding per refusal")])


def why(judged: Judged) -> list[str]:
    from ..authoring.suppressed import hit_line, in_order, phrase_hits
    from ..authoring.wording import SPEAKER_WORDS, quoted

    rule, call = judged.rule, judged.call
    hits, dropped = phrase_hits(judged, rule.phrases, rule.speaker)
    if not hits:
        return [f"no announcement said by the {SPEAKER_WORDS[rule.speaker]}: nothing to judge"] + in_order(dropped)
    lines = []
    for hit, answer in rule.announcements(call, judged.index):
        lines.append(hit_line(judged, hit, rule.phrases, "announcement"))
        if answer is None:
            lines.append(f"  the {SPEAKER_WORDS[rule.other]} neither declined nor accepted in its last "
                         f"{rule.within} utterance(s) before it: not judged")
            continue
        said = call.normalized[answer.utterance][answer.hit.start:answer.hit.end]
        verdict = "declined: a finding" if answer.declined else "accepted: no finding"
        lines.append(f"  #{answer.utterance} {quoted(said)} {verdict}")
    return lines + in_order(dropped)


RULE_TYPE = RuleType(name="declined", doc=__doc__, options=OPTIONS, message_fields=("evidence", "refusal"),
                     build=build, describe=describe, why=why, in_script=in_whole_call_scripts)
