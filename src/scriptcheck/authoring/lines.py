"""Building blocks of a rule's description, for the rule types' ``describe`` and for ``describe.py``."""
from __future__ import annotations

from ..checks.phrase_spec import PhraseSpec
from .wording import listed, number, quoted

_INDENT = " " * 14


def labelled(label: str, text: str) -> str:
    """``label:`` padded to the width of the description's first column, then the text."""
    return f"{label + ':' if label else '':<{len(_INDENT)}}{text}"


def many(label: str, items: list[str]) -> list[str]:
    if not items:
        return [labelled(label, "none")]
    return [labelled(label, items[0])] + [_INDENT + item for item in items[1:]]


def spec_lines(label: str, specs: tuple[PhraseSpec, ...]) -> list[str]:
    """Phrases as written; exceptions and boundary said once when every phrase shares them."""
    shared = set.intersection(*(set(s.exceptions) for s in specs)) if specs else set()
    boundaries = {s.boundary for s in specs}
    items = []
    for spec in specs:
        item = spec.described() if spec.template is not None else f"pattern {spec.label} (RE2)"
        own = [e for e in spec.exceptions if e not in shared]
        if own:
            item += f"  not inside: {listed(own)}"
        if len(boundaries) > 1 and spec.boundary != "none":
            item += f"  [{_boundary_words(spec.boundary)}]"
        items.append(item)
    lines = many(label, items)
    if shared:
        lines.append(labelled("except", "a hit inside " + listed(quoted(e) for e in sorted(shared)) + " (normalised)"))
    if len(boundaries) == 1 and boundaries != {"none"}:
        lines.append(labelled("boundary", _boundary_words(next(iter(boundaries)))))
    return lines


def _boundary_words(boundary: str) -> str:
    return {"word": "the hit must start and end on word boundaries (jieba)",
            "clause": "the hit must be a whole clause between punctuation"}[boundary]


def template_lines(label: str, templates: tuple[PhraseSpec, ...]) -> list[str]:
    return many(label, [t.described() for t in templates])


def phrase_lines(specs: tuple[PhraseSpec, ...]) -> list[str]:
    """A phrase-finding rule's phrases and how overlapping hits of the rule count."""
    return spec_lines("phrases", specs) + [labelled("overlaps", "a hit inside a longer hit of this rule "
                                                    "is not counted again")]


def similarity_line(threshold: float) -> str:
    meaning = ("exact matches only" if threshold >= 100
               else "an utterance at least this similar (0-100) counts as said, for ASR mishearings")
    return labelled("similarity", f"{number(threshold)}: {meaning}")


def limit_lines(unit: str, **limits: float | None) -> list[str]:
    words = {"max": "at most", "min": "at least", "max_gap": "longest silence during a hold",
             "max_total": "longest hold", "tolerance": "overlap allowed"}
    return [labelled("limit", f"{words[k]} {number(v)} {unit}") for k, v in limits.items() if v is not None]
