"""One phrase as rules match it: a template and the operators that confirm a match where it is found.

An item of a phrase list is a string (a template, see ``phrases``) or a mapping with these keys:

- ``text``: the template; or ``near: [A, B, …]`` with ``within: N``: all of these words within N
  characters of each other, in any order (the first single word is looked up, the others around it: write
  the rarest word first); an item
  may be a list of words, any one of which will do (``near: [不好意思, [看错, 说错, 没注意]]``), or
  ``{intent: NAME}`` for that intent's plain phrases;
- ``except``: longer expressions that contain a match without being one (不知道 in 不知道您);
- ``boundary``: ``word`` (jieba) or ``clause`` (punctuation) edges; ``none`` by default;
- ``not_preceded_by`` / ``not_followed_by``: phrases that, said within ``context`` characters before /
  after the match in the same utterance, make it something else (a negation 「不是投诉」, a declining
  「不需要了，不好意思」, sarcasm 「抱歉有什么用」, a quote 「就知道说抱歉」);
- ``intent``: a named intent of the pack, standing for all of its alternatives (``pack/intents.py``).

Everything here is decided at load (``phrase_compile``); checking a call only runs the compiled operators.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Iterator

from ..boundaries import alnum_run, on_word_boundaries
from ..phrases import Template

DEFAULT_CONTEXT = 8  # characters before/after a match searched by not_preceded_by / not_followed_by
Fact = Callable[[str], object]


@dataclass(frozen=True)
class PhraseSpec:
    template: Template | None  # None for a raw regex pattern
    regex: Any  # compiled RE2 for a raw pattern
    label: str  # the phrase or pattern as written in the pack
    boundary: str
    exceptions: tuple[str, ...]
    near: tuple[tuple[str, ...], ...] = ()  # the other items of a `near` alternative: any word of each
    terms: tuple[str, ...] = ()  # every word of a `near` alternative, as written in order (normalised)
    within: int = 0
    preceded: tuple[Template, ...] = ()  # not_preceded_by
    followed: tuple[Template, ...] = ()  # not_followed_by
    context: int = DEFAULT_CONTEXT
    intent: str | None = None  # the intent this alternative came from ("a > b" when nested)
    similarity: float | None = None  # the intent's fuzzy threshold
    at_start: bool = False  # the match must open the utterance (「亲，……」 greets; 「……亲」 in passing does not)

    # --- what code written for plain templates reads (accepted phrases are matched like templates) ---
    @property
    def text(self) -> str:
        return self.label

    @cached_property
    def anchor(self) -> str:
        return self.template.anchor if self.template is not None else ""

    @cached_property
    def guarded(self) -> bool:
        """A match needs confirming around the place it was found (near words, context)."""
        return bool(self.near or self.preceded or self.followed or self.at_start)

    @cached_property
    def literal(self) -> bool:
        """Finding the anchor alone proves a match: a plain literal with no operator to confirm."""
        return (self.template is not None and self.template.literal and not self.guarded
                and not self.exceptions and self.boundary == "none")

    @property
    def uses_facts(self) -> bool:
        return self.template is not None and self.template.uses_facts

    @property
    def operator(self) -> str:
        if self.near:
            return f"near, within {self.within}"
        return "pattern" if self.template is None else "phrase"

    def described(self) -> str:
        """「label」, with the intent and the operator that produced it, for explanations."""
        words = [f"intent {self.intent}"] if self.intent else []
        if self.operator != "phrase":
            words.append(self.operator)
        if self.preceded or self.followed:
            words.append(f"checked for context {self.context} characters around")
        if self.at_start:
            words.append("at the start of the utterance")
        return f"「{self.label}」" + (f" ({', '.join(words)})" if words else "")

    def fuzzy_pieces(self, fact: Fact | None) -> list[str]:
        if self.terms:
            return list(self.terms)
        if self.template is None:
            return []
        return self.template.fuzzy_pieces(fact) if fact is not None else self.template.fuzzy_pieces(lambda p: None)

    # --- matching one normalised text ---
    def finditer(self, text: str, fact: Fact) -> list[tuple[int, int]]:
        """Every confirmed match in ``text`` (exceptions, word boundaries and operators applied)."""
        if self.template is not None and self.template.anchor not in text:
            return []  # most searches: the phrase is not there at all
        if self.template is not None and self.template.literal:
            spans = occurrences(text, self.template.anchor)
        elif self.template is not None:
            spans = self.template.finditer(text, fact)
        else:
            spans = [m.span() for m in self.regex.finditer(text)]
        found = []
        for start, end in spans:
            if end <= start or inside_exception(text, start, end, self.exceptions):
                continue
            if alnum_run(text, start, end) != (start, end):
                continue
            if self.boundary == "word" and not on_word_boundaries(text, start, end, self._word()):
                continue
            confirmed = self.confirm(text, start, end, fact)
            if confirmed is not None:
                found.append(confirmed)
        return found

    def search(self, text: str, fact: Fact) -> tuple[int, int] | None:
        if self.plain:
            found = self.template.search(text, fact)
            if found is None or not (_alnum(text[found[0]]) or _alnum(text[found[1] - 1])):
                return found
        found = self.finditer(text, fact)
        return found[0] if found else None

    @cached_property
    def alnum_edges(self) -> bool:
        """A match may begin or end with an ASCII letter or digit (then it must be a whole run of them)."""
        if self.template is None or not self.template.literal:
            return True
        anchor = self.template.anchor
        return _alnum(anchor[0]) or _alnum(anchor[-1])

    @cached_property
    def plain(self) -> bool:
        """A template with no operator: its first match is the template's own (letters and digits aside)."""
        return (self.template is not None and not self.guarded and not self.exceptions and self.boundary == "none")

    def confirm(self, text: str, start: int, end: int, fact: Fact) -> tuple[int, int] | None:
        """The match's span once its operators hold (widened to the near words), or None."""
        if self.at_start and start != 0:
            return None
        # The context is read around the phrase (a near alternative's first word), not the words near it.
        if self.preceded and _said_in(self._preceded_any, self.preceded, text[max(0, start - self.context):start], fact):
            return None
        if self.followed and _said_in(self._followed_any, self.followed, text[end:end + self.context], fact):
            return None
        return self._near(text, start, end) if self.near else (start, end)

    def refusal(self, text: str, start: int, end: int, fact: Fact) -> str:
        """Why ``confirm`` refused the match at ``[start, end)``, in words."""
        if self.at_start and start != 0:
            return "not at the start of the utterance (at_start)"
        if self.near and self._near(text, start, end) is None:
            words = "、".join("/".join(item) for item in self.near)
            return f"the other words {words} are not within {self.within} characters"
        before = text[max(0, start - self.context):start]
        for template in self.preceded:
            if template.search(before, fact):
                return f"preceded by 「{template.text}」 (not_preceded_by)"
        for template in self.followed:
            if template.search(text[end:end + self.context], fact):
                return f"followed by 「{template.text}」 (not_followed_by)"
        return "refused by its operators"

    @cached_property
    def _preceded_any(self):
        return one_expression(self.preceded)

    @cached_property
    def _followed_any(self):
        return one_expression(self.followed)

    def _word(self) -> str:
        return self.template.anchor if self.template is not None and self.template.literal else ""

    @cached_property
    def _near_any(self) -> tuple[tuple[re.Pattern, int], ...]:
        """Per item of ``near``: one expression of its words and the longest word's length."""
        return tuple((alternation(item), max(map(len, item))) for item in self.near)

    def _near(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        low, high = start, end
        for item, (any_word, longest) in zip(self.near, self._near_any):
            # Most matches have none of the item's words around them: one pass over the few characters
            # where any could be tells, before each word is looked for on its own.
            if any_word.search(text, max(0, start - self.within - longest), end + self.within + longest) is None:
                return None
            places = [(place, word) for word in item
                      for place in (_nearest(text, word, start, end, self.within),) if place is not None]
            if not places:
                return None
            place, word = min(places, key=lambda found: abs(found[0] - start))
            low, high = min(low, place), max(high, place + len(word))
        return low, high


def _alnum(char: str) -> bool:
    return char < "\x80" and char.isalnum()


def occurrences(text: str, literal: str) -> list[tuple[int, int]]:
    spans, at = [], text.find(literal)
    while at >= 0:
        spans.append((at, at + len(literal)))
        at = text.find(literal, at + 1)
    return spans


def inside_exception(text: str, start: int, end: int, exceptions: tuple[str, ...]) -> bool:
    """Does an occurrence of one of ``exceptions`` contain ``[start, end)``?"""
    for exception in exceptions:
        size = len(exception)
        if size >= end - start and text.find(exception, max(0, end - size), start + size) >= 0:
            return True
    return False


def _nearest(text: str, word: str, start: int, end: int, within: int) -> int | None:
    """Start of an occurrence of ``word`` outside ``[start, end)`` at most ``within`` characters away."""
    before = text.rfind(word, max(0, start - within - len(word)), start)
    if before >= 0:
        return before
    after = text.find(word, end, end + within + len(word))
    return after if after >= 0 else None


def one_expression(templates: tuple[Template, ...]):
    """When every template is a literal: one alternation of them, searched in a single pass over the few
    characters of context; else None (searched one by one)."""
    if not templates or not all(t.literal for t in templates):
        return None
    return alternation(t.anchor for t in templates)


def alternation(literals) -> re.Pattern:
    """One pattern matching any of ``literals`` (longest first). An alternation of escaped literals has no
    nested repetition, so Python's engine runs it in time linear in the text."""
    return re.compile("|".join(re.escape(s) for s in sorted(set(literals), key=len, reverse=True)))


def _said_in(expression, templates: tuple[Template, ...], text: str, fact: Fact) -> bool:
    if not text:
        return False
    if expression is not None:
        return expression.search(text) is not None
    return any(t.search(text, fact) for t in templates)


class PhraseSpecs(tuple):
    """A rule's compiled phrases; ``searched`` lists those the automaton cannot confirm on its own (slots,
    gaps, raw patterns), which must be searched with their expression."""

    searched: tuple[int, ...]
    literal: tuple[bool, ...]  # per phrase: its template is a literal, which the automaton's hit proves
    edged: tuple[bool, ...]  # per phrase: a hit must be checked against its boundary or its letters' run
    proven: bool  # every hit the automaton reports is one, unless an exception or a longer hit holds it

    def __new__(cls, specs) -> "PhraseSpecs":
        self = super().__new__(cls, specs)
        self.literal = tuple(spec.template is not None and spec.template.literal for spec in self)
        self.searched = tuple(i for i, literal in enumerate(self.literal) if not literal)
        self.edged = tuple(spec.alnum_edges or spec.boundary != "none" for spec in self)
        self.proven = not self.searched and not any(self.edged) and not any(spec.guarded for spec in self)
        return self

    @cached_property
    def _anchors(self):
        """One alternation of every phrase's anchor, or None when a phrase has no anchor and must always be
        tried."""
        anchors = {spec.anchor for spec in self}
        if not anchors or "" in anchors:
            return None
        return alternation(anchors)

    @cached_property
    def _with_anchors(self) -> tuple[tuple[PhraseSpec, str], ...]:
        return tuple((spec, spec.anchor) for spec in self)

    @cached_property
    def anchored(self) -> bool:
        """Every phrase has an anchor: ``matching`` looks at a text only when one of them is in it."""
        return self._anchors is not None

    def matching(self, text: str, fact: Fact) -> Iterator[tuple[PhraseSpec, tuple[int, int]]]:
        """Each phrase of the list (in order) that matches ``text``, with its first span."""
        if self._anchors is not None and self._anchors.search(text) is None:
            return  # one pass tells that none of the phrases is there: the usual case
        for spec, anchor in self._with_anchors:
            if anchor in text:  # no match without the anchor ("" for a phrase without one): most are not there
                found = spec.search(text, fact)
                if found is not None:
                    yield spec, found

    def first(self, text: str, fact: Fact) -> tuple[PhraseSpec, tuple[int, int]] | None:
        return next(self.matching(text, fact), None)

    def in_any(self, texts: list[str], joined: str, fact: Fact) -> bool:
        """Some phrase matches one of ``texts``; ``joined`` is all of them joined by newlines (no anchor
        holds one), searched first in one pass for any anchor: nearly always none is there."""
        if self._anchors is not None and self._anchors.search(joined) is None:
            return False
        return any(self.first(text, fact) is not None for text in texts)
