"""``type: readback`` — a number or address the customer gives is read back for confirmation (复述确认), and thanked for.

With ``step: read_back`` (the default): when the customer gives a phone number (or another ``kinds`` of
number), the agent must repeat it — all its digits, or its last four (尾号) — or say one of ``phrases``
(「您的电话号码是……对吗」, for transcripts that write the digits differently) in the next ``within``
agent utterances. An ``address`` (kind) is read back when the agent repeats one of its numbered units
(5栋, 501室, 中山路128号, in any numerals), a number of two digits or more of it (501), or part of a place
name it holds (幸福小区) — or says one of ``phrases`` (「您的地址是……对吗」). With ``step: thanks``: when the agent read a number back as a question (``questions``:
对吗, 是吗 …) and the customer's next utterance confirms it (``confirmations``), the agent's next utterance
must thank (``phrases``: 谢谢). Numbers are found in digits, grouped or in Chinese numerals (幺三八…), also
when ASR cuts them across utterances; a number the agent said first (the customer repeating it) is not
one the customer gives.

Example::

    - id: readback.number
      type: readback
      category: data
      message: 客户告知电话号码「{evidence}」后未复述确认
      kinds: [mobile, landline]
      phrases: ["号码是{*}对吗"]
      within: 2
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from ..model import AGENT, CUSTOMER, Finding
from ..schema import Option, positive
from .base import CallContext, Rule, format_message
from .ruletype import RuleType, in_whole_call_scripts
from .said import Templates, compile_templates
from .spoken_addresses import (Address, addresses_of, may_hold_unit, numbers_in, place_said, said_part, unit_utterances,
                               units_of)
from .spoken_numbers import KIND_WORDS, KINDS, Number, digits_in, digits_of, numbers_of, said_as

if TYPE_CHECKING:
    from ..authoring.context import Judged

ADDRESS = "address"
READ_BACK_KINDS = (*KINDS, ADDRESS)


def _kinds_problem(value: list) -> str | None:
    unknown = [k for k in value if k not in READ_BACK_KINDS]
    if unknown or not value:
        return f"kinds are {', '.join(READ_BACK_KINDS)} (at least one), got {unknown or value}"
    return None


OPTIONS: dict[str, Option] = {
    "kinds": Option(list, default=["mobile", "landline"], item=str, check=_kinds_problem,
                    doc="what must be read back: mobile, landline, id_card, bank_card, address"),
    "step": Option(str, default="read_back", choices=("read_back", "thanks"),
                   doc="read_back: the number is repeated; thanks: a confirmed read-back is thanked for"),
    "phrases": Option(list, default=[], item=(str, dict), phrases=True,
                      doc="read_back: wordings accepted as a read-back without the digits; thanks: the thanks"),
    "within": Option(int, default=2, check=positive, doc="read_back: agent utterances in which to read back"),
    "questions": Option(list, default=["对吗", "是吗", "对吧", "是吧", "对不对", "是不是", "没错吧"], item=(str, dict),
                        phrases=True, doc="thanks: what makes a read-back a question the customer answers"),
    "confirmations": Option(list, default=["对", "是的", "没错", "正确"], item=(str, dict), phrases=True,
                            doc="thanks: the customer's yes to the read-back"),
}


class Readback(NamedTuple):
    given: Number | Address
    window: tuple[int, ...]  # the agent utterances searched
    said_at: int | None  # where the agent read it back, if it did
    skipped: str = ""  # why the number is not judged


@dataclass(frozen=True)
class ReadbackRule(Rule):
    kinds: tuple[str, ...] = ("mobile", "landline")
    step: str = "read_back"
    phrases: Templates = Templates(())
    within: int = 2
    questions: Templates = Templates(())
    confirmations: Templates = Templates(())

    def check(self, call: CallContext, index: int) -> list[Finding]:
        findings = []
        for back in self.readbacks(call):
            if back.skipped:
                continue
            if self.step == "read_back":
                if back.said_at is None:
                    findings.append(self._finding(call, back.given))
            else:
                unthanked = self._unthanked(call, back)
                if unthanked is not None:
                    findings.append(self._finding(call, back.given, unthanked))
        return findings

    def readbacks(self, call: CallContext) -> list[Readback]:
        """Each number or address the customer gives, with where the agent read it back (if it did) or why it is
        not judged."""
        backs = self._number_readbacks(call)
        if ADDRESS in self.kinds:
            backs = sorted(backs + self._address_readbacks(call), key=lambda back: back.given.utterance)
        return backs

    def _number_readbacks(self, call: CallContext) -> list[Readback]:
        given = [n for n in numbers_of(call, CUSTOMER) if n.kind in self.kinds]
        if not given:
            return []
        agent = call.by_speaker[AGENT]
        said_first = _agent_says(call, given)
        out, seen = [], set()
        for number in given:
            if number.digits in seen:
                out.append(Readback(number, (), None, "the customer already gave this number"))
                continue
            seen.add(number.digits)
            if said_first.get(number.digits, len(call.normalized)) < number.utterance:
                out.append(Readback(number, (), None, "the agent said it first: the customer repeats it"))
                continue
            window = self._window(agent, number.end_utterance)
            if not window:
                out.append(Readback(number, (), None, "the agent did not speak again"))
                continue
            out.append(Readback(number, window, self._read_at(call, number, window)))
        return out

    def _address_readbacks(self, call: CallContext) -> list[Readback]:
        given = addresses_of(call, CUSTOMER)
        if not given:
            return []
        agent = call.by_speaker[AGENT]
        out, seen = [], set()
        for address in given:
            if address.units in seen:
                out.append(Readback(address, (), None, "the customer already gave this address"))
                continue
            seen.add(address.units)
            if _said_first(call, address):
                out.append(Readback(address, (), None, "the agent said it first: the customer repeats it"))
                continue
            window = self._window(agent, address.utterance)
            if not window:
                out.append(Readback(address, (), None, "the agent did not speak again"))
                continue
            out.append(Readback(address, window, self._address_read_at(call, address, window)))
        return out

    def _window(self, agent: list[int], after: int) -> tuple[int, ...]:
        """The agent utterances after ``after`` searched for a read-back (``agent`` is in order)."""
        first = bisect_right(agent, after)
        return tuple(agent[first:first + self.within])

    def _address_read_at(self, call: CallContext, address: Address, window: tuple[int, ...]) -> int | None:
        values = {value for value, _ in address.units if len(value) >= 2}
        for utterance in window:
            text = call.normalized[utterance]
            if self.phrases.first(text, call.fact) is not None:
                return utterance
            if any((unit[2], unit[3]) in address.units or unit[2] in values for unit in units_of(text)):
                return utterance
            # a flat or house number read back without its unit: 501对吧
            if values and any(value in values for value in numbers_in(text)):
                return utterance
            if any(place_said(place, text) for place in address.places):
                return utterance
        return None

    def _read_at(self, call: CallContext, number: Number, window: tuple[int, ...]) -> int | None:
        tail = number.digits[-4:]
        said = [digits_in(call.normalized[utterance]) for utterance in window]
        for utterance, digits in zip(window, said):
            if tail in digits or self.phrases.first(call.normalized[utterance], call.fact) is not None:
                return utterance
        # ASR may cut the agent's read-back too: all the window's digits run together
        return window[-1] if number.digits in "".join(said) else None

    def _unthanked(self, call: CallContext, back: Readback) -> int | None:
        """The agent's utterance after a confirmed read-back question, when it does not thank; else None."""
        asked = back.said_at
        if asked is None or self.questions.first(call.normalized[asked], call.fact) is None:
            return None
        utterances = call.transcript.utterances
        reply = asked + 1
        if reply >= len(utterances) or utterances[reply].speaker != CUSTOMER:
            return None
        if self.confirmations.first(call.normalized[reply], call.fact) is None:
            return None
        after = next((u for u in call.by_speaker[AGENT] if u > reply), None)
        if after is None or self.phrases.first(call.normalized[after], call.fact) is not None:
            return None
        return after

    def _finding(self, call: CallContext, given: Number | Address, at: int | None = None) -> Finding:
        if isinstance(given, Address):
            said = call.span(given.utterance, given.start, given.end)
            evidence, kind = call.transcript.utterances[given.utterance].text[said[0]:said[1]], "地址"
        else:
            said, evidence = said_as(call, given)
            kind = KIND_WORDS[given.kind]
        message = format_message(self.message, evidence=evidence, kind=kind)
        if at is None:
            return self.finding(call, message, given.utterance, said)
        return self.finding(call, message, at, None)


