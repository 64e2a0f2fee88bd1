"""``type: silence`` — the speaker leaves the line silent too long before speaking.

The gap is measured from the end of the previous utterance (anyone's) to the start of the speaker's
utterance. A gap that follows the speaker's own hold announcement is the hold rule's to judge.

Example::

    - id: silence.agent
      type: silence
      category: silence
      message: 静默时间过长（{value} 秒，上限 {limit} 秒）
      max: 15
      except_after: [请您稍等]
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Finding
from ..schema import Option, non_negative
from .base import CallContext, Rule, format_message
from .phrase_hits import PhraseSpecs, compile_phrases, find_hits, phrase_literals
from .ruletype import RuleType, never_in_scripts
from .timing import shown

if TYPE_CHECKING:
    from ..authoring.context import Judged


OPTIONS: dict[str, Option] = {
    "max": Option(float, required=True, check=non_negative, doc="longest gap in seconds"),
    "except_after": Option(list, default=[], doc="a gap after the speaker says one of these is not judged"),
}


@dataclass(frozen=True)
class SilenceRule(Rule):
    max: float = 0.0
    except_after: PhraseSpecs = PhraseSpecs(())

    def literals(self) -> list[tuple[str, str, int | None]]:
        return phrase_literals(self.except_after)

    def check(self, call: CallContext, index: int) -> list[Finding]:
        utterances = call.transcript.utterances
        excused: set[int] | None = None  # worked out at the first long gap: most calls have none
        findings = []
        latest_end: float | None = None
        last_own: int | None = None
        own = call.speaker_set(self.speaker)
        for i in call.timed_in_order():
            said = utterances[i]
            if i in own:
                gap = said.start - latest_end if latest_end is not None else 0.0
                if gap > self.max:
                    if excused is None:
                        excused = {h.utterance for h in find_hits(call, index, self.except_after, self.speaker)}
                    if last_own not in excused:
                        message = format_message(self.message, value=shown(gap), limit=shown(self.max))
                        findings.append(self.finding(call, message, i, start=latest_end, end=said.start,
                                                     measured=round(gap, 1), limit=self.max))
                last_own = i
            if latest_end is None or said.end > latest_end:
                latest_end = said.end
        return findings


def build(common: dict[str, Any], values: dict[str, Any], slots: dict, where: Any, errors: list) -> Rule:
    values = {**values, "except": [], "boundary": "none"}
    after = compile_phrases(values, slots, where, errors, keys=("except_after", "except", "boundary"))
    return SilenceRule(**common, max=values["max"], except_after=after)


def describe(rule: SilenceRule) -> list[str]:
    from ..authoring.lines import limit_lines, spec_lines

    lines = limit_lines("s of silence before the speaker's utterance", max=rule.max)
    return lines + (spec_lines("except after", rule.except_after) if rule.except_after else [])


def why(judged: Judged) -> list[str]:
    from ..authoring.why_timing import timing

    return timing(judged, _measured)


def _measured(judged: Judged) -> list[str]:
    from ..authoring.why_timing import probe
    from ..authoring.wording import number, utterances

    rule = judged.rule
    gaps = probe(judged, max=0.0)
    lines = []
    if gaps:
        longest = max(gaps, key=lambda f: f.measured)
        lines.append(f"longest silence before the speaker spoke: {number(longest.measured)} s before "
                     f"#{longest.utterance} (limit {number(rule.max)} s)")
    else:
        lines.append(f"no silence before the speaker's utterances (limit {number(rule.max)} s)")
    if rule.except_after:
        excused = sorted({h.utterance for h in find_hits(judged.call, judged.index, rule.except_after, rule.speaker)})
        if excused:
            lines.append(f"gaps after {utterances(excused)} are left to the hold rule")
    return lines


RULE_TYPE = RuleType(name="silence", doc=__doc__, options=OPTIONS, message_fields=("value", "limit"), build=build,
                     describe=describe, why=why, in_script=never_in_scripts, timed=True)
