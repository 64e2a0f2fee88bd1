"""All literal phrases of a pack in one Aho-Corasick automaton, scanned once per call."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

import ahocorasick_rs

# The automaton maps its byte offsets back to characters with a table of 8 bytes per byte of UTF-8 (about
# 24 bytes per Chinese character): text longer than this is scanned in overlapping pieces of this size.
SCAN_CHARS = 1 << 18
# Never produced by normalisation (control characters are removed), so no phrase can span two utterances.
_SEPARATOR = "\n"


class PhraseIndex:
    """Collects literals while a pack compiles, then finds every occurrence of all of them at once."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._automaton: ahocorasick_rs.AhoCorasick | None = None
        self._longest = 0

    def add(self, literal: str) -> int:
        if self._automaton is not None:
            raise RuntimeError("PhraseIndex is frozen")
        return self._ids.setdefault(literal, len(self._ids))

    def freeze(self) -> None:
        literals = list(self._ids)
        self._longest = max(map(len, literals), default=0)
        if literals:
            # Standard match kind with overlapping search reports every occurrence of every literal,
            # including ones nested in longer literals (leftmost-longest would hide 不知道 in 不知道就别说了).
            # The contiguous NFA is compact: with a pack's ~1,400 literals it scans calls somewhat faster
            # than a DFA (whose tables no longer stay in the processor's cache) and builds in a fraction of
            # the time.
            self._automaton = ahocorasick_rs.AhoCorasick(literals, matchkind=ahocorasick_rs.MatchKind.Standard,
                                                         implementation=ahocorasick_rs.Implementation.ContiguousNFA)

    def __len__(self) -> int:
        return len(self._ids)

    def scan(self, texts: list[str]) -> list[list[tuple[int, int, int]]]:
        """For each text, the (literal id, start, end) of every occurrence, in order of end position."""
        found: list[list[tuple[int, int, int]]] = [[] for _ in texts]
        for text, literal_id, start, end in self.matches(texts):
            found[text].append((literal_id, start, end))
        return found

    def matches(self, texts: list[str]) -> Iterator[tuple[int, int, int, int]]:
        """(text index, literal id, start, end) of every occurrence in ``texts``, in order of end position.

        Yielded one by one: a long call can have millions of occurrences, which its reader keeps in its
        own form.
        """
        if self._automaton is None or not texts:
            return
        joined = _SEPARATOR.join(texts)
        # Matches come in order of their end and never span a separator, so the text a match lies in
        # only moves forward: walk the texts' end offsets alongside.
        text, offset, text_end = 0, 0, len(texts[0])
        for literal_id, start, end in self._find(joined):
            while start > text_end:
                text += 1
                offset = text_end + 1
                text_end = offset + len(texts[text])
            yield text, literal_id, start - offset, end - offset

    def hand_out(self, texts: list[str], listeners: Sequence[Sequence[tuple[int, str, int | None]]]
                 ) -> tuple[dict[int, list[tuple[int, str, int | None, int, int]]], set[int]]:
        """Every occurrence in ``texts`` handed to the listeners of its literal, and the literals found.

        ``listeners``: literal id -> (key, role, phrase index) of each listener. Returns key -> the
        (text index, role, phrase index, start, end) of its occurrences, in order of end position, as
        ``matches`` would give them; built in one loop, as this runs for every call.
        """
        handed: defaultdict[int, list[tuple[int, str, int | None, int, int]]] = defaultdict(list)
        found: set[int] = set()
        if self._automaton is None or not texts:
            return {}, found
        joined = _SEPARATOR.join(texts)
        text, offset, text_end = 0, 0, len(texts[0])
        for literal_id, start, end in self._find(joined):
            while start > text_end:
                text += 1
                offset = text_end + 1
                text_end = offset + len(texts[text])
            found.add(literal_id)
            start -= offset
            end -= offset
            for key, role, phrase in listeners[literal_id]:
                handed[key].append((text, role, phrase, start, end))
        return dict(handed), found

    def _find(self, joined: str) -> Iterable[tuple[int, int, int]]:
        """(literal id, start, end) of every occurrence in ``joined``, in order of end position."""
        assert self._automaton is not None
        if len(joined) <= SCAN_CHARS:
            return self._automaton.find_matches_as_indexes(joined, overlapping=True)
        return self._find_in_pieces(joined)

    def _find_in_pieces(self, joined: str) -> Iterator[tuple[int, int, int]]:
        # Each piece owns the occurrences ending in its share of the text and starts one literal length
        # before that share, so that they lie whole in it: every occurrence is found once, in order.
        back = self._longest - 1
        for share in range(0, len(joined), SCAN_CHARS):
            begin = max(0, share - back)
            for literal_id, start, end in self._automaton.find_matches_as_indexes(
                    joined[begin:share + SCAN_CHARS], overlapping=True):
                if end + begin > share:
                    yield literal_id, start + begin, end + begin
