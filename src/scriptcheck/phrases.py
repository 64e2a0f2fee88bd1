"""Phrase templates: literal text with ``{slot}`` placeholders and ``{*}`` gaps, compiled once.

A template is matched on normalised text. Its longest literal fragment is its *anchor*: the phrase
automaton finds anchors in one scan of the call, and only utterances that contain the anchor are
searched. A template of words and gaps (literals, slots of fixed values, ``{*}``) is searched with
substring searches (``gapsearch``); one with a slot's pattern or a call fact with its RE2 expression.
Both run in linear time, so no pattern from a pack can make a check hang.

A compiled RE2 expression takes several kilobytes, and a pack may hold tens of thousands of gapped
phrases of which a batch of calls needs few: an expression that cannot fail to compile (escaped literals,
gaps and slot values, short enough to stay far within RE2's size budget) is compiled when a search first
needs it. One with a slot's own pattern, or a long one, is compiled at load, where an error is a pack error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Callable

import re2

from . import gapsearch
from .errors import shown
from .text import normalize

GAP = "*"
GAP_CHARS = 30
GAP_REGEX = f".{{0,{GAP_CHARS}}}?"
# A pattern of escaped literals, gaps and slot values this short compiles to a few tens of thousands of RE2
# instructions at most, far below the budget of RE2's default options: it is compiled when first searched.
LAZY_PATTERN_CHARS = 2_000
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Slot:
    name: str
    values: tuple[str, ...] = ()
    pattern: str | None = None
    from_fact: str | None = None

    def regex(self, fact_value: str | None = None) -> str:
        options = [re2.escape(normalize(v)) for v in self.values if normalize(v)]
        if fact_value:
            options.append(re2.escape(normalize(fact_value)))
        if self.pattern:
            options.append(self.pattern)
        return "(?:" + "|".join(options) + ")" if options else ""

    def sample(self, fact_value: str | None) -> str:
        """Text used in place of the slot when a missing phrase is compared for similarity."""
        if fact_value:
            return normalize(fact_value)
        return normalize(self.values[0]) if self.values else ""


class TemplateError(ValueError):
    pass


@dataclass(frozen=True)
class Template:
    text: str  # as written in the pack
    parts: tuple[tuple[str, str], ...]  # ("lit", normalised text) | ("slot", name) | ("gap", "*")
    slots: tuple[Slot, ...]
    anchor: str  # longest normalised literal fragment ("" when there is none)
    literal: bool  # no placeholders: the anchor is the whole phrase

    def fact_slots(self) -> tuple[Slot, ...]:
        return tuple(s for s in self.slots if s.from_fact)

    @cached_property
    def uses_facts(self) -> bool:
        """A slot takes its value from a call fact: matching and fuzzy targets depend on the call."""
        return any(s.from_fact for s in self.slots)

    def search(self, normalized: str, fact: Callable[[str], object]) -> tuple[int, int] | None:
        """First match in ``normalized`` as a (start, end) range, or None."""
        if self.literal:
            index = normalized.find(self.anchor)
            return (index, index + len(self.anchor)) if index >= 0 else None
        if self._words_and_gaps is not None:
            return gapsearch.search(self._words_and_gaps, normalized, GAP_CHARS)
        match = self._regex.search(normalized)
        if match is None:
            values = self._fact_values(fact)
            if any(values):
                match = _compiled(self._pattern(values)).search(normalized)
        return match.span() if match else None

    def finditer(self, normalized: str, fact: Callable[[str], object]) -> list[tuple[int, int]]:
        """Every non-overlapping match, for templates used as forbidden expressions."""
        regex = self._regex
        values = self._fact_values(fact)
        if any(values):
            regex = _compiled(self._pattern(values))
        return [m.span() for m in regex.finditer(normalized)]

    @cached_property
    def _words_and_gaps(self) -> tuple[gapsearch.Item, ...] | None:
        """The template as words (a literal, or a slot's fixed values in order) and gaps, when searching it
        needs no expression: no slot with a pattern or a call fact, and words at both ends."""
        items: list[gapsearch.Item] = []
        for kind, value in self.parts:
            if kind == "lit":
                items.append((value,))
            elif kind == "gap":
                if not items or items[-1] is None:
                    return None
                items.append(None)
            else:
                slot = self._slot(value)
                words = tuple(w for w in (normalize(v) for v in slot.values) if w)
                if slot.pattern or slot.from_fact or not words:
                    return None
                items.append(words)
        return tuple(items) if items and items[-1] is not None else None

    @cached_property
    def _regex(self):
        return _compiled(self._pattern())

    def fuzzy_pieces(self, fact: Callable[[str], object]) -> list[str]:
        """The phrase split at its gaps, slots filled by known facts or a sample value: fuzzy targets."""
        if not self.uses_facts:
            return self._fixed_pieces
        return self._pieces(fact)

    @cached_property
    def _fixed_pieces(self) -> list[str]:
        return self._pieces(lambda path: None)

    def _pieces(self, fact: Callable[[str], object]) -> list[str]:
        pieces, current = [], []
        for kind, value in self.parts:
            if kind == "lit":
                current.append(value)
            elif kind == "slot":
                slot = self._slot(value)
                known = fact(slot.from_fact) if slot.from_fact else None
                current.append(slot.sample(str(known) if known else None))
            else:
                pieces.append("".join(current))
                current = []
        pieces.append("".join(current))
        return [p for p in pieces if p]

    def _slot(self, name: str) -> Slot:
        return next(s for s in self.slots if s.name == name)

    def _fact_values(self, fact: Callable[[str], object]) -> tuple[str | None, ...]:
        values = []
        for slot in self.slots:
            known = fact(slot.from_fact) if slot.from_fact else None
            values.append(str(known) if known not in (None, "") else None)
        return tuple(values)

    def _pattern(self, fact_values: tuple[str | None, ...] = ()) -> str:
        by_name = dict(zip((s.name for s in self.slots), fact_values)) if fact_values else {}
        pieces = []
        for kind, value in self.parts:
            if kind == "lit":
                pieces.append(re2.escape(value))
            elif kind == "gap":
                pieces.append(GAP_REGEX)
            else:
                pieces.append(self._slot(value).regex(by_name.get(value)))
        return "".join(pieces)


@lru_cache(maxsize=1)
def _options() -> "re2.Options":
    # RE2 logs through absl to file descriptor 2 by default: a line for each pattern it refuses (the error
    # is raised as well, and reported as a pack error) and one for each search whose DFA outgrows its
    # memory budget (RE2 then searches with another of its linear-time engines).
    options = re2.Options()
    options.log_errors = False
    return options


@lru_cache(maxsize=4096)
def _compiled(pattern: str):
    return re2.compile(pattern, _options())


def compile_template(text: str, slots: dict[str, Slot]) -> Template:
    """Compile a phrase as written in a pack; raise TemplateError naming an unknown slot or a bad pattern."""
    if "{" not in text:  # no placeholder: the same template whatever the slots (intents repeat phrases)
        return _plain_template(text)
    return _template(text, slots)


@lru_cache(maxsize=1 << 16)
def _plain_template(text: str) -> Template:
    return _template(text, {})


def _template(text: str, slots: dict[str, Slot]) -> Template:
    parts: list[tuple[str, str]] = []
    used: list[Slot] = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        literal = normalize(text[position:match.start()])
        if literal:
            parts.append(("lit", literal))
        name = match.group(1).strip()
        if name == GAP:
            parts.append(("gap", GAP))
        elif name in slots:
            parts.append(("slot", name))
            if slots[name] not in used:
                used.append(slots[name])
        else:
            known = ", ".join(sorted(slots)) or "none defined"
            raise TemplateError(f"unknown slot {{{name}}} in phrase {shown(text)} (slots: {known}; "
                                "use {*} for any text)")
        position = match.end()
    tail = normalize(text[position:])
    if tail:
        parts.append(("lit", tail))
    literals = [value for kind, value in parts if kind == "lit"]
    if not any(kind != "gap" for kind, _ in parts):
        raise TemplateError(f"phrase {shown(text)} has nothing to match after normalisation")
    literal = len(parts) == 1 and parts[0][0] == "lit"
    template = Template(text=text, parts=tuple(parts), slots=tuple(used),
                        anchor=max(literals, key=len) if literals else "", literal=literal)
    if not literal and not _always_compiles(template):
        try:
            template._regex
        except re2.error as exc:
            raise TemplateError(f"phrase {shown(text)} does not compile: {exc}") from None
    return template


def _always_compiles(template: Template) -> bool:
    if any(slot.pattern for slot in template.slots):
        return False
    if not template.slots:  # escaping at most doubles a literal: no need to build the pattern to bound it
        gaps = sum(kind == "gap" for kind, _ in template.parts)
        if 2 * sum(len(value) for kind, value in template.parts if kind == "lit") + gaps * len(GAP_REGEX) \
                <= LAZY_PATTERN_CHARS:
            return True
    return len(template._pattern()) <= LAZY_PATTERN_CHARS


def compile_regex(pattern: str):
    """Compile a user regular expression with RE2 (linear time); raise TemplateError when it is invalid."""
    try:
        return _compiled(pattern)
    except re2.error as exc:
        raise TemplateError(f"invalid regular expression {shown(pattern)}: {exc}") from None
