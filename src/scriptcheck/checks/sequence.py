"""``type: sequence`` — one thing must come before another (请问还有其他问题吗 before 再见).

Example::

    - id: closing.anything_else
      type: sequence
      category: closing
      message: 结束通话前未询问「请问还有其它问题吗？」
      phrases: [再见]
      before: ["请问还有{*}问题吗"]
      within: 3
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Finding
from ..schema import Option, non_empty, percentage, positive
from .base import CallContext, Rule, format_message
from .phrase_hits import PHRASE_OPTIONS, Hit, PhraseSpecs, all_anchored, compile_phrases, find_hits, phrase_literals
from .ruletype import RuleType, in_whole_call_scripts
from .said import Templates, closest, compile_templates, effective_similarity, said_exactly, template_literals

if TYPE_CHECKING:
    from ..authoring.context import Judged


OPTIONS: dict[str, Option] = {
    **PHRASE_OPTIONS,
    "before": Option(list, required=True, item=(str, dict), check=non_empty, phrases=True,
                     doc="what must precede the anchor"),
    "within": Option(int, default=3, check=positive,
                     doc="earlier utterances of the speaker searched"),
    "similarity": Option(float, check=percentage, doc="fuzzy threshold for 'before' (default: the intents' or 85)"),
}
_BEFORE = "before:"


@dataclass(frozen=True)
class SequenceRule(Rule):
    anchors: PhraseSpecs = PhraseSpecs(())
    before: Templates = Templates(())
    within: int = 3
    similarity: float = 85.0

    def literals(self) -> list[tuple[str, str, int | None]]:
        return phrase_literals(self.anchors) + template_literals(self.before, _BEFORE)

    def firing_role(self) -> str | None:
        return "phrase" if all_anchored(self.anchors) else None

    def check(self, call: CallContext, index: int) -> list[Finding]:
        hits = find_hits(call, index, self.anchors, self.speaker)
        if not hits:
            return []
        anchor = hits[0]
        spoken = call.by_speaker[self.speaker]
        before = bisect_left(spoken, anchor.utterance)  # the speaker's utterances are in transcript order
        earlier = spoken[max(0, before - self.within):before]
        if said_exactly(call, index, self.before, earlier, _BEFORE) or self._asked_first(call, index, anchor):
            return []
        nearest = closest(call, self.before, earlier)
        if nearest is not None and nearest.similarity >= self.similarity:
            return []
        span = call.span(anchor.utterance, anchor.start, anchor.end)
        evidence = call.transcript.utterances[anchor.utterance].text[span[0]:span[1]]
        message = format_message(self.message, evidence=evidence, phrase=self.before[0].text)
        return [self.finding(call, message, anchor.utterance, span, closest=nearest)]

    def _asked_first(self, call: CallContext, index: int, anchor: Hit) -> bool:
        """The question may come in the anchor's own utterance, before it (还有其他问题吗？没有的话再见)."""
        own_text = call.normalized[anchor.utterance][:anchor.start]
        for utterance, role, phrase, _, end in call.hits_by_rule.get(index, ()):
            if utterance == anchor.utterance and role == _BEFORE + "phrase" and end <= anchor.start:
                template = self.before[phrase]
                if template.literal or template.search(own_text, call.fact):
                    return True
        return any(not t.anchor and t.search(own_text, call.fact) for t in self.before)


def build(common: dict[str, Any], values: dict[str, Any], slots: dict, where: Any, errors: list) -> Rule:
    if not values["phrases"]:
        errors.append(where.error("", "missing required key 'phrases'"))
    anchors = compile_phrases(values, slots, where, errors)
    before = compile_templates(values["before"], "before", slots, where, errors)
    return SequenceRule(**common, anchors=anchors, before=before, within=values["within"],
                        similarity=effective_similarity(values["similarity"], before))


def describe(rule: SequenceRule) -> list[str]:
    from ..authoring.lines import labelled, similarity_line, spec_lines, template_lines

    return (spec_lines("anchor", rule.anchors) + template_lines("before it", rule.before)
            + [labelled("within", f"the anchor's own utterance or the speaker's {rule.within} earlier utterance(s)"),
               similarity_line(rule.similarity),
               labelled("", "only the first anchor of a call is judged")])


def why(judged: Judged) -> list[str]:
    from ..authoring.suppressed import hit_line, in_order, phrase_hits
    from ..authoring.why_said import exact_match, first_match, verdict
    from ..authoring.wording import SPEAKER_WORDS, utterances

    rule, call = judged.rule, judged.call
    hits, dropped = phrase_hits(judged, rule.anchors, rule.speaker)
    if not hits:
        return [f"no anchor said by the {SPEAKER_WORDS[rule.speaker]}: nothing to judge"] + in_order(dropped)
    anchor = hits[0]
    lines = [hit_line(judged, anchor, rule.anchors, "anchor")]
    if len(hits) > 1:
        lines.append(f"later anchors are not judged: {utterances([h.utterance for h in hits[1:]])}")
    earlier = [u for u in call.by_speaker[rule.speaker] if u < anchor.utterance][-rule.within:]
    lines.append(f"searched: {utterances(earlier)} and #{anchor.utterance} before the anchor")
    own = first_match(call, rule.before, anchor.utterance, 0, anchor.start)
    found = exact_match(call, rule.before, earlier) or own
    if found:
        return lines + [f"said before it: {found}"] + in_order(dropped)
    return lines + verdict(call, rule.before, earlier, rule.similarity, exact_first=False) + in_order(dropped)


RULE_TYPE = RuleType(name="sequence", doc=__doc__, options=OPTIONS, message_fields=("evidence", "phrase"),
                     build=build, describe=describe, why=why, in_script=in_whole_call_scripts)
