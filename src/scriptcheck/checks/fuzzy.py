"""How similar a text is to the closest of several phrases (0–100): the evidence of a missing phrase.

A phrase without gaps scores its partial ratio (the best window of the text) — or, when it is longer
than the text, the plain ratio, so that a short 「再见」 does not count as a whole closing. A phrase with
``{*}`` gaps scores its pieces aligned in order, weighted by their length (``similarity``).

rapidfuzz needs tens of bytes of memory per character of the text it compares; no phrase a rule expects
is anywhere near ``WINDOW`` characters long, so a longer text is compared a window at a time (windows
overlapping by the longest phrase) and its similarity is that of its best window.
"""
from __future__ import annotations

from functools import lru_cache

WINDOW = 1 << 16


@lru_cache(maxsize=None)
def _rapidfuzz() -> tuple:
    """(fuzz, process, Indel), imported on the first fuzzy comparison: a run over clean calls may never
    make one, and the import is a noticeable part of start-up."""
    from rapidfuzz import fuzz, process
    from rapidfuzz.distance import Indel

    return fuzz, process, Indel


def similarity(pieces: list[str], text: str) -> float:
    """0-100: how well ``text`` contains the pieces of a phrase, aligned in order (gaps between them)."""
    fuzz = _rapidfuzz()[0]
    total = sum(len(p) for p in pieces)
    if not total or not text:
        return 0.0
    score = 0.0
    position = 0
    for piece in pieces:
        rest = text[position:]
        if len(rest) >= len(piece):
            aligned = fuzz.partial_ratio_alignment(piece, rest)
            score += aligned.score * len(piece)
            position += aligned.dest_end
        else:
            score += fuzz.ratio(piece, rest) * len(piece)
            position = len(text)
    return score / total


class FuzzyTargets:
    """Phrases (each a list of pieces split at its gaps) whose best ``similarity`` to a text is wanted.

    ``best`` is exact but avoids scoring most phrases. A piece of length m sharing a longest common
    subsequence of L characters with the whole text can score at most 200·L / (m + L) — no window or
    suffix of the text shares more than L characters with it — and a gapped phrase at most the
    length-weighted mean of its pieces' bounds. One batched rapidfuzz call gives every L; phrases are
    then scored best bound first until no bound can beat the best score found.
    """

    def __init__(self, phrases: list[list[str]]) -> None:
        ids: dict[str, int] = {}
        self._whole: list[tuple[str, int]] = []
        self._gapped: list[tuple[list[str], list[tuple[int, int]], int]] = []
        for pieces in phrases:
            if len(pieces) == 1:
                self._whole.append((pieces[0], ids.setdefault(pieces[0], len(ids))))
            elif pieces:
                refs = [(ids.setdefault(p, len(ids)), len(p)) for p in pieces]
                self._gapped.append((pieces, refs, sum(len(p) for p in pieces)))
        self._strings = list(ids)
        self._doubled = [2 * len(s) for s in self._strings]
        self._longest = max([len(s) for s in self._strings] + [total for _, _, total in self._gapped], default=0)

    def best(self, text: str) -> float:
        if not text or not self._strings:
            return 0.0
        if len(text) <= WINDOW:
            return self._best(text, 0.0)
        best = 0.0
        step = WINDOW - min(self._longest, WINDOW // 2)
        for start in range(0, len(text) - WINDOW + step, step):
            best = self._best(text[start:start + WINDOW], best)
        return best

    def _best(self, text: str, best: float) -> float:
        """The best similarity to ``text``, or ``best`` when no phrase beats it."""
        fuzz, process, indel = _rapidfuzz()
        doubled = self._doubled
        bound = [0.0] * len(doubled)
        # Indel similarity is twice the longest common subsequence.
        for _, shared, i in process.extract(text, self._strings, scorer=indel.similarity, limit=None):
            if shared:
                bound[i] = 200.0 * shared / (doubled[i] + shared)
        ranked = [(bound[ref], phrase, None) for phrase, ref in self._whole]
        ranked += [(sum(bound[ref] * size for ref, size in refs) / total, "", pieces)
                   for pieces, refs, total in self._gapped]
        ranked.sort(key=_first, reverse=True)
        for limit, phrase, pieces in ranked:
            if limit <= best:
                break
            if pieces is not None:
                score = similarity(pieces, text)
            elif len(phrase) <= len(text):
                score = fuzz.partial_ratio(phrase, text)
            else:
                score = fuzz.ratio(phrase, text)
            best = max(best, score)
        return best


def _first(item: tuple) -> float:
    return item[0]
