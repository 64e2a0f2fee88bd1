"""Was one of these phrases said in these utterances? Exact first, then fuzzy; and what came closest.

Shared by the rule types that expect something to be said (required, response, sequence).
"""
from __future__ import annotations

from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from ..model import Closest
from ..phrases import Slot, Template, TemplateError, compile_template
from .base import CallContext


def compile_templates(texts: list[str] | None, key: str, slots: dict[str, Slot], where: Any,
                      errors: list) -> tuple[Template, ...]:
    templates = []
    for i, text in enumerate(texts or []):
        try:
            templates.append(compile_template(text, slots))
        except TemplateError as exc:
            errors.append(where.error(f"{key}[{i}]", str(exc)))
    return tuple(templates)


def template_literals(templates: tuple[Template, ...], group: str = "") -> list[tuple[str, str, int | None]]:
    return [(t.anchor, group + "phrase", i) for i, t in enumerate(templates) if t.anchor]


def said_exactly(call: CallContext, rule_index: int, templates: tuple[Template, ...], utterances: list[int],
                 group: str = "") -> bool:
    """True when an utterance — or a run of consecutive utterances — contains one of the templates."""
    if not utterances:
        return False
    wanted = set(utterances)
    role = group + "phrase"
    anchored = {(u, p) for u, r, p, _, _ in call.hits_by_rule.get(rule_index, ()) if r == role and u in wanted}
    for phrase, template in enumerate(templates):
        places = [u for u in utterances if (u, phrase) in anchored] if template.anchor else utterances
        for utterance in places:
            if template.literal or template.search(call.normalized[utterance], call.fact):
                return True
    # ASR often cuts one turn into several utterances: try each run of consecutive utterances too.
    for run in consecutive_runs(utterances):
        joined = "".join(call.normalized[u] for u in run)
        if any(t.search(joined, call.fact) for t in templates):
            return True
    return False


def closest(call: CallContext, templates: tuple[Template, ...], utterances: list[int]) -> Closest | None:
    """The utterance most similar to any of the templates (0–100), or None when there is none."""
    best: Closest | None = None
    targets = [t.fuzzy_pieces(call.fact) for t in templates]
    whole = [pieces[0] for pieces in targets if len(pieces) == 1]
    gapped = [pieces for pieces in targets if len(pieces) > 1]
    # Windows of successive triggers overlap (response rules): score each utterance once per rule.
    memo = call.memo.setdefault(("closest", id(templates)), {})
    for utterance in utterances:
        score = memo.get(utterance)
        if score is None:
            text = call.normalized[utterance]
            score = memo[utterance] = max(_best_whole(whole, text), _best_gapped(gapped, text))
        if best is None or score > best.similarity:
            best = Closest(utterance, call.transcript.utterances[utterance].text, round(score, 1))
    return best


def said(call: CallContext, rule_index: int, templates: tuple[Template, ...], utterances: list[int],
         threshold: float, group: str = "") -> tuple[bool, Closest | None]:
    """(said, closest): exact match first; fuzzy only when that fails, and only in ``utterances``."""
    if said_exactly(call, rule_index, templates, utterances, group):
        return True, None
    nearest = closest(call, templates, utterances)
    return (nearest is not None and nearest.similarity >= threshold), nearest


def _best_whole(phrases: list[str], text: str) -> float:
    """``similarity`` for phrases without gaps: the best over ``phrases``, computed with pruning."""
    if not phrases or not text:
        return 0.0
    # A phrase no longer than the text may sit anywhere in it (partial ratio); a longer one is
    # compared whole, so that a short 「再见」 does not count as the whole closing.
    inside = [p for p in phrases if len(p) <= len(text)]
    longer = [p for p in phrases if len(p) > len(text)]
    best = process.extractOne(text, longer, scorer=fuzz.ratio)[1] if longer else 0.0
    if inside:
        # A phrase's longest common subsequence with the whole text (L) bounds its partial ratio: no
        # window of the text shares more than L characters with it, and the best a window can score
        # is 2L / (len + L), when it is L characters long. One batched call gives every bound; the
        # costly partial ratios are computed best bound first until no bound can beat the best score.
        bounds = []
        for phrase, distance, _ in process.extract(text, inside, scorer=Indel.distance, limit=None):
            common = (len(phrase) + len(text) - distance) / 2
            bounds.append((200.0 * common / (len(phrase) + common) if common else 0.0, phrase))
        bounds.sort(reverse=True)
        for bound, phrase in bounds:
            if bound <= best:
                break
            best = max(best, fuzz.partial_ratio(phrase, text))
    return best


GAPPED_SHORTLIST = 3


def _best_gapped(gapped: list[list[str]], text: str) -> float:
    """``similarity`` for phrases with gaps: the few whose pieces, joined, score best in one batched
    rapidfuzz call are aligned piece by piece (the exact but slower score)."""
    if not gapped or not text:
        return 0.0
    if len(gapped) > GAPPED_SHORTLIST:
        joined = ["".join(pieces) for pieces in gapped]
        ranked = process.extract(text, joined, scorer=fuzz.partial_ratio, limit=GAPPED_SHORTLIST)
        gapped = [gapped[index] for _, _, index in ranked]
    return max(similarity(pieces, text) for pieces in gapped)


def consecutive_runs(utterances: list[int]) -> list[list[int]]:
    """Runs of two or more utterances with no other speaker between them."""
    runs: list[list[int]] = []
    for utterance in utterances:
        if runs and runs[-1][-1] == utterance - 1:
            runs[-1].append(utterance)
        else:
            runs.append([utterance])
    return [run for run in runs if len(run) > 1]


def similarity(pieces: list[str], text: str) -> float:
    """0-100: how well ``text`` contains the pieces of a phrase, aligned in order (gaps between them)."""
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
