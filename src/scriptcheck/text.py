"""Text normalisation for matching, with a way back to offsets in the original text.

Matching happens on a normalised form: NFKC (full-width → half-width), case folded, without
punctuation, symbols, spacing or control characters, and converted Traditional → Simplified with
OpenCC. Each original character contributes zero or more normalised characters, so a span found in
the normalised text maps back to a span of the original text. The fast path (``normalize``) and the
mapping (``offsets``) are built from the same per-character function, which keeps them in step.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

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
_T2S = opencc.OpenCC("t2s")


def is_separator(char: str) -> bool:
    """True for characters that normalisation removes (punctuation, spaces…): clause boundaries."""
    return not char.translate(_FOLD)


def _to_simplified(folded: str) -> str:
    if folded.isascii():
        return folded
    converted = _T2S.convert(folded)
    if len(converted) == len(folded):
        return converted
    # A phrase-level conversion changed the length; convert character by character so that
    # every normalised character still maps to exactly one original character.
    return "".join(_simplified_char(c) for c in folded)


@lru_cache(maxsize=65536)
def _simplified_char(char: str) -> str:
    converted = _T2S.convert(char)
    return converted if len(converted) == 1 else char


def normalize(text: str) -> str:
    """The matching form of ``text``."""
    return _to_simplified(text.translate(_FOLD))


def offsets(text: str) -> list[int]:
    """For each character of ``normalize(text)``, the index of the original character it came from."""
    mapping: list[int] = []
    for index, char in enumerate(text):
        mapping.extend([index] * len(char.translate(_FOLD)))
    return mapping


def original_span(text: str, start: int, end: int, mapping: list[int] | None = None) -> tuple[int, int]:
    """Map the normalised range ``[start, end)`` of ``text`` back to a range of the original text."""
    if mapping is None:
        mapping = offsets(text)
    if not mapping or start >= end:
        return (0, 0)
    return (mapping[start], mapping[end - 1] + 1)
