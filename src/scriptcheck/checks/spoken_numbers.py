"""Phone, ID-card, bank-card and order numbers as said in a call, found in normalised text.

Numbers come typed (13812345678), grouped (138 1234 5678, 138-1234-5678: normalisation removes the
separators), read out in Chinese numerals (一三八…, 幺 for 1, 两 for 2) or cut by ASR into several
utterances of one speaker. Chinese numerals are folded to digits one for one, so positions stay those
of the normalised text; runs of one speaker's consecutive utterances are read together.

Shared by the rule types that compare what the agent says with what the customer gave (readback,
privacy); each call's numbers are found once.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from ..mask import BIRTH_DAY, CN_DIGITS
from .base import CallContext

KINDS = ("mobile", "landline", "id_card", "bank_card", "order")
KIND_WORDS = {"mobile": "手机号", "landline": "电话号码", "id_card": "身份证号", "bank_card": "银行卡号", "order": "单号"}

_FOLD = tuple(zip(CN_DIGITS, "0012345678912"))
# Text without seven digits in a row (numerals folded), nearly all of it, holds none of these numbers.
# Written as one digit and then six more: a pattern that opens with a plain character class lets the
# regex engine skip to the next digit in one tight loop, where {7} would start a match at every character.
_MAYBE_SAID = re.compile(f"[0-9{CN_DIGITS}][0-9{CN_DIGITS}]{{6}}")
# No number of a kind is shorter: a landline's area code (0 and two digits) and seven digits.
_SHORTEST = 10
# Where a number of a kind (not an order number, which may be shorter) can be: _SHORTEST digits in a row, or
# digits cut between two utterances.
_MAYBE_LONG = re.compile(f"[0-9{CN_DIGITS}][0-9{CN_DIGITS}]{{{_SHORTEST - 1}}}")
_MAYBE_CUT = re.compile(f"\n(?<=[0-9{CN_DIGITS}]\n)[0-9{CN_DIGITS}]")  # opening with \n: a quick search
# in folded text: a number is one whole run of digits, which ASR may cut between utterances
_RUN = re.compile("[0-9](?:\n?[0-9]){6,}x?")
_NOT_DIGITS = re.compile("[^0-9]+")
# Each kind is a whole run: a run longer than a kind is something else (an order or waybill number).
_KINDS = (
    ("mobile", re.compile(r"(?:86)?(1[3-9][0-9]{9})")),
    # area code and a 7- or 8-digit local number: 0571 8888 6666
    ("landline", re.compile(r"(0[1-9][0-9]{1,2}[2-9][0-9]{6,7})")),
    ("id_card", re.compile(rf"([0-9]{{6}}(?:18|19|20)[0-9]{{2}}{BIRTH_DAY}[0-9]{{3}}[0-9x])")),
    ("bank_card", re.compile(r"([0-9]{16,19})")),
)
# 16–19 digits are as often an order or waybill number: a bank card only where it is called one.
_CARD_WORDS = re.compile(r"(?:卡号|银行卡|信用卡|储蓄卡|借记卡|卡的号码)[^0-9]{0,6}$")
# An order or waybill number has no shape of its own: it is one where it is called one, whatever its
# digits (订单上的电话是… names a phone number).
_ORDER_WORDS = re.compile(r"(?:单号|订单|运单|单子号)[^0-9电手卡话机]{0,4}$")


class Number(NamedTuple):
    kind: str
    digits: str
    utterance: int  # where it starts
    start: int  # in that utterance's normalised text
    end_utterance: int  # where it ends (ASR may cut a number in two)
    end: int


def kinds_problem(value: list) -> str | None:
    """What is wrong with a rule's ``kinds`` option, or None."""
    unknown = [k for k in value if k not in KINDS]
    if unknown or not value:
        return f"kinds are {', '.join(KINDS)} (at least one), got {unknown or value}"
    return None


def fold(text: str) -> str:
    """Chinese numerals as digits, one character for one."""
    for numeral, digit in _FOLD:  # str.replace runs in C; str.translate looks each character up in a dict
        if numeral in text:
            text = text.replace(numeral, digit)
    return text


def digits_in(text: str) -> str:
    """The digits of ``text`` (Chinese numerals folded), in order and run together."""
    return _NOT_DIGITS.sub("", fold(text))


