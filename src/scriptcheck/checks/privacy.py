"""``type: privacy`` — the agent says a phone, ID-card or bank-card number the customer did not give (泄露资料).

A number the agent says is the customer's own, and no disclosure, when the customer said its digits in the
call (before or after, typed, grouped, in Chinese numerals or cut across utterances), when it is the call's
own number (the facts in ``own``: the caller's number), when the agent reads it back as the customer's
(``owner`` words just before it: 您的, 您登记的; or a ``questions`` word just after it: 对吗), or when it
is one of the company's ``public`` numbers. Masked numbers (138****5678) and numbers anonymised by the
transcript's producer (0000000) are nobody's. Each distinct number is one finding (the standard fines
每户, per person).

Example::

    - id: privacy.third_party
      type: privacy
      category: privacy
      message: 客服说出客户未提供的{kind}「{evidence}」
      kinds: [mobile, id_card, bank_card]
      public: ["4008123456"]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import AGENT, CUSTOMER, Finding
from ..schema import Option
from .base import CallContext, Rule, format_message
from .ruletype import RuleType, in_every_script
from .said import Templates, compile_templates
from .spoken_numbers import KIND_WORDS, Number, digits_in, digits_of, kinds_problem, may_say_kinds, numbers_of, said_as

if TYPE_CHECKING:
    from ..authoring.context import Judged

_DIGITS = re.compile(r"^[0-9]{3,20}$")


def _public(value: list) -> str | None:
    wrong = [v for v in value if not _DIGITS.match(str(v))]
    return f"public numbers are written as 3 to 20 digits, got {wrong}" if wrong else None


OPTIONS: dict[str, Option] = {
    "kinds": Option(list, default=["mobile", "id_card", "bank_card"], item=str, check=kinds_problem,
                    doc="the numbers that must not be disclosed: mobile, landline, id_card, bank_card"),
    "public": Option(list, default=[], item=(str, int), check=_public,
                     doc="the company's own numbers (hotlines, public numbers): never a disclosure"),
    "own": Option(list, default=["customer.phone", "metadata.caller_number"], item=str,
                  doc="call facts holding the customer's own numbers"),
    "owner": Option(list, default=[], item=(str, dict), phrases=True,
                    doc="words just before a number that read it back as the customer's own (您登记的)"),
    "questions": Option(list, default=[], item=(str, dict), phrases=True,
                        doc="words just after a number that ask the customer to confirm it as theirs (对吗)"),
}
_AROUND = 10  # characters before / after a number searched for owner words and questions


@dataclass(frozen=True)
class Disclosure:
    number: Number
    excused: str = ""  # why it is no disclosure


@dataclass(frozen=True)
class PrivacyRule(Rule):
    kinds: tuple[str, ...] = ("mobile", "id_card", "bank_card")
    public: frozenset[str] = frozenset()
    own: tuple[str, ...] = ()
    owner: Templates = Templates(())
    questions: Templates = Templates(())

    def check(self, call: CallContext, index: int) -> list[Finding]:
        findings = []
        for said in self.disclosures(call):
            if said.excused:
                continue
            number = said.number
            span, evidence = said_as(call, number)
            message = format_message(self.message, evidence=evidence, kind=KIND_WORDS[number.kind])
            findings.append(self.finding(call, message, number.utterance, span))
        return findings

    def disclosures(self, call: CallContext) -> list[Disclosure]:
        """Each distinct number of the ``kinds`` the agent says, with why it is no disclosure if it is not."""
        if "order" not in self.kinds and not may_say_kinds(call, AGENT):
            return []
        said = [n for n in numbers_of(call, AGENT) if n.kind in self.kinds]
        if not said:
            return []
        out, seen = [], set()
        for number in said:
            if number.digits in seen:
                continue
            seen.add(number.digits)
            out.append(Disclosure(number, self._excuse(call, number)))
        return out

    def _excuse(self, call: CallContext, number: Number) -> str:
        digits = number.digits
        if digits in self.public:
            return "a public number of the company"
        if digits in digits_of(call, CUSTOMER):
            return "the customer said it in the call"
        for path in self.own:
            value = call.fact(path)
            if value is not None and digits in digits_in(str(value)):
                return f"the call's own number ({path})"
        before = call.normalized[number.utterance][max(0, number.start - _AROUND):number.start]
        if self.owner.first(before, call.fact) is not None:
            return "read back as the customer's own"
        after = call.normalized[number.end_utterance][number.end:number.end + _AROUND]
        if self.questions.first(after, call.fact) is not None:
            return "asked back for the customer to confirm"
        return ""


def build(common: dict[str, Any], values: dict[str, Any], slots: dict, where: Any, errors: list) -> Rule:
    return PrivacyRule(**common, kinds=tuple(values["kinds"]), public=frozenset(str(v) for v in values["public"]),
                       own=tuple(values["own"]),
                       owner=compile_templates(values["owner"], "owner", slots, where, errors),
                       questions=compile_templates(values["questions"], "questions", slots, where, errors))


def describe(rule: PrivacyRule) -> list[str]:
    from ..authoring.lines import labelled, template_lines

    return ([labelled("numbers", ", ".join(rule.kinds)),
             labelled("not", "numbers the customer said in the call, its own numbers ("
                      + (", ".join(rule.own) or "none") + "), masked or anonymised ones")]
            + ([labelled("public", ", ".join(sorted(rule.public)))] if rule.public else [])
            + template_lines("owner words", rule.owner) + template_lines("questions", rule.questions)
            + [labelled("", "each distinct number is one finding")])


def why(judged: Judged) -> list[str]:
    said = judged.rule.disclosures(judged.call)
    if not said:
        return [f"the agent says no number of the kinds {', '.join(judged.rule.kinds)}"]
    return [f"#{d.number.utterance} the agent says a {d.number.kind} number: "
            + (f"no disclosure, {d.excused}" if d.excused else "not the customer's: a disclosure") for d in said]


RULE_TYPE = RuleType(name="privacy", doc=__doc__, options=OPTIONS, message_fields=("evidence", "kind"),
                     build=build, describe=describe, why=why, in_script=in_every_script)
