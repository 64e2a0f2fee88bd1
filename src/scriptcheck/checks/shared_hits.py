"""Hits of a phrase list that several rules of a pack use alike, confirmed once per call.

The hold rules (hold.return, hold.duration, hold.long_choice) each look for the same 「请您稍等」 in the
agent's words. Equal phrase lists get one compiled object when the pack is built (``canonical``), and a
call confirms its hits once for all of them (``shared_hits``): equal lists register the same literals, so
the automaton gives each of those rules the same occurrences, and the confirmed hits are the same.
"""
from __future__ import annotations

from .base import CallContext
from .phrase_hits import Hit, PhraseSpecs, find_hits

_CANONICAL: dict[PhraseSpecs, PhraseSpecs] = {}


def canonical(specs: PhraseSpecs) -> PhraseSpecs:
    """The first compiled phrase list equal to ``specs`` (``specs`` itself when it is the first)."""
    return _CANONICAL.setdefault(specs, specs)


def shared_hits(call: CallContext, rule_index: int, specs: PhraseSpecs, speaker: str, group: str = "") -> list[Hit]:
    """``find_hits`` for ``specs`` said by ``speaker``, worked out by the first rule of the call that asks."""
    return call.once(("shared hits", id(specs), speaker),
                     lambda: find_hits(call, rule_index, specs, speaker, group))
