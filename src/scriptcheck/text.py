"""Text normalisation for matching, with a way back to offsets in the original text.

Matching happens on a normalised form: NFKC (full-width → half-width), case folded, without
punctuation, symbols, spacing or control characters, and converted Traditional → Simplified with
OpenCC. Each original character contributes zero or more normalised characters, so a span found in
the normalised text maps back to a span of the original text. The fast path (``normalize``) and the
mapping (``offsets``) are built from the same per-character function, which keeps them in step.
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from functools import lru_cache
from itertools import compress, repeat


# Unicode general categories whose characters never matter for matching: punctuation (P*),
# symbols (S*), separators (Z*) and other (C*: control, format, unassigned, private use).
_DROPPED_CATEGORY_INITIALS = frozenset("PSZC")


def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).casefold()
    return "".join(c for c in folded if unicodedata.category(c)[0] not in _DROPPED_CATEGORY_INITIALS)


class _FoldTable(dict):
    """A ``str.translate`` table that computes and caches the fold of each character on first use."""

    def __missing__(self, codepoint: int) -> str:
        folded = _fold_char(chr(codepoint))
        self[codepoint] = folded
        return folded


_FOLD = _FoldTable()


@lru_cache(maxsize=1)
def _converter():
    """OpenCC's Traditional → Simplified converter, set up on first use (only text that needs it)."""
    import opencc

    return opencc.OpenCC("t2s")


def is_separator(char: str) -> bool:
    """True for characters that normalisation removes (punctuation, spaces…): clause boundaries."""
    return not char.translate(_FOLD)


# OpenCC takes tens of bytes per character of the text it converts: a longer text is converted in pieces.
CONVERT_CHARS = 1 << 16


def _to_simplified(folded: str) -> str:
    if folded.isascii():
        return folded
    if len(folded) > CONVERT_CHARS:
        return "".join(_to_simplified(folded[i:i + CONVERT_CHARS]) for i in range(0, len(folded), CONVERT_CHARS))
    converted = _converter().convert(folded)
    if len(converted) == len(folded):
        return converted
    # A phrase-level conversion changed the length; convert character by character so that
    # every normalised character still maps to exactly one original character.
    return "".join(_simplified_char(c) for c in folded)


@lru_cache(maxsize=65536)
def _simplified_char(char: str) -> str:
    converted = _converter().convert(char)
    return converted if len(converted) == 1 else char


# The punctuation and spacing of everyday Chinese text. Removing them with str.replace is several times
# faster than translating every character, and is exactly what the fold does to them (checked below).
_COMMON_DROPPED = tuple("，。？！、：；“”‘’（）《》【】…—～·,.?!:;()[]'\" \t\u3000_-/*~")
# The marks of nearly every utterance: removed first, after which one search tells whether anything else
# needs folding — most calls need nothing more, and the other marks are not looked for one by one.
_USUAL_DROPPED = tuple("，。？！")
# After those are gone, text made only of these characters needs no further folding.
_ALREADY_FOLDED = re.compile(r"[^\n\u4e00-\u9fffa-z0-9]")
_ASCII_UPPER = re.compile("[A-Z]")
_SEPARATOR = "\n"  # between utterances in normalize_many; control characters never survive the fold


def normalize(text: str) -> str:
    """The matching form of ``text``."""
    return normalize_many([text])[0]


def normalize_many(texts: list[str]) -> list[str]:
    """The matching forms of several texts (the utterances of a call) in one pass."""
    joined = _SEPARATOR.join(texts)
    if texts and joined.count(_SEPARATOR) != len(texts) - 1:  # a text holds the separator itself
        return [_slow_normalize(t) for t in texts]
    for mark in _USUAL_DROPPED:
        joined = joined.replace(mark, "")
    if _ALREADY_FOLDED.search(joined):
        for mark in _COMMON_DROPPED:
            if mark in joined:
                joined = joined.replace(mark, "")
        if _ASCII_UPPER.search(joined):  # any other cased letter takes the slow path below
            joined = joined.lower()
        if _ALREADY_FOLDED.search(joined):
            return [_slow_normalize(t) for t in texts]
    if _TRADITIONAL().search(joined):
        return [_to_simplified(t) for t in joined.split(_SEPARATOR)]
    return joined.split(_SEPARATOR)


def _slow_normalize(text: str) -> str:
    return _to_simplified(text.translate(_FOLD))


