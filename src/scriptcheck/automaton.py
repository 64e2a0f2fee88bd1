"""All literal phrases of a pack in one Aho-Corasick automaton, scanned once per call."""
from __future__ import annotations

import ahocorasick_rs

DFA_LITERALS = 5_000
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
            # A DFA scans about a third faster; for very large packs its memory grows too much.
            implementation = ahocorasick_rs.Implementation.DFA if len(literals) <= DFA_LITERALS else None
            self._automaton = ahocorasick_rs.AhoCorasick(literals, matchkind=ahocorasick_rs.MatchKind.Standard,
                                                         implementation=implementation)

    def __len__(self) -> int:
        return len(self._ids)

    def scan(self, texts: list[str]) -> list[list[tuple[int, int, int]]]:
        """For each text, the (literal id, start, end) of every occurrence, in order of end position."""
        found: list[list[tuple[int, int, int]]] = [[] for _ in texts]
        for text, literal_id, start, end in self.matches(texts):
            found[text].append((literal_id, start, end))
        return found

    def matches(self, texts: list[str]) -> list[tuple[int, int, int, int]]:
        """(text index, literal id, start, end) of every occurrence in ``texts``, in order of end position."""
        if self._automaton is None or not texts:
            return []
        joined = _SEPARATOR.join(texts)
        found = []
        # Matches come in order of their end and never span a separator, so the text a match lies in
        # only moves forward: walk the texts' end offsets alongside.
        text, offset, text_end = 0, 0, len(texts[0])
        for literal_id, start, end in self._automaton.find_matches_as_indexes(joined, overlapping=True):
            while start > text_end:
                text += 1
                offset = text_end + 1
                text_end = offset + len(texts[text])
            found.append((text, literal_id, start - offset, end - offset))
        return found
