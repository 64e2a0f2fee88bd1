"""Phone, ID-card and bank-card numbers as said in a call, found in normalised text.

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

KINDS = ("mobile", "landline", "id_card", "bank_card")
KIND_WORDS = {"mobile": "手机号", "landline": "电话号码", "id_card": "身份证号", "bank_card": "银行卡号"}

_FOLD = str.maketrans(CN_DIGITS, "0012345678912")
# Text without seven digits or numerals in a row, nearly all of it, holds none of these numbers.
_MAYBE = re.compile(f"[0-9{CN_DIGITS}]{{7}}")
_PATTERNS = {
    "mobile": re.compile(r"(?<![0-9])(?:86)?(1[3-9][0-9]{9})(?![0-9])"),
    # area code and a 7- or 8-digit local number: 0571 8888 6666
    "landline": re.compile(r"(?<![0-9])(0[1-9][0-9]{1,2}[2-9][0-9]{6,7})(?![0-9])"),
    "id_card": re.compile(rf"(?<![0-9])([0-9]{{6}}(?:18|19|20)[0-9]{{2}}{BIRTH_DAY}[0-9]{{3}}[0-9x])(?![0-9x])"),
    "bank_card": re.compile(r"(?<![0-9])([0-9]{16,19})(?![0-9])"),
}
# 16–19 digits are as often an order or waybill number: a bank card only where it is called one.
_CARD_WORDS = re.compile(r"(?:卡号|银行卡|信用卡|储蓄卡|借记卡|卡的号码)[^0-9]{0,6}$")


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
    return text.translate(_FOLD)


def numbers_of(call: CallContext, speaker: str) -> tuple[Number, ...]:
    """Every number ``speaker`` says in the call, in order (once per call and speaker)."""
    key = ("spoken numbers", speaker)
    found = call.memo.get(key)
    if found is None:
        found = call.memo[key] = _numbers(call, speaker)
    return found


def digits_of(call: CallContext, speaker: str) -> str:
    """All the digits ``speaker`` says, in order and run together: a number read in several pieces is in it."""
    key = ("spoken digits", speaker)
    found = call.memo.get(key)
    if found is None:
        text = fold(call.joined(speaker))
        found = call.memo[key] = "".join(c for c in text if "0" <= c <= "9")
    return found


def placeholder(digits: str) -> bool:
    """A number anonymised by the transcript's producer (0000000, 1111111…): nobody's number."""
    return len(set(digits)) == 1


def _numbers(call: CallContext, speaker: str) -> tuple[Number, ...]:
    if not _MAYBE.search(call.joined(speaker)):
        return ()
    found: list[Number] = []
    for run in _runs(call.by_speaker[speaker]):
        texts = [fold(call.normalized[u]) for u in run]
        joined = "".join(texts)
        if not _MAYBE.search(joined):
            continue
        bounds = []  # (utterance, offset of its text in joined)
        offset = 0
        for utterance, text in zip(run, texts):
            bounds.append((utterance, offset))
            offset += len(text)
        taken: list[tuple[int, int]] = []
        for kind, pattern in _PATTERNS.items():
            for match in pattern.finditer(joined):
                start, end = match.span(1)
                if any(s < end and start < e for s, e in taken) or placeholder(match.group(1)):
                    continue
                if kind == "bank_card" and not _CARD_WORDS.search(joined[max(0, start - 12):start]):
                    continue
                taken.append((start, end))
                first, first_at = _locate(bounds, start)
                last, last_at = _locate(bounds, end - 1)
                found.append(Number(kind, match.group(1), first, start - first_at, last, end - last_at))
    return tuple(sorted(found, key=lambda n: (n.utterance, n.start)))


def _runs(utterances: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for utterance in utterances:
        if runs and runs[-1][-1] == utterance - 1:
            runs[-1].append(utterance)
        else:
            runs.append([utterance])
    return runs


def _locate(bounds: list[tuple[int, int]], position: int) -> tuple[int, int]:
    chosen = bounds[0]
    for utterance, offset in bounds:
        if offset > position:
            break
        chosen = (utterance, offset)
    return chosen
