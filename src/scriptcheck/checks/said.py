"""Was one of these phrases said in these utterances? Exact first, then fuzzy; and what came closest.

Shared by the rule types that expect something to be said (required, response, sequence).
"""
from __future__ import annotations

from bisect import bisect_left
from functools import cached_property
from itertools import islice
from operator import itemgetter
from typing import Any

from ..model import Closest
from ..phrases import Slot
from .base import CallContext
from .fuzzy import FuzzyTargets
from .phrase_compile import compile_items
from .phrase_spec import PhraseSpec, PhraseSpecs

DEFAULT_SIMILARITY = 85.0
_UTTERANCE = itemgetter(0)  # of an automaton hit


class Templates(PhraseSpecs):
    """A rule's accepted phrases (plain phrases, or intents' alternatives with their operators), with
    what fuzzy matching needs of them worked out once."""

    @cached_property
    def use_facts(self) -> bool:
        return any(t.uses_facts for t in self)

    @cached_property
    def fixed_targets(self) -> FuzzyTargets:
        return FuzzyTargets([t.fuzzy_pieces(None) for t in self])

    @cached_property
    def threshold(self) -> float | None:
        """The strictest fuzzy threshold of the intents the phrases came from (None when none sets one)."""
        given = [t.similarity for t in self if t.similarity is not None]
        return max(given) if given else None


def compile_templates(items: list[Any] | None, key: str, slots: dict[str, Slot], where: Any,
                      errors: list) -> Templates:
    return Templates(compile_items(items or [], key, slots, where, errors))


def template_literals(templates: tuple[PhraseSpec, ...], group: str = "") -> list[tuple[str, str, int | None]]:
    return [(t.anchor, group + "phrase", i) for i, t in enumerate(templates) if t.anchor]


def effective_similarity(given: float | None, templates: Templates) -> float:
    """A rule's fuzzy threshold: its own ``similarity``, else its intents', else 85."""
    if given is not None:
        return given
    return templates.threshold if templates.threshold is not None else DEFAULT_SIMILARITY


def said_exactly(call: CallContext, rule_index: int, templates: tuple[PhraseSpec, ...], utterances: list[int],
                 group: str = "") -> bool:
    """True when an utterance — or a run of consecutive utterances — contains one of the templates."""
    if not utterances:
        return False
    wanted = set(utterances)
    role = group + "phrase"
    tried: set[tuple[int, int]] = set()
    # Templates with an anchor can only match where the automaton found it. Its hits come in utterance
    # order: those of the utterances before the first wanted one are skipped at once.
    found = call.hits_by_rule.get(rule_index, ())
    last = max(utterances)
    for utterance, found_role, phrase, _, _ in islice(found, bisect_left(found, min(utterances), key=_UTTERANCE), None):
        if utterance > last:
            break
        if found_role != role or utterance not in wanted or (utterance, phrase) in tried:
            continue
        tried.add((utterance, phrase))
        template = templates[phrase]
        if template.literal or template.search(call.normalized[utterance], call.fact):
            return True
    for template in templates:
        if not template.anchor and any(template.search(call.normalized[u], call.fact) for u in utterances):
            return True
    # ASR often cuts one turn into several utterances: try each run of consecutive utterances too.
    for run in consecutive_runs(utterances):
        # Windows of successive triggers overlap: each run is searched once per list of phrases.
        key = ("run", id(templates), run[0], run[-1])
        found = call.memo.get(key)
        if found is None:
            joined = "".join(call.normalized[u] for u in run)
            found = call.memo[key] = any(not t.guarded for t, _ in templates.matching(joined, call.fact))
        if found:
            return True
    return False


def closest(call: CallContext, templates: Templates, utterances: list[int]) -> Closest | None:
    """The utterance most similar to any of the templates (0–100), or None when there is none."""
    best: Closest | None = None
    targets = _targets(call, templates)
    # Windows of successive triggers overlap (response rules): score each utterance once per rule.
    memo = call.memo.setdefault(("closest", id(templates)), {})
    for utterance in utterances:
        score = memo.get(utterance)
        if score is None:
            score = memo[utterance] = targets.best(call.normalized[utterance])
        if best is None or score > best.similarity:
            best = Closest(utterance, call.transcript.utterances[utterance].text, round(score, 1))
    return best


def said(call: CallContext, rule_index: int, templates: tuple[PhraseSpec, ...], utterances: list[int],
         threshold: float, group: str = "") -> tuple[bool, Closest | None]:
    """(said, closest): exact match first; fuzzy only when that fails, and only in ``utterances``."""
    if said_exactly(call, rule_index, templates, utterances, group):
        return True, None
    nearest = closest(call, templates, utterances)
    return (nearest is not None and nearest.similarity >= threshold), nearest


def consecutive_runs(utterances: list[int]) -> list[list[int]]:
    """Runs of two or more utterances with no other speaker between them."""
    runs: list[list[int]] = []
    for utterance in utterances:
        if runs and runs[-1][-1] == utterance - 1:
            runs[-1].append(utterance)
        else:
            runs.append([utterance])
    return [run for run in runs if len(run) > 1]


def _targets(call: CallContext, templates: Templates) -> FuzzyTargets:
    """The fuzzy targets of ``templates``: built once per pack, or once per call when a slot takes a
    call fact (the customer's surname)."""
    if not templates.use_facts:
        return templates.fixed_targets
    key = ("targets", id(templates))
    if key not in call.memo:
        call.memo[key] = FuzzyTargets([t.fuzzy_pieces(call.fact) for t in templates])
    return call.memo[key]
