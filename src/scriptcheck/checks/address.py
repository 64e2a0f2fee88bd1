"""``type: address`` — address the customer by surname and title (王先生/王女士) at least N times.

The surname comes from the call fact ``customer.surname`` or from what the customer says (「我姓王」).
A call whose customer's surname is unknown is not judged.

Example::

    - id: address.surname
      type: address
      category: address
      message: 未按规范称呼客户「{evidence}先生/女士」（{count} 次，至少 {limit} 次）
      min: 2
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..model import CUSTOMER, Finding, Occurrence
from ..phrases import TemplateError, compile_regex
from ..schema import Option, non_negative
from ..text import normalize
from .base import CallContext, Rule, format_message
from .ruletype import RuleType, in_whole_call_scripts

if TYPE_CHECKING:
    from ..authoring.context import Judged


DEFAULT_SURNAME_PATTERNS = [r"我姓(\p{Han})", r"免贵姓(\p{Han})"]
OPTIONS: dict[str, Option] = {
    "min": Option(int, default=2, check=non_negative, doc="required number of addresses"),
    "titles": Option(list, default=["先生", "女士", "小姐"], item=str, doc="titles after the surname"),
    "surname_patterns": Option(list, default=DEFAULT_SURNAME_PATTERNS, item=str,
                               doc="RE2 patterns whose group 1 is a surname the customer states"),
}


@dataclass(frozen=True)
class AddressRule(Rule):
    min: int = 2
    titles: tuple[str, ...] = ()
    surname_patterns: tuple[Any, ...] = ()

    def check(self, call: CallContext, index: int) -> list[Finding]:
        surname = self._surname(call)
        if not surname:
            return []
        forms = [surname + title for title in self.titles]
        said = call.joined(self.speaker)
        if _said_at_least(said, forms, self.min):
            return []
        places = _places(said, forms, call.by_speaker[self.speaker])  # only for the finding's evidence
        occurrences = []
        for utterance, _, start, end in places:  # spans in the original text, only for a finding
            span = call.span(utterance, start, end)
            original = call.transcript.utterances[utterance].text
            occurrences.append(Occurrence(utterance, span, original[span[0]:span[1]]))
        message = format_message(self.message, count=len(places), limit=self.min, evidence=surname)
        return [self.finding(call, message, occurrences=tuple(occurrences))]

    def _surname(self, call: CallContext) -> str:
        known = call.fact("customer.surname")
        stated = normalize(known) if isinstance(known, str) else ""
        if stated:
            return stated
        for utterance in call.by_speaker[CUSTOMER]:
            for pattern in self.surname_patterns:
                match = pattern.search(call.normalized[utterance])
                if match and match.group(1):
                    return match.group(1)
        return ""


def _said_at_least(said: str, forms: list[str], limit: int) -> bool:
    """``said`` holds at least ``limit`` forms; counted form by form only until that many are found (the first
    titles are the usual ones)."""
    count = 0
    for form in forms:
        count += said.count(form)
        if count >= limit:
            return True
    return count >= limit


def _places(said: str, forms: list[str], spoken: list[int]) -> list[tuple[int, int, int, int]]:
    """(utterance, form, start, end) of each form in ``said`` (the utterances of ``spoken`` joined by newlines),
    by utterance, then form, then place in the utterance."""
    # Searched in the joined text rather than utterance by utterance: a rule short of addresses has found
    # few or none, and most utterances hold no form.
    places = []
    for i, form in enumerate(forms):
        at = said.find(form)
        while at >= 0:
            line, line_start = CallContext.line_at(said, at)
            places.append((spoken[line], i, at - line_start, at - line_start + len(form)))
            at = said.find(form, at + len(form))
    places.sort()
    return places


def build(common: dict[str, Any], values: dict[str, Any], slots: dict, where: Any, errors: list) -> Rule:
    patterns = []
    for i, text in enumerate(values["surname_patterns"]):
        try:
            pattern = compile_regex(text)
        except TemplateError as exc:
            errors.append(where.error(f"surname_patterns[{i}]", str(exc)))
            continue
        if pattern.groups < 1:
            errors.append(where.error(f"surname_patterns[{i}]", "needs a group (…) that captures the surname"))
            continue
        patterns.append(pattern)
    titles = tuple(t for t in (normalize(x) for x in values["titles"]) if t)
    if not titles:
        errors.append(where.error("titles", "needs at least one title"))
    return AddressRule(**common, min=values["min"], titles=titles, surname_patterns=tuple(patterns))


def describe(rule: AddressRule) -> list[str]:
    from ..authoring.lines import labelled
    from ..authoring.wording import listed

    patterns = [p.pattern for p in rule.surname_patterns]
    return [labelled("minimum", f"surname + title at least {rule.min} times"),
            labelled("titles", listed(rule.titles)),
            labelled("surname", "the call fact customer.surname, else what the customer says: " + listed(patterns)),
            labelled("", "a call whose customer's surname is unknown is not judged")]


def why(judged: Judged) -> list[str]:
    from ..authoring.wording import quoted

    rule, call = judged.rule, judged.call
    surname, origin = _surname_and_origin(judged)
    if not surname:
        return ["the customer's surname is unknown (no customer.surname, not stated by the customer): not judged"]
    # A rule that can never be satisfied reports every address it counted.
    probe = replace(rule, min=sys.maxsize).check(call, judged.index)
    occurrences = probe[0].occurrences if probe else ()
    lines = [f"surname {quoted(surname)} {origin}"]
    lines += [f"addressed: #{o.utterance} [{o.span[0]}:{o.span[1]}] {quoted(o.evidence)}" for o in occurrences]
    verdict = "enough" if len(occurrences) >= rule.min else "too few: a finding"
    return lines + [f"count {len(occurrences)}, at least {rule.min} required: {verdict}"]


def _surname_and_origin(judged: Judged) -> tuple[str, str]:
    """The surname the rule uses and where it came from (as ``AddressRule`` finds it)."""
    from ..authoring.wording import said

    call = judged.call
    known = call.fact("customer.surname")
    if isinstance(known, str) and normalize(known):
        return normalize(known), "from the call fact customer.surname"
    for utterance in call.by_speaker[CUSTOMER]:
        for pattern in judged.rule.surname_patterns:
            match = pattern.search(call.normalized[utterance])
            if match and match.group(1):
                return match.group(1), f"stated by the customer in {said(call, utterance)}"
    return "", ""


RULE_TYPE = RuleType(name="address", doc=__doc__, options=OPTIONS, message_fields=("count", "limit", "evidence"),
                     build=build, describe=describe, why=why, in_script=in_whole_call_scripts)