def _said_first(call: CallContext, address: Address) -> bool:
    """The agent said every numbered unit of ``address`` before the customer gave it."""
    # In most calls the agent says no word of some unit of the address (栋, 单元, 室 …): its units are not
    # looked for.
    agent = call.joined(AGENT)
    if not all(may_hold_unit(agent, unit_class) for _, unit_class in address.units):
        return False
    said = set()
    for utterance in unit_utterances(call, AGENT):
        if utterance > address.utterance:
            break
        said.update(map(said_part, units_of(call.normalized[utterance])))
    return address.units <= said


def _agent_says(call: CallContext, given: list[Number]) -> dict[str, int]:
    """The last utterance where the agent says each number it says, if it may say one of ``given``."""
    # Only a number whose digits are among all those the agent says (an ID card's closing x is no digit) can
    # be one of its numbers: finding the agent's numbers is left for the calls where one may be.
    said = digits_of(call, AGENT)
    if not any(number.digits.rstrip("x") in said for number in given):
        return {}
    return {n.digits: n.utterance for n in numbers_of(call, AGENT)}


def build(common: dict[str, Any], values: dict[str, Any], slots: dict, where: Any, errors: list) -> Rule:
    if values["step"] == "thanks" and not values["phrases"]:
        errors.append(where.error("phrases", "with 'step: thanks', 'phrases' lists the thanks"))
    return ReadbackRule(**common, kinds=tuple(values["kinds"]), step=values["step"],
                        phrases=compile_templates(values["phrases"], "phrases", slots, where, errors),
                        within=values["within"],
                        questions=compile_templates(values["questions"], "questions", slots, where, errors),
                        confirmations=compile_templates(values["confirmations"], "confirmations", slots, where,
                                                        errors))


