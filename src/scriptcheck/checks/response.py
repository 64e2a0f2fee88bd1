"""``type: response`` — when one party says something, the other must answer in kind.

Customer thanks → 「不用谢，这是我们应该做的」; customer apologises → 「没关系」; a complaint → an
apology first; the agent's own 「请您稍等」 → 「感谢您的等待」 (the trigger speaker may be the speaker).

Example::

    - id: response.thanks
      type: response
      category: response
      message: 客户致谢后未回应「不用谢，这是我们应该做的」
      triggers: [谢谢]
      phrases: [不用谢, 不客气]
      within: 1
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from ..model import AGENT, CUSTOMER, Finding
from ..schema import Option, non_empty, non_negative, percentage, positive
from .base import CallContext, Rule, format_message
from .phrase_hits import BOUNDARIES, Hit, PhraseSpecs, all_anchored, compile_phrases, phrase_literals
from .ruletype import RuleType, in_whole_call_scripts
from .said import Templates, compile_templates, effective_similarity, said, said_exactly, template_literals
from .shared_hits import canonical, shared_hits
from .waits import answered_in_place, comeback

if TYPE_CHECKING:
    from ..authoring.context import Judged


OPTIONS: dict[str, Option] = {
    "triggers": Option(list, required=True, check=non_empty, phrases=True, doc="what starts the obligation"),
    "trigger_speaker": Option(str, default=CUSTOMER, choices=(AGENT, CUSTOMER), doc="who says the trigger"),
    "trigger_except": Option(list, default=[], item=str, doc="contexts in which a trigger does not count"),
    "trigger_boundary": Option(str, default="none", choices=BOUNDARIES, doc="boundary for the triggers"),
    "phrases": Option(list, required=True, item=(str, dict), check=non_empty, phrases=True, doc="acceptable answers"),
    "within": Option(int, default=1, check=positive, doc="utterances of the speaker that may pass"),
    "answer": Option(str, default="next", choices=("next", "end"), doc="next utterances or the last ones"),
    "similarity": Option(float, check=percentage, doc="fuzzy threshold for the answer (default: the intents' or 85)"),
    "covered_by_earlier": Option(bool, default=False,
                                 doc="an answer the speaker already gave earlier in the call covers the trigger"),
    "hold": Option(bool, default=False, doc="the trigger asks the other party to wait: judged where the speaker "
                                           "comes back after a wait, not when answered at once"),
    "holding": Option(list, default=[], item=(str, dict), phrases=True,
                      doc="with hold: what the speaker may add after the request and still keep them waiting"),
    "min_wait": Option(float, default=5.0, check=non_negative,
                       doc="with hold: a gap in the timestamps that counts as a wait (seconds)"),
    "finished": Option(list, default=[], item=(str, dict), phrases=True,
                       doc="with hold: what says the answer came at once (「查到了」「帮您看了」)"),
    "trigger_not_after": Option(list, default=[], item=(str, dict), phrases=True,
                                doc="the trigger does not count right after the speaker said one of these"),
    "after_speaker": Option(bool, default=False,
                            doc="a trigger counts only once the speaker has said something (thanks for help received)"),
}
_TRIGGERS, _ANSWERS, _NOT_AFTER = "trigger:", "answer:", "not after:"


class Obligation(NamedTuple):  # a named tuple: built for every trigger of every call
    trigger: Hit
    window: tuple[int, ...]  # where the answer is looked for
    skipped: str = ""  # why the trigger is not judged, if it is not


@dataclass(frozen=True)
class ResponseRule(Rule):
    triggers: PhraseSpecs = PhraseSpecs(())
    trigger_speaker: str = CUSTOMER
    phrases: Templates = Templates(())
    within: int = 1
    answer: str = "next"
    similarity: float = 85.0
    covered_by_earlier: bool = False
    hold: bool = False
    holding: Templates = Templates(())
    min_wait: float = 5.0
    finished: Templates = Templates(())
    trigger_not_after: Templates = Templates(())
    after_speaker: bool = False

    def literals(self) -> list[tuple[str, str, int | None]]:
        return (phrase_literals(self.triggers, _TRIGGERS) + template_literals(self.phrases, _ANSWERS)
                + template_literals(self.trigger_not_after, _NOT_AFTER))

    def firing_role(self) -> str | None:
        return _TRIGGERS + "phrase" if all_anchored(self.triggers) else None

    def check(self, call: CallContext, index: int) -> list[Finding]:
        findings = []
        for duty in self.obligations(call, index):
            if duty.skipped:
                continue
            found, nearest = said(call, index, self.phrases, duty.window, self.similarity, _ANSWERS)
            if found:
                continue
            hit = duty.trigger
            span = call.span(hit.utterance, hit.start, hit.end)
            evidence = call.transcript.utterances[hit.utterance].text[span[0]:span[1]]
            message = format_message(self.message, evidence=evidence, phrase=self.phrases[0].text)
            findings.append(self.finding(call, message, hit.utterance, span, closest=nearest))
        return findings

    def obligations(self, call: CallContext, index: int) -> list[Obligation]:
        """Each trigger, with the utterances its answer is looked for in, or why it is not judged."""
        duties: list[Obligation] = []
        spoken = call.by_speaker[self.speaker]
        judged: set[int] = set()
        hits = shared_hits(call, index, self.triggers, self.trigger_speaker, _TRIGGERS)
        if not hits:
            return duties  # most calls, for most response rules: nothing to answer
        is_request = _Requests(self, call, hits) if self.hold else None
        for hit in hits:
            if hit.utterance in judged:
                duties.append(Obligation(hit, (), "same utterance as an earlier trigger, or part of a hold "
                                                  "already judged"))
                continue
            judged.add(hit.utterance)
            if self.after_speaker and not (spoken and spoken[0] < hit.utterance):
                duties.append(Obligation(hit, (), "said before the speaker had said anything (after_speaker)"))
                continue
            if self.trigger_not_after and self._after_excluded(call, index, hit.utterance):
                duties.append(Obligation(hit, (), "it answers what the speaker had just said (trigger_not_after)"))
                continue
            if self.trigger_speaker == self.speaker and self._answered_in_place(call, hit.utterance, hit.end):
                # 「请您稍等……感谢您的等待」 in one utterance: ASR merged the two turns
                duties.append(Obligation(hit, (), "answered in the same utterance"))
                continue
            if self.hold:
                if not is_request(hit.utterance):
                    duties.append(Obligation(hit, (), "the same utterance goes on to the answer: no wait"))
                    continue
                back = comeback(call, hit.utterance, self.speaker, is_request, self.min_wait)
                if back is None:
                    duties.append(Obligation(hit, (), "no wait: the speaker went on before the customer spoke "
                                                      "or the timestamps showed a gap, or never came back"))
                    continue
                judged.update(back.requests)  # several 稍等 during one wait are one hold
                window = tuple(back.requests[1:]) + tuple([u for u in spoken if u >= back.utterance][:self.within])
            else:
                window = tuple(self._window(spoken, hit.utterance))
            if not window:
                duties.append(Obligation(hit, (), "the speaker did not speak again"))
            elif self.covered_by_earlier and self._answered_before(call, index, spoken, hit.utterance):
                duties.append(Obligation(hit, window, "covered by an answer given earlier in the call"))
            else:
                duties.append(Obligation(hit, window))
        return duties

    def _in_place(self, call: CallContext, hit: Hit) -> bool:
        return answered_in_place(call, hit.utterance, (hit.start, hit.end), self.holding, self.finished)

    def _after_excluded(self, call: CallContext, index: int, trigger: int) -> bool:
        before = trigger - 1
        if before < 0 or call.transcript.utterances[before].speaker != self.speaker:
            return False
        not_after = self.trigger_not_after
        if not_after.anchored:  # its one pass over the utterance finds what the rule's hits there would tell
            return not_after.first(call.normalized[before], call.fact) is not None
        key = ("not after", index)
        anchored = call.memo.get(key)
        if anchored is None:  # one pass over the rule's hits per call, not one per trigger
            role = _NOT_AFTER + "phrase"
            anchored = call.memo[key] = {u for u, found, _, _, _ in call.hits_by_rule.get(index, ()) if found == role}
        return before in anchored and not_after.first(call.normalized[before], call.fact) is not None

    def _answered_before(self, call: CallContext, index: int, spoken: list[int], trigger: int) -> bool:
        return said_exactly(call, index, self.phrases, spoken[:bisect_left(spoken, trigger)], _ANSWERS)

    def _answered_in_place(self, call: CallContext, utterance: int, after: int) -> bool:
        return self.phrases.first(call.normalized[utterance][after:], call.fact) is not None

    def _window(self, spoken: list[int], trigger: int) -> list[int]:
        after = bisect_right(spoken, trigger)  # the speaker's utterances are in transcript order
        if self.answer == "end":
            return [u for u in spoken[-self.within:] if u > trigger] if after < len(spoken) else []
        return spoken[after:after + self.within]


class _Requests:
    """Which utterances ask for a wait (a trigger not answered in place), worked out only where asked:
    most triggers are judged without looking at the utterances after them."""

    def __init__(self, rule: ResponseRule, call: CallContext, hits: list[Hit]) -> None:
        self._rule, self._call = rule, call
        self._hits: dict[int, list[Hit]] = {}
        for hit in hits:
            self._hits.setdefault(hit.utterance, []).append(hit)
        self._known: dict[int, bool] = {}

    def __call__(self, utterance: int) -> bool:
        known = self._known.get(utterance)
        if known is None:
            hits = self._hits.get(utterance, ())
            known = self._known[utterance] = bool(hits) and (
                not self._rule.hold or any(not self._rule._in_place(self._call, h) for h in hits))
        return known


def build(common: dict[str, Any], values: dict[str, Any], slots: dict, where: Any, errors: list) -> Rule:
    triggers = canonical(compile_phrases(values, slots, where, errors,
                                         keys=("triggers", "trigger_except", "trigger_boundary")))
    answers = compile_templates(values["phrases"], "phrases", slots, where, errors)
    holding = compile_templates(values["holding"], "holding", slots, where, errors)
    finished = compile_templates(values["finished"], "finished", slots, where, errors)
    for key in ("holding", "finished"):
        if values[key] and not values["hold"]:
            errors.append(where.error(key, f"'{key}' goes with 'hold: true'"))
    if values["hold"] and common["speaker"] != values["trigger_speaker"]:
        errors.append(where.error("hold", "a hold is asked for and ended by the same speaker: "
                                  "'trigger_speaker' must equal 'speaker'"))
    return ResponseRule(**common, triggers=triggers, trigger_speaker=values["trigger_speaker"], phrases=answers,
                        within=values["within"], answer=values["answer"],
                        similarity=effective_similarity(values["similarity"], answers),
                        covered_by_earlier=values["covered_by_earlier"], hold=values["hold"], holding=holding,
                        min_wait=values["min_wait"], finished=finished, after_speaker=values["after_speaker"],
                        trigger_not_after=compile_templates(values["trigger_not_after"], "trigger_not_after", slots,
                                                            where, errors))


def describe(rule: ResponseRule) -> list[str]:
    from ..authoring.lines import labelled, similarity_line, spec_lines, template_lines
    from ..authoring.wording import SPEAKER_WORDS

    whose = SPEAKER_WORDS[rule.speaker]
    answer = (f"in the {whose}'s next {rule.within} utterance(s) after the trigger" if rule.answer == "next"
              else f"in the {whose}'s last {rule.within} utterance(s) of the call")
    return (spec_lines("triggers", rule.triggers) + [labelled("said by", SPEAKER_WORDS[rule.trigger_speaker])]
            + template_lines("answers", rule.phrases)
            + [labelled("answer", answer), similarity_line(rule.similarity),
               labelled("", "a trigger after which the speaker never speaks again is not judged")])


def why(judged: Judged) -> list[str]:
    from ..authoring.suppressed import hit_line, in_order, phrase_hits
    from ..authoring.why_said import verdict
    from ..authoring.wording import utterances

    rule, call = judged.rule, judged.call
    hits, dropped = phrase_hits(judged, rule.triggers, rule.trigger_speaker, _TRIGGERS)
    lines = [] if hits else [f"no trigger said by the {rule.trigger_speaker}: nothing to answer"]
    for duty in rule.obligations(call, judged.index):
        lines.append(hit_line(judged, duty.trigger, rule.triggers, "trigger"))
        if duty.window:
            lines.append(f"  answer window: {utterances(list(duty.window))}")
        if duty.skipped:
            lines.append(f"  not judged: {duty.skipped}")
            continue
        lines += ["  " + line for line in verdict(call, rule.phrases, list(duty.window), rule.similarity)]
    return lines + in_order(dropped)


RULE_TYPE = RuleType(name="response", doc=__doc__, options=OPTIONS, message_fields=("evidence", "phrase"),
                     build=build, describe=describe, why=why, in_script=in_whole_call_scripts)