@lru_cache(maxsize=1)
def _TRADITIONAL() -> "re.Pattern[str]":
    """A character class of every CJK character that OpenCC t2s converts.

    Shipped precomputed for the OpenCC release it was computed with (computing it takes tens of
    milliseconds of every start-up); with any other release it is computed here, in one call.
    """
    from . import traditional

    if traditional.OPENCC_VERSION == _opencc_version():
        return re.compile(traditional.CHARACTER_CLASS)
    return re.compile(traditional_character_class())


def _opencc_version() -> str:
    import opencc

    return str(getattr(opencc, "__version__", ""))


def traditional_character_class() -> str:
    """The regular-expression class of the characters OpenCC t2s converts, with runs as ranges."""
    characters = [chr(c) for c in range(0x3400, 0xA000)] + [chr(c) for c in range(0xF900, 0xFB00)]
    converted = _converter().convert("\n".join(characters)).split("\n")
    runs: list[list[int]] = []
    for char, simplified in zip(characters, converted):
        if simplified != char:
            if runs and runs[-1][1] == ord(char) - 1:
                runs[-1][1] = ord(char)
            else:
                runs.append([ord(char), ord(char)])
    if not runs:
        return "(?!)"
    return "[" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in runs) + "]"


class _FoldLengthTable(dict):
    """``str.translate`` table: each character → one character naming how many characters its fold has."""

    def __missing__(self, codepoint: int) -> str:
        length = str(min(len(chr(codepoint).translate(_FOLD)), 9))
        self[codepoint] = length
        return length


_FOLD_LENGTH = _FoldLengthTable()


_DIGIT_TO_BYTE = bytes.maketrans(b"0123456789", bytes(range(10)))


# Text of nothing but characters that fold to themselves and the usual marks (which fold to nothing): nearly
# every utterance. Its mapping needs no character looked up in the fold (see test_text).
_NOT_PLAIN = re.compile(f"[^\u4e00-\u9fffa-z0-9{''.join(_USUAL_DROPPED)}]")
_USUAL_MARK = re.compile(f"[{''.join(_USUAL_DROPPED)}]")
# 0, 1, 2 …: the mapping of a plain text is a copy of its first indexes, less those of its marks.
_INDEXES = array("I", range(4096))


def offsets(text: str) -> Sequence[int]:
    """For each character of ``normalize(text)``, the index of the original character it came from.

    A range or an array of 4-byte indexes (an utterance is far shorter than 4 Gi characters), not a
    list, which would take 36 bytes per character of a long utterance.
    """
    if len(text) <= len(_INDEXES) and _NOT_PLAIN.search(text) is None:
        return _plain_offsets(text)
    lengths = text.translate(_FOLD_LENGTH)
    if lengths.count("1") == len(lengths):
        return range(len(lengths))
    if lengths.count("0") + lengths.count("1") == len(lengths):
        # Common case: characters fold to one character or to none (punctuation, spaces).
        return array("I", compress(range(len(lengths)), lengths.encode("ascii").translate(_DIGIT_TO_BYTE)))
    mapping = array("I")
    for index, n in enumerate(lengths):
        mapping.extend(repeat(index, int(n)))
    return mapping


def _plain_offsets(text: str) -> Sequence[int]:
    marks = [mark.start() for mark in _USUAL_MARK.finditer(text)]
    if not marks:
        return range(len(text))
    mapping = _INDEXES[:len(text)]
    for at in reversed(marks):  # from the last, so that the indexes of the others stay where they are
        del mapping[at]
    return mapping


def original_span(text: str, start: int, end: int, mapping: Sequence[int] | None = None) -> tuple[int, int]:
    """Map the normalised range ``[start, end)`` of ``text`` back to a range of the original text."""
    if mapping is None:
        mapping = offsets(text)
    if not mapping or start >= end:
        return (0, 0)
    return (mapping[start], mapping[end - 1] + 1)


# What ends a sentence: an exception or a context read around a phrase stops there (see sentence_breaks).
_SENTENCE_END = re.compile(r"[。！？!?；;\n\r]")


def sentence_breaks(text: str) -> tuple[int, ...]:
    """Positions in ``normalize(text)`` where a sentence of ``text`` ends (。！？!?；; or a line break).

    Normalisation removes the punctuation, so 「谢谢您。不知道」 reads 谢谢您不知道; these positions
    keep what was a sentence apart, so that nothing matched around a phrase joins two sentences.
    """
    if not _SENTENCE_END.search(text):
        return ()
    breaks: list[int] = []
    total = 0
    for piece in normalize_many(_SENTENCE_END.split(text))[:-1]:
        total += len(piece)
        if not breaks or breaks[-1] != total:
            breaks.append(total)
    return tuple(breaks)