def describe(rule: ReadbackRule) -> list[str]:
    from ..authoring.lines import labelled, template_lines

    lines = [labelled("numbers", ", ".join(rule.kinds)), labelled("step", rule.step)]
    if rule.step == "read_back":
        numbers = [kind for kind in rule.kinds if kind != ADDRESS]
        said = (["its digits (or its last four)"] if numbers else []) + (
            ["an address's numbered unit (5栋), number (501) or part of its place name"] if ADDRESS in rule.kinds
            else [])
        return lines + [labelled("read back", f"{' or '.join(said)} in the agent's next {rule.within} "
                                              "utterance(s)")] + template_lines("or said", rule.phrases)
    return (lines + template_lines("question", rule.questions) + template_lines("customer's yes", rule.confirmations)
            + template_lines("thanks", rule.phrases))


def why(judged: Judged) -> list[str]:
    from ..authoring.wording import utterances

    rule, call = judged.rule, judged.call
    backs = rule.readbacks(call)
    if not backs:
        what = "no number or address" if ADDRESS in rule.kinds else "no number"
        return [f"the customer gives {what} of the kinds {', '.join(rule.kinds)}: nothing to read back"]
    lines = []
    for back in backs:
        what = "an address" if isinstance(back.given, Address) else f"a {back.given.kind} number"
        lines.append(f"#{back.given.utterance} the customer gives {what}")
        if back.skipped:
            lines.append(f"  not judged: {back.skipped}")
        elif back.said_at is None:
            lines.append(f"  not read back in {utterances(list(back.window))}")
        elif rule.step == "read_back":
            lines.append(f"  read back at #{back.said_at}")
        else:
            unthanked = rule._unthanked(call, back)
            lines.append(f"  read back at #{back.said_at}; " + (
                f"confirmed, and #{unthanked} does not thank" if unthanked is not None
                else "thanked, or not asked as a question, or not confirmed by the customer's next utterance"))
    return lines


RULE_TYPE = RuleType(name="readback", doc=__doc__, options=OPTIONS, message_fields=("evidence", "kind"),
                     build=build, describe=describe, why=why, in_script=in_whole_call_scripts)
