"""All literal phrases of a pack in one Aho-Corasick automaton, scanned once per call."""
from __future__ import annotations

from bisect import bisect_right

import ahocorasick_rs

# Never produced by normalisation (control characters are removed), so no phrase can span two utterances.
_SEPARATOR = "\n"


class PhraseIndex:
    """Collects literals while a pack compiles, then finds every occurrence of all of them at once."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._automaton: ahocorasick_rs.AhoCorasick | None = None

    def add(self, literal: str) -> int:
        if self._automaton is not None:
            raise RuntimeError("PhraseIndex is frozen")
        return self._ids.setdefault(literal, len(self._ids))

    def freeze(self) -> None:
        literals = list(self._ids)
        if literals:
            # Standard match kind with overlapping search reports every occurrence of every literal,
            # including ones nested in longer literals (leftmost-longest would hide 不知道 in 不知道就别说了).
            self._automaton = ahocorasick_rs.AhoCorasick(literals, matchkind=ahocorasick_rs.MatchKind.Standard)

    def __len__(self) -> int:
        return len(self._ids)

    def scan(self, texts: list[str]) -> list[list[tuple[int, int, int]]]:
        """For each text, the (literal id, start, end) of every occurrence, in order of end position."""
        found: list[list[tuple[int, int, int]]] = [[] for _ in texts]
        if self._automaton is None or not texts:
            return found
        starts = []
        position = 0
        for text in texts:
            starts.append(position)
            position += len(text) + 1
        joined = _SEPARATOR.join(texts)
        for literal_id, start, end in self._automaton.find_matches_as_indexes(joined, overlapping=True):
            index = bisect_right(starts, start) - 1
            offset = starts[index]
            found[index].append((literal_id, start - offset, end - offset))
        return found
