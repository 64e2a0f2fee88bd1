"""``type: required`` — a phrase the speaker must say, in a window of the call (首问语, 结束语).

Any one alternative satisfies the rule. An exact match is looked for first (the automaton has found
the anchors); only when none is found are the utterances of the window compared with rapidfuzz, so
that ASR mishearings (帮住您 for 帮助您) still count as said. A missing phrase is one finding whose
``closest`` names the most similar utterance of the window and its similarity.

Example::

    - id: opening.inbound
      type: required
      category: opening
      message: 缺少标准首问语「您好！请问有什么可以帮助您？」
      window: {first: 2}
      phrases: ["{greeting}{*}请问有什么可以帮{*}您"]
      similarity: 85
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from ..model import Closest, Finding
from ..pack.schema import Option, percentage
from ..phrases import Slot, Template, TemplateError, compile_template
from .base import CallContext, Rule, format_message

TYPE = "required"
OPTIONS: dict[str, Option] = {
    "phrases": Option(list, required=True, item=str, doc="alternatives; any one satisfies the rule"),
    "window": Option(dict, doc="{first: N} or {last: N} of the speaker's utterances; whole call if absent"),
    "similarity": Option(float, default=85.0, check=percentage, doc="fuzzy threshold (0-100)"),
}
MESSAGE_FIELDS = ("phrase",)


@dataclass(frozen=True)
class RequiredRule(Rule):
    phrases: tuple[Template, ...] = ()
    window: tuple[str, int] | None = None  # ("first", N) | ("last", N)
    similarity: float = 85.0

    def literals(self) -> list[tuple[str, str, int | None]]:
        return [(t.anchor, "phrase", i) for i, t in enumerate(self.phrases) if t.anchor]

    def window_of(self, call: CallContext) -> list[int]:
        spoken = call.by_speaker[self.speaker]
        if self.window is None:
            return spoken
        side, size = self.window
        return spoken[:size] if side == "first" else spoken[-size:] if size else []

    def check(self, call: CallContext, index: int) -> list[Finding]:
        window = self.window_of(call)
        in_window = set(window)
        anchored = {(u, p) for u, role, p, _, _ in call.hits_by_rule.get(index, ()) if u in in_window}
        for phrase, template in enumerate(self.phrases):
            places = [u for u in window if (u, phrase) in anchored] if template.anchor else window
            for utterance in places:
                if template.literal or template.search(call.normalized[utterance], call.fact):
                    return []
        # ASR often cuts one turn into several utterances: try each run of consecutive utterances too.
        for run in _consecutive_runs(window):
            joined = "".join(call.normalized[u] for u in run)
            if any(t.search(joined, call.fact) for t in self.phrases):
                return []
        closest = self.closest(call, window)
        if closest is not None and closest.similarity >= self.similarity:
            return []
        message = format_message(self.message, phrase=self.phrases[0].text)
        return [self.finding(call, message, closest=closest)]

    def closest(self, call: CallContext, window: list[int]) -> Closest | None:
        best: Closest | None = None
        targets = [t.fuzzy_pieces(call.fact) for t in self.phrases]
        for utterance in window:
            text = call.normalized[utterance]
            for pieces in targets:
                score = similarity(pieces, text)
                if best is None or score > best.similarity:
                    best = Closest(utterance, call.transcript.utterances[utterance].text, round(score, 1))
        return best


def _consecutive_runs(window: list[int]) -> list[list[int]]:
    """Runs of two or more utterances with no other speaker between them."""
    runs: list[list[int]] = []
    for utterance in window:
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


def build(common: dict[str, Any], values: dict[str, Any], slots: dict[str, Slot], where: Any,
          errors: list) -> Rule:
    templates = []
    for i, text in enumerate(values["phrases"] or []):
        try:
            templates.append(compile_template(text, slots))
        except TemplateError as exc:
            errors.append(where.error(f"phrases[{i}]", str(exc)))
    window = None
    raw = values["window"]
    if raw is not None:
        if len(raw) != 1 or next(iter(raw)) not in ("first", "last"):
            errors.append(where.error("window", "expected {first: N} or {last: N}"))
        else:
            side, size = next(iter(raw.items()))
            if not isinstance(size, int) or isinstance(size, bool) or size < 1:
                errors.append(where.error(f"window.{side}", f"expected a positive integer, got {size!r}"))
            else:
                window = (side, size)
    return RequiredRule(**common, phrases=tuple(templates), window=window, similarity=values["similarity"])
