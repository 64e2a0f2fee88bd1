"""The first match of a sequence of words and bounded gaps (「感谢您的来电{*}再见」), found with ``str.find``.

A template made only of literals, slots of fixed values and ``{*}`` gaps is the expression
``(?:a|b)`` … ``.{0,N}?`` …; searched through RE2's Python binding, each search costs tens of thousands
of instructions (the text is encoded and offsets mapped back), while a few substring searches find the
same match. ``search`` returns exactly the span RE2 does: the leftmost start, and there the first match
in RE2's order of preference — alternatives in the order written, shorter gaps first.

Where gaps nest, the outcome of matching the rest of the sequence from a position is remembered within a
search, so the work stays linear in the text (one attempt per item, position and gap length), as RE2's is.
"""
from __future__ import annotations

from typing import Optional

Item = Optional[tuple[str, ...]]  # the words any one of which matches here, or None for a gap


def search(items: tuple[Item, ...], text: str, gap: int) -> tuple[int, int] | None:
    """The (start, end) of the first match of ``items`` in ``text``, or None.

    ``items`` starts and ends with words and never has two gaps in a row; a gap takes at most ``gap``
    characters and no line break (``.`` in RE2).
    """
    # With one gap no position is tried twice from the same item; with more, choices nest, and remembering
    # them keeps the search linear.
    memo: dict[tuple[int, int], int | None] | None = {} if items.count(None) > 1 else None
    for start in _starts(text, items[0], 0, len(text)):
        end = _rest(items, text, gap, 0, start, memo)
        if end is not None:
            return start, end
    return None


def _rest(items: tuple[Item, ...], text: str, gap: int, i: int, position: int,
          memo: dict[tuple[int, int], int | None] | None) -> int | None:
    """Where the first match of ``items[i:]`` starting at ``position`` ends, or None."""
    if i == len(items):
        return position
    if memo is not None and (i, position) in memo:
        return memo[i, position]
    item = items[i]
    end = None
    if item is None:
        stop = text.find("\n", position, position + gap)
        last = position + gap if stop < 0 else stop
        for at in _starts(text, items[i + 1], position, last):
            end = _rest(items, text, gap, i + 1, at, memo)
            if end is not None:
                break
    else:
        for word in item:
            if text.startswith(word, position):
                end = _rest(items, text, gap, i + 1, position + len(word), memo)
                if end is not None:
                    break
    if memo is not None:
        memo[i, position] = end
    return end


def _starts(text: str, words: tuple[str, ...], first: int, last: int) -> list[int]:
    """Positions in ``[first, last]`` where one of ``words`` begins, in order."""
    if len(words) == 1:
        word = words[0]
        found, at = [], text.find(word, first, last + len(word))
        while at >= 0:
            found.append(at)
            at = text.find(word, at + 1, last + len(word))
        return found
    places: set[int] = set()
    for word in words:
        at = text.find(word, first, last + len(word))
        while at >= 0:
            places.add(at)
            at = text.find(word, at + 1, last + len(word))
    return sorted(places)
