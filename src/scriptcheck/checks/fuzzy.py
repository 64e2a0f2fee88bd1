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
        # What ranking reads, laid out flat: a phrase is named by its position, whole ones first.
        self._whole_refs = [ref for _, ref in self._whole]
        self._gapped_refs = [(n, refs, total) for n, (_, refs, total) in enumerate(self._gapped, len(self._whole))]

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
        # Indel similarity is twice the longest common subsequence; strings sharing nothing are left out.
        for _, shared, i in process.extract(text, self._strings, scorer=indel.similarity, limit=None,
                                            score_cutoff=1):
            bound[i] = 200.0 * shared / (doubled[i] + shared)
        # Only phrases whose bound beats the best so far are ranked (by bound; which of equal bounds comes
        # first cannot change the best score).
        whole, gapped = self._whole, self._gapped
        ranked = [(bound[ref], n) for n, ref in enumerate(self._whole_refs) if bound[ref] > best]
        for n, refs, total in self._gapped_refs:
            limit = 0.0
            for ref, size in refs:
                limit += bound[ref] * size
            limit /= total
            if limit > best:
                ranked.append((limit, n))
        ranked.sort(reverse=True)
        for limit, n in ranked:
            if limit <= best:
                break
            if n >= len(whole):
                score = similarity(gapped[n - len(whole)][0], text)
            else:
                # A score below the cutoff comes back as 0 and leaves ``best`` as it is: rapidfuzz skips the
                # windows that cannot reach it.
                phrase = whole[n][0]
                score = (fuzz.partial_ratio(phrase, text, score_cutoff=best) if len(phrase) <= len(text)
                         else fuzz.ratio(phrase, text, score_cutoff=best))
            best = max(best, score)
        return best