def said_as(call: CallContext, number: Number) -> tuple[tuple[int, int], str]:
    """The span and original text of ``number`` in the utterance where it starts (to its end there)."""
    end = number.end if number.end_utterance == number.utterance else len(call.normalized[number.utterance])
    span = call.span(number.utterance, number.start, end)
    return span, call.transcript.utterances[number.utterance].text[span[0]:span[1]]


def numbers_of(call: CallContext, speaker: str) -> tuple[Number, ...]:
    """Every number ``speaker`` says in the call, in order (once per call and speaker)."""
    return call.once(("spoken numbers", speaker), lambda: _numbers(call, speaker))


def may_say_kinds(call: CallContext, speaker: str) -> bool:
    """Whether ``speaker`` may say a number of a kind other than an order number: a quick test that rules out
    nearly every call for a rule that judges no order numbers."""
    said = call.joined(speaker)
    return _MAYBE_LONG.search(said) is not None or _MAYBE_CUT.search(said) is not None


def digits_of(call: CallContext, speaker: str) -> str:
    """All the digits ``speaker`` says, in order and run together: a number read in several pieces is in it."""
    return call.once(("spoken digits", speaker), lambda: digits_in(call.joined(speaker)))


def placeholder(digits: str) -> bool:
    """A number anonymised by the transcript's producer (0000000, 1111111…): nobody's number."""
    return len(set(digits)) == 1


def _numbers(call: CallContext, speaker: str) -> tuple[Number, ...]:
    said = call.joined(speaker)
    if not _MAYBE_SAID.search(said):
        return ()
    folded = fold(said)
    spoken = call.by_speaker[speaker]
    found: list[Number] = []
    for run in _RUN.finditer(folded):
        for start, digits in _pieces(folded, run.start(), run.group(), spoken):
            number = _number(folded, start, digits) or _asked_order(call, speaker, folded, start, digits, spoken)
            if number is None:
                continue
            kind, begin, end = number
            first, first_start = CallContext.line_at(folded, begin)
            last, last_start = CallContext.line_at(folded, end - 1)
            found.append(Number(kind, folded[begin:end].replace("\n", ""), spoken[first], begin - first_start,
                                spoken[last], end - last_start))
    return tuple(found)


def _asked_order(call: CallContext, speaker: str, folded: str, start: int, text: str,
                 spoken: list[int]) -> tuple[str, int, int] | None:
    """An order number given as the answer to the other speaker asking for one (「您能提供下发货单号么」)."""
    utterance = spoken[folded.count("\n", 0, start)]
    if utterance == 0 or placeholder(text.replace("\n", "")):
        return None
    before = utterance - 1
    if call.transcript.utterances[before].speaker == speaker or "单号" not in call.normalized[before]:
        return None
    return "order", start, start + len(text)


def _pieces(folded: str, start: int, text: str, spoken: list[int]) -> list[tuple[int, str]]:
    """A run of digits across utterance breaks, cut where the utterances are not consecutive."""
    if "\n" not in text:
        return [(start, text)]
    pieces, begin = [], 0
    for i, char in enumerate(text):
        if char == "\n":
            after = folded.count("\n", 0, start + i + 1)  # the utterance that follows the break
            if spoken[after] != spoken[after - 1] + 1:
                pieces.append((start + begin, text[begin:i]))
                begin = i + 1
    pieces.append((start + begin, text[begin:]))
    return pieces


def _number(folded: str, start: int, text: str) -> tuple[str, int, int] | None:
    """The kind of number ``text`` (digits, maybe with utterance breaks) is, and where it lies; or None."""
    digits = text.replace("\n", "")
    before = folded[max(0, start - 10):start]
    if "单" in before and not placeholder(digits) and _ORDER_WORDS.search(before):  # every order word has 单
        return "order", start, start + len(text)
    if len(digits) < _SHORTEST:  # most runs: an 8-digit account or work-order number
        return None
    for kind, pattern in _KINDS:
        match = pattern.fullmatch(digits)
        if match is None or placeholder(match.group(1)):
            continue
        begin = start + _position(text, match.start(1))
        if kind == "bank_card" and not _CARD_WORDS.search(folded[max(0, begin - 12):begin]):
            continue
        return kind, begin, start + _position(text, match.end(1) - 1) + 1
    return None


def _position(text: str, digit: int) -> int:
    """Where the ``digit``-th digit of ``text`` is (``text`` may hold utterance breaks)."""
    seen = -1
    for i, char in enumerate(text):
        if char != "\n":
            seen += 1
            if seen == digit:
                return i
    return len(text)
