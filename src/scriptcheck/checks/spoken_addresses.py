"""Addresses as said in a call, found in normalised text, with the parts a read-back repeats.

An address is a numbered unit of a street or building — 中山路128号, 5栋, 2单元, 501室 — placed by a
second one or by a named place (幸福小区, 中山路, 朝阳区) in the same utterance. Numbers may be digits,
digits read out (五零一) or counted (一百二十八): each is kept as its value, so 501室 and 五零一室 are the
same unit. A customer gives an address to be recorded when the agent has just asked where (地址, 住哪,
哪个小区 …) or the customer introduces it as one (我家在, 地址是, 寄到, 上门); an address inside a question
(「中山路128号能送吗」) asks about a place and gives nothing to record.

Shared by the rule types that compare what the agent says with what the customer gave (readback);
each call's addresses are found once.
"""
from __future__ import annotations

import re
from operator import itemgetter
from typing import NamedTuple

from .base import CallContext

_NUMERAL = "0-9零〇一二三四五六七八九十百千幺两"
# What an utterance holding a numbered unit of an address holds (see unit_utterances).
_MAYBE_SAID = re.compile(f"[{_NUMERAL}](?:号|栋|幢|单元|室|弄)")
# What every match of _NUMBERED below holds: a numeral before a unit, or a flat number after its unit.
# Opening with a plain character class, it is found by a quick skip over the text, where _NUMBERED,
# opening with look-behinds, is tried at every character.
_MAYBE_UNIT = re.compile(f"[{_NUMERAL}元栋幢楼](?:(?<=[{_NUMERAL}])[号栋幢单室弄]|(?<=[元栋幢楼])[0-9零〇一二三四五六七八九幺两])")
_UNIT_CLASS = {"号楼": "栋", "栋": "栋", "幢": "栋", "座": "栋", "单元": "单元", "室": "室", "号房": "室",
               "弄": "弄", "号院": "号", "号": "号"}
# 这一栋, 哪个单元, 1室1厅 (a flat's layout) and 1号线 (a metro line) are no part of an address; a house
# number (号) only after a street, since 5号 alone is as often a day of the month.
_NUMBERED = re.compile(
    f"(?<![这那哪每几第])(?P<n>[{_NUMERAL}]{{1,6}})(?P<u>号楼|栋|幢|单元|室(?![0-9一二三四五六七八九两]?厅)|号房|号院)"
    f"|(?<=[路街道巷弄里村组])(?P<rn>[{_NUMERAL}]{{1,6}})(?P<ru>弄|号(?![码线机楼房院]))"
    # a flat number said without 室 after the unit that holds it: 2单元501
    f"|(?:(?<=单元)|(?<=[栋幢楼]))(?P<room>[0-9零〇一二三四五六七八九幺两]{{3,4}})(?![0-9号栋幢单元室])"
)
# The words without one of which no unit of a class is said (see _NUMBERED): a flat number said without 室
# follows 单元, 栋, 幢 or 楼.
_CLASS_WORDS = {"栋": ("楼", "栋", "幢"), "单元": ("单元",), "室": ("室", "号房", "单元", "栋", "幢", "楼"),
                "号": ("号",), "弄": ("弄",)}
_PLACE = re.compile("小区|花园|家园|公寓|大厦|新村|苑|大街|大道|街|路(?!由|线|费|上|口)|巷|胡同|村|镇|乡|县|区")
# Words around a place name that are not part of it: 住在幸福小区 names 幸福, 我们小区 names nothing.
_NOT_NAME = set("的在是我你您他她们这那哪个家住到往于从和跟就也都还了吧呢吗啊呀嗯哦喂对个条边")
# one digit and then more, rather than {2,}: a pattern opening with a character class is skipped to quickly
_DIGIT_RUN = re.compile("[0-9零〇一二三四五六七八九幺两][0-9零〇一二三四五六七八九幺两]+")
_DIGIT = {c: d for c, d in zip("零〇一二三四五六七八九幺两", "0012345678912")}
_AS_DIGITS = str.maketrans(_DIGIT)
_SCALE = {"十": 10, "百": 100, "千": 1000}
_SCALES = frozenset(_SCALE)

# The agent asking where, in its utterance just before the customer's.
_ASKED = ("地址", "住址", "住哪", "住在哪", "在哪", "哪里", "哪儿", "什么位置", "哪个小区", "几栋", "几单元", "几号楼",
          "门牌", "位置")
# The customer introducing its own address, before it in the same utterance.
_GIVEN = re.compile("地址|住址|我家|家在|家里在|住在|我住|住的|寄到|寄往|送到|发到|发往|改到|上门|装在|安装|取件|来取|位置")
_QUESTION_END = re.compile("[吗么]$")
_QUESTION_WORDS = re.compile("能不能|可不可以|有没有|是不是|能否|能送|可以送|送不送|到不到|能到|在哪")


class Address(NamedTuple):
    utterance: int
    start: int  # in that utterance's normalised text
    end: int
    units: frozenset[tuple[str, str]]  # (value, unit class): ("501", "室"), ("5", "栋")
    places: tuple[tuple[str, str], ...]  # named places, name and marker: (幸福, 小区), (中山, 路)

    @property
    def end_utterance(self) -> int:
        return self.utterance


said_part = itemgetter(2, 3)  # of a unit or a place: (value, unit class) or (name, marker)


def value(numeral: str) -> str:
    """The value of a number said as digits (501, 五零一) or counted (一百二十八, 十二), as digits."""
    if _SCALES.isdisjoint(numeral):
        return numeral.translate(_AS_DIGITS).lstrip("0") or "0"
    total, current = 0, 0
    for char in numeral:
        if char in _SCALE:
            total += (current or 1) * _SCALE[char]
            current = 0
        else:
            current = current * 10 + int(_DIGIT.get(char, char))
    return str(total + current)


