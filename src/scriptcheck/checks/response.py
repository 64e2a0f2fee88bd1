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

from dataclasses import dataclass
from typing import Any

from ..errors import shown
from ..model import AGENT, CUSTOMER, Finding
from ..pack.schema import Option, non_empty, percentage
from .base import CallContext, Rule, format_message
from .phrase_hits import BOUNDARIES, PhraseSpecs, all_anchored, compile_phrases, find_hits, phrase_literals
from .said import Templates, compile_templates, said, template_literals


def _positive(value: int) -> str | None:
    return None if value >= 1 else f"must be at least 1, got {shown(value)}"


TYPE = "response"
OPTIONS: dict[str, Option] = {
    "triggers": Option(list, required=True, check=non_empty, doc="what starts the obligation"),
    "trigger_speaker": Option(str, default=CUSTOMER, choices=(AGENT, CUSTOMER), doc="who says the trigger"),
    "trigger_except": Option(list, default=[], item=str, doc="contexts in which a trigger does not count"),
    "trigger_boundary": Option(str, default="none", choices=BOUNDARIES, doc="boundary for the triggers"),
    "phrases": Option(list, required=True, item=str, check=non_empty, doc="acceptable answers"),
    "within": Option(int, default=1, check=_positive, doc="utterances of the speaker that may pass"),
    "answer": Option(str, default="next", choices=("next", "end"), doc="next utterances or the last ones"),
    "similarity": Option(float, default=85.0, check=percentage, doc="fuzzy threshold for the answer"),
}
MESSAGE_FIELDS = ("evidence", "phrase")
_TRIGGERS, _ANSWERS = "trigger:", "answer:"


@dataclass(frozen=True)
class ResponseRule(Rule):
    triggers: PhraseSpecs = PhraseSpecs(())
    trigger_speaker: str = CUSTOMER
    phrases: Templates = Templates(())
    within: int = 1
    answer: str = "next"
    similarity: float = 85.0

    def literals(self) -> list[tuple[str, str, int | None]]:
        return phrase_literals(self.triggers, _TRIGGERS) + template_literals(self.phrases, _ANSWERS)

    def needs_hits(self) -> bool:
        return all_anchored(self.triggers)

    def check(self, call: CallContext, index: int) -> list[Finding]:
        findings = []
        spoken = call.by_speaker[self.speaker]
        judged: set[int] = set()
        for hit in find_hits(call, index, self.triggers, self.trigger_speaker, _TRIGGERS):
            if hit.utterance in judged:
                continue  # one obligation per utterance, however many triggers it holds
            judged.add(hit.utterance)
            if self.trigger_speaker == self.speaker and self._answered_in_place(call, hit.utterance, hit.end):
                continue  # 「请您稍等……感谢您的等待」 in one utterance: ASR merged the two turns
            window = self._window(spoken, hit.utterance)
            if not window:
                continue  # the speaker never spoke again: nothing to judge
            found, nearest = said(call, index, self.phrases, window, self.similarity, _ANSWERS)
            if found:
                continue
            span = call.span(hit.utterance, hit.start, hit.end)
            evidence = call.transcript.utterances[hit.utterance].text[span[0]:span[1]]
            message = format_message(self.message, evidence=evidence, phrase=self.phrases[0].text)
            findings.append(self.finding(call, message, hit.utterance, span, closest=nearest))
        return findings

    def _answered_in_place(self, call: CallContext, utterance: int, after: int) -> bool:
        rest = call.normalized[utterance][after:]
        return any(t.search(rest, call.fact) for t in self.phrases)

    def _window(self, spoken: list[int], trigger: int) -> list[int]:
        later = [u for u in spoken if u > trigger]
        if self.answer == "end":
            return [u for u in spoken[-self.within:] if u > trigger] if later else []
        return later[:self.within]


def build(common: dict[str, Any], values: dict[str, Any], slots: dict, where: Any, errors: list) -> Rule:
    triggers = compile_phrases(values, slots, where, errors,
                               keys=("triggers", "trigger_except", "trigger_boundary"))
    answers = compile_templates(values["phrases"], "phrases", slots, where, errors)
    return ResponseRule(**common, triggers=triggers, trigger_speaker=values["trigger_speaker"], phrases=answers,
                        within=values["within"], answer=values["answer"], similarity=values["similarity"])
