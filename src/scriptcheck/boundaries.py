"""Boundary checks for hits that need them, so 喂 the greeting is caught but 喂奶 is not.

jieba (see ``segmenter``) takes a few tenths of a second to load, so it is loaded on the first hit that
needs a word boundary, never at start-up and never for calls without such hits.

jieba builds a graph of every dictionary word at every position of the text it cuts, hundreds of bytes
per character: a text longer than ``LONG_TEXT`` characters is cut in pieces of ``PIECE`` characters around
each hit, which keep a quarter of their length on either side of it — far more than the few words over
which jieba's choice of a cut depends on its neighbours.
"""
from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from functools import lru_cache

from .text import is_separator

_SEGMENTER = None
_SEGMENTER_LOCK = threading.Lock()


def _segmenter():
    # Threads sharing a pack may all reach their first word boundary at once: one of them loads jieba,
    # the others wait for it (an import seen half done raises AttributeError).
    global _SEGMENTER
    if _SEGMENTER is None:
        with _SEGMENTER_LOCK:
            if _SEGMENTER is None:
                from .segmenter import load_tokenizer

                _SEGMENTER = load_tokenizer()
    return _SEGMENTER


LONG_TEXT = 1 << 14
PIECE = 1 << 9
_QUARTER = PIECE // 4


@lru_cache(maxsize=8192)
def word_boundaries(normalized: str) -> tuple[int, ...]:
    """Positions in ``normalized`` where jieba puts a word boundary, in order (including 0 and the end)."""
    cuts = [0]
    for token in _segmenter().cut(normalized, HMM=False):
        cuts.append(cuts[-1] + len(token))
    return tuple(cuts)


def on_word_boundaries(normalized: str, start: int, end: int, phrase: str) -> bool:
    """True when ``[start, end)`` starts and ends on word boundaries.

    A word made only of repetitions of the phrase (喂喂) also counts: jieba keeps such runs whole.
    """
    left, right = enclosing_word(normalized, start, end)
    if (left, right) == (start, end):
        return True
    word = normalized[left:right]
    return bool(phrase) and len(word) % len(phrase) == 0 and word == phrase * (len(word) // len(phrase))


def enclosing_word(normalized: str, start: int, end: int) -> tuple[int, int]:
    """The range from the last word boundary at or before ``start`` to the first at or after ``end``."""
    if len(normalized) <= LONG_TEXT:
        return _enclosing(word_boundaries(normalized), start, end, len(normalized))
    # A piece starting on a quarter mark, with at least a quarter of its length before the hit (or the
    # text's start) and, for a hit shorter than a quarter, as much after it (or the text's end).
    offset = max(0, (start // _QUARTER - 1) * _QUARTER)
    if end - offset > PIECE - _QUARTER:
        offset = start  # a hit longer than half a piece: cut from its start, reaching past its end
    piece = normalized[offset:offset + max(PIECE, end - start + _QUARTER)]
    left, right = _enclosing(_piece_boundaries(piece), start - offset, end - offset, len(piece))
    return left + offset, right + offset


@lru_cache(maxsize=64)
def _piece_boundaries(piece: str) -> tuple[int, ...]:
    # Kept apart from word_boundaries' cache of whole utterances, which is far larger.
    return word_boundaries.__wrapped__(piece)


def _enclosing(cuts: tuple[int, ...], start: int, end: int, length: int) -> tuple[int, int]:
    left = cuts[bisect_right(cuts, start) - 1] if cuts[0] <= start else 0
    after = bisect_left(cuts, end)
    return left, cuts[after] if after < len(cuts) else length


def _is_ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def alnum_run(normalized: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened over the ASCII letters and digits that continue it: a phrase that begins or
    ends with one is part of the whole run (SB within USB, 2B within A2B3), as sensitive-word lists match."""
    left, right = start, end
    if _is_ascii_alnum(normalized[start]):
        while left > 0 and _is_ascii_alnum(normalized[left - 1]):
            left -= 1
    if _is_ascii_alnum(normalized[end - 1]):
        while right < len(normalized) and _is_ascii_alnum(normalized[right]):
            right += 1
    return left, right


def is_whole_clause(original: str, start: int, end: int) -> bool:
    """True when the original-text range ``[start, end)`` is bounded by punctuation or the utterance edges."""
    left_ok = start == 0 or is_separator(original[start - 1])
    right_ok = end >= len(original) or is_separator(original[end])
    return left_ok and right_ok