def units_of(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, value, unit class) of each numbered unit in normalised ``text``."""
    maybe = _MAYBE_UNIT.search(text)
    if maybe is None:
        return []
    found = []
    # No match of _NUMBERED starts more than five characters before the first of _MAYBE_UNIT (its numerals
    # before the unit are six at most), and the look-behinds still see the text before where the search starts.
    for match in _NUMBERED.finditer(text, max(0, maybe.start() - 5)):
        number, unit, road_number, road_unit, room = match.groups()  # n, u, rn, ru, room
        if number:
            found.append((match.start(), match.end(), value(number), _UNIT_CLASS[unit]))
        elif road_number:
            found.append((match.start(), match.end(), value(road_number), _UNIT_CLASS[road_unit]))
        else:
            found.append((match.start(), match.end(), value(room), "室"))
    return found


def may_hold_unit(text: str, unit_class: str) -> bool:
    """Whether normalised ``text`` may hold a numbered unit of ``unit_class`` (栋, 单元, 室 …): a quick test that
    rules out most texts."""
    return any(word in text for word in _CLASS_WORDS[unit_class])


def places_of(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, name, marker) of each named place in normalised ``text``: up to four characters, then a
    marker (小区, 路 …)."""
    found, previous = [], 0
    for match in _PLACE.finditer(text):
        begin = match.start()
        while begin > previous and match.start() - begin < 4 and _in_name(text[begin - 1]):
            begin -= 1
        if match.start() - begin >= 2:
            found.append((begin, match.end(), text[begin:match.start()], match.group()))
        previous = match.end()
    return found


def numbers_in(text: str) -> list[str]:
    """The values of the numbers of two digits or more in normalised ``text`` (501, 五零一)."""
    return [value(run) for run in _DIGIT_RUN.findall(text)]


def place_said(place: tuple[str, str], text: str) -> bool:
    """``text`` repeats the named place, or part of its name, in words ASR may write one character otherwise."""
    name, marker = place
    for i in range(len(name) - 1):
        if name[i:i + 2] in text:
            return True
    # the whole place with one character of its name otherwise: only where the marker is
    whole = name + marker
    at = text.find(marker, len(name))
    while at >= 0:
        if sum(a != b for a, b in zip(text[at - len(name):at + len(marker)], whole)) <= 1:
            return True
        at = text.find(marker, at + 1)
    return False


def _in_name(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" and char not in _NOT_NAME and char not in _DIGIT and char not in _SCALE


def unit_utterances(call: CallContext, speaker: str) -> tuple[int, ...]:
    """The utterances of ``speaker`` that may hold a numbered unit, in order (once per call and speaker): nearly
    every utterance holds none, and only those that may are read further."""
    return call.once(("unit utterances", speaker), lambda: _unit_utterances(call, speaker))


def _unit_utterances(call: CallContext, speaker: str) -> tuple[int, ...]:
    # One pass over the speaker's text rather than one per utterance: no match spans the newlines
    # between utterances, and the newlines before a match tell which utterance holds it.
    joined = call.joined(speaker)
    spoken = call.by_speaker[speaker]
    found: list[int] = []
    line = seen = 0  # the newlines before ``seen``
    for match in _MAYBE_SAID.finditer(joined):
        line += joined.count("\n", seen, match.start())
        seen = match.start()
        if not found or found[-1] != spoken[line]:
            found.append(spoken[line])
    return tuple(found)


def addresses_of(call: CallContext, speaker: str) -> tuple[Address, ...]:
    """Every address ``speaker`` gives to be recorded in the call, in order (once per call and speaker)."""
    return call.once(("spoken addresses", speaker), lambda: _addresses(call, speaker))


def _addresses(call: CallContext, speaker: str) -> tuple[Address, ...]:
    found = []
    for utterance in unit_utterances(call, speaker):
        text = call.normalized[utterance]
        units = units_of(text)
        names = places_of(text)
        if not units or (len(units) < 2 and not names):
            continue
        # units and names are each in order of place
        start = min(units[0][0], names[0][0]) if names else units[0][0]
        end = max(units[-1][1], names[-1][1]) if names else units[-1][1]
        if not _given(call, utterance, text, start) or _asked_about(call, utterance, text, start, end):
            continue
        found.append(Address(utterance, start, end, frozenset(map(said_part, units)), tuple(map(said_part, names))))
    return tuple(found)


def _given(call: CallContext, utterance: int, text: str, start: int) -> bool:
    """The address is the customer's to record: asked for by the agent, or introduced as one."""
    if _GIVEN.search(text, 0, start + 1) is not None:
        return True
    before = utterance - 1
    utterances = call.transcript.utterances
    while before >= 0 and utterances[before].speaker == utterances[utterance].speaker:
        before -= 1
    return before >= 0 and any(word in call.normalized[before] for word in _ASKED)


def _asked_about(call: CallContext, utterance: int, text: str, start: int, end: int) -> bool:
    """The address lies in a question about it (「中山路128号能送吗」): it asks, it does not give."""
    original = call.transcript.utterances[utterance].text
    marked = "?" in original or "？" in original
    if not marked and "吗" not in text and "么" not in text and not _QUESTION_WORDS.search(text):
        return False
    breaks = call.breaks(utterance)
    begin = max((b for b in breaks if b <= start), default=0)
    stop = min((b for b in breaks if b >= end), default=len(text))
    sentence = text[begin:stop]
    if _QUESTION_END.search(sentence) or _QUESTION_WORDS.search(sentence):
        return True
    if not marked:
        return False
    # the question mark normalisation removed: the original character after the sentence
    after = original[call.span(utterance, begin, stop)[1]:].lstrip()
    return after[:1] in ("?", "？")
