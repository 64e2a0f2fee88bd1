"""``type: rate`` — speech rate in characters per minute (语速), per utterance or over the whole call.

Characters are counted after normalisation (no punctuation or spaces). Very short utterances are not
measured: a two-character 「好的」 in half a second would read as 240 字/分.

Example::

    - id: rate.agent
      type: rate
      category: rate
      message: 语速过快（{value} 字/分，上限 {limit} 字/分）
      per: call
      max: 220
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Finding
from ..schema import Option, non_negative
from .base import CallContext, Rule, format_message
from .ruletype import RuleType, never_in_scripts
from .timing import shown, spoken_lengths

if TYPE_CHECKING:
    from ..authoring.context import Judged


OPTIONS: dict[str, Option] = {
    "max": Option(float, check=non_negative, doc="faster than this (字/分) is a finding"),
    "min": Option(float, check=non_negative, doc="slower than this (字/分) is a finding"),
    "per": Option(str, default="call", choices=("utterance", "call"), doc="each utterance or the whole call"),
    "min_chars": Option(int, default=10, check=non_negative, doc="shorter utterances are not measured"),
    "min_seconds": Option(float, default=1.0, check=non_negative, doc="briefer utterances are not measured"),
}


@dataclass(frozen=True)
class RateRule(Rule):
    max: float | None = None
    min: float | None = None
    per: str = "call"
    min_chars: int = 10
    min_seconds: float = 1.0

    def check(self, call: CallContext, index: int) -> list[Finding]:
        utterances = call.transcript.utterances
        min_chars, min_seconds = self.min_chars, self.min_seconds
        measured = [(i, chars, seconds) for i, chars, seconds in spoken_lengths(call, self.speaker)
                    if chars >= min_chars and seconds >= min_seconds and seconds > 0]
        if self.per == "utterance":
            findings = []
            for i, chars, seconds in measured:
                finding = self._judge(call, chars / seconds * 60, i, utterances[i].start, utterances[i].end)
                if finding:
                    findings.append(finding)
            return findings
        if not measured:
            return []
        chars = sum(c for _, c, _ in measured)
        seconds = sum(s for _, _, s in measured)
        finding = self._judge(call, chars / seconds * 60, None, utterances[measured[0][0]].start,
                              utterances[measured[-1][0]].end)
        return [finding] if finding else []

    def _judge(self, call: CallContext, rate: float, utterance: int | None, start: float, end: float):
        if self.max is not None and rate > self.max:
            limit = self.max
        elif self.min is not None and rate < self.min:
            limit = self.min
        else:
            return None
        message = format_message(self.message, value=shown(rate), limit=shown(limit))
        return self.finding(call, message, utterance, start=start, end=end, measured=round(rate, 1), limit=limit)


def build(common: dict[str, Any], values: dict[str, Any], slots: dict, where: Any, errors: list) -> Rule:
    if values["max"] is None and values["min"] is None:
        errors.append(where.error("", "a rate rule needs 'max' or 'min'"))
    return RateRule(**common, max=values["max"], min=values["min"], per=values["per"],
                    min_chars=values["min_chars"], min_seconds=values["min_seconds"])


def describe(rule: RateRule) -> list[str]:
    from ..authoring.lines import labelled, limit_lines
    from ..authoring.wording import number

    per = "each utterance" if rule.per == "utterance" else "the speaker's whole speech (characters / speaking time)"
    return (limit_lines("字/分", max=rule.max, min=rule.min)
            + [labelled("per", per), labelled("measured", f"utterances of at least {rule.min_chars} characters "
                                                            f"and {number(rule.min_seconds)} s")])


def why(judged: Judged) -> list[str]:
    from ..authoring.why_timing import timing

    return timing(judged, _measured)


def _measured(judged: Judged) -> list[str]:
    from ..authoring.why_timing import limits_text, probe
    from ..authoring.wording import number

    rule = judged.rule
    measured = probe(judged, max=0.0, min=None)
    limit = f"(limit: {limits_text('字/分', max=rule.max, min=rule.min)})"
    if not measured:
        return [f"no utterance long enough to measure (≥ {rule.min_chars} characters and "
                f"≥ {number(rule.min_seconds)} s): not judged"]
    if rule.per == "call":
        return [f"whole call: {number(measured[0].measured)} 字/分 {limit}"]
    fastest = max(measured, key=lambda f: f.measured)
    slowest = min(measured, key=lambda f: f.measured)
    return [f"measured {len(measured)} utterances: fastest #{fastest.utterance} {number(fastest.measured)} 字/分, "
            f"slowest #{slowest.utterance} {number(slowest.measured)} 字/分 {limit}"]


RULE_TYPE = RuleType(name="rate", doc=__doc__, options=OPTIONS, message_fields=("value", "limit"), build=build,
                     describe=describe, why=why, in_script=never_in_scripts, timed=True)
