"""Compiling a phrase list as a pack writes it into ``PhraseSpec`` objects, with every problem located.

The keys a phrase mapping takes are described in ``phrase_spec``; validation happens here, once, at load.
"""
from __future__ import annotations

from typing import Any

from ..errors import shown
from ..phrases import Slot, Template, TemplateError, compile_regex, compile_template
from ..text import normalize
from .phrase_spec import DEFAULT_CONTEXT, PhraseSpec

BOUNDARIES = ("none", "word", "clause")
PHRASE_KEYS = ("text", "near", "within", "except", "boundary", "not_preceded_by", "not_followed_by", "context",
               "at_start", "intent", "similarity")
DEFAULT_NEAR = 8  # characters allowed between the words of a `near` alternative
MAX_WINDOW = 200


def compile_items(items: list[Any], key: str, slots: dict[str, Slot], where: Any, errors: list,
                  boundary: str = "none", exceptions: tuple[str, ...] = (), quiet_intents: bool = True,
                  ) -> list[PhraseSpec]:
    """Compile a phrase list as written (intents already expanded); ``boundary`` and ``exceptions`` are the
    rule's defaults for every item. Problems go to ``errors`` at ``key[i].…`` — except, with
    ``quiet_intents``, those of an intent's alternatives: the intent's own definition reports them."""
    specs: list[PhraseSpec] = []
    for i, raw in enumerate(items):
        path = f"{key}[{i}]"
        problems: list = []
        spec = _compile_item(raw, path, slots, where, problems, boundary, exceptions)
        if quiet_intents and isinstance(raw, dict) and raw.get("intent") and problems:
            continue
        errors.extend(problems)
        if spec is not None:
            specs.append(spec)
    return specs


def _compile_item(raw: Any, path: str, slots: dict[str, Slot], where: Any, errors: list, boundary: str,
                  exceptions: tuple[str, ...]) -> PhraseSpec | None:
    if isinstance(raw, str):
        raw = {"text": raw}
    if not isinstance(raw, dict):
        errors.append(where.error(path, f"a phrase must be a string or a mapping with 'text', got {shown(raw)}"))
        return None
    from ..schema import suggest

    unknown = [k for k in raw if k not in PHRASE_KEYS]
    if unknown:
        errors.append(where.error(f"{path}.{unknown[0]}", "unknown key" + suggest(str(unknown[0]), list(PHRASE_KEYS))))
        return None
    boundary = raw.get("boundary", boundary)
    if boundary not in BOUNDARIES:
        errors.append(where.error(f"{path}.boundary", f"must be one of {', '.join(BOUNDARIES)}, got {shown(boundary)}"))
        return None
    own = _strings(raw, "except", path, where, errors)
    preceded = _context_templates(raw, "not_preceded_by", path, slots, where, errors)
    followed = _context_templates(raw, "not_followed_by", path, slots, where, errors)
    context = _count(raw, "context", DEFAULT_CONTEXT, path, where, errors)
    similarity = raw.get("similarity")
    if similarity is not None and (isinstance(similarity, bool) or not isinstance(similarity, (int, float))
                                   or not 0 <= similarity <= 100):
        errors.append(where.error(f"{path}.similarity", f"must be a number from 0 to 100, got {shown(similarity)}"))
        return None
    at_start = raw.get("at_start", False)
    if not isinstance(at_start, bool):
        errors.append(where.error(f"{path}.at_start", f"expected true or false, got {shown(at_start)}"))
        return None
    if None in (own, preceded, followed, context):
        return None
    common = dict(boundary=boundary, exceptions=exceptions + tuple(e for e in map(normalize, own) if e),
                  preceded=preceded, followed=followed, context=context, intent=raw.get("intent"), at_start=at_start,
                  similarity=None if similarity is None else float(similarity))
    if "near" in raw:
        return _near_item(raw, path, where, errors, common)
    if "within" in raw:
        errors.append(where.error(f"{path}.within", "'within' goes with 'near'"))
        return None
    text = raw.get("text")
    if not isinstance(text, str):
        errors.append(where.error(path, f"a phrase must be a string or a mapping with 'text' or 'near', got {shown(raw)}"))
        return None
    try:
        template = compile_template(text, slots)
    except TemplateError as exc:
        errors.append(where.error(path, str(exc)))
        return None
    return PhraseSpec(template, None, text, **{**common, "exceptions": _containing(common["exceptions"], template.anchor)})


def _near_item(raw: dict, path: str, where: Any, errors: list, common: dict) -> PhraseSpec | None:
    items = raw["near"]
    if "text" in raw:
        errors.append(where.error(f"{path}.near", "give either 'text' or 'near', not both"))
        return None
    if not isinstance(items, list) or len(items) < 2 or not all(_near_word_or_words(i) for i in items):
        errors.append(where.error(f"{path}.near", "expected a list of two or more words (an item may be a list of "
                                  "words, any one of which will do)"))
        return None
    normalised = [tuple(normalize(w) for w in ([i] if isinstance(i, str) else i)) for i in items]
    if not all(all(words) for words in normalised):
        errors.append(where.error(f"{path}.near", "a word has nothing to match after normalisation"))
        return None
    singles = [words[0] for words in normalised if len(words) == 1]
    if not singles:
        errors.append(where.error(f"{path}.near", "one item must be a single word: the first one is looked up "
                                  "first, the others around it"))
        return None
    within = _count(raw, "within", DEFAULT_NEAR, path, where, errors)
    if within is None:
        return None
    anchor = singles[0]  # looked up first: the pack writes its rarest word first
    others = list(normalised)
    others.remove((anchor,))
    label = "…".join(i if isinstance(i, str) else "/".join(i) for i in items)
    common = {**common, "exceptions": _containing(common["exceptions"], anchor)}
    return PhraseSpec(compile_template(anchor, {}), None, label, near=tuple(others),
                      terms=tuple(words[0] for words in normalised), within=within, **common)


def _containing(exceptions: tuple[str, ...], anchor: str) -> tuple[str, ...]:
    """The exceptions that can contain a match: a match holds its anchor, so an exception without the
    anchor never contains one (an intent's exceptions are shared by all its alternatives)."""
    return exceptions if not anchor else tuple(e for e in exceptions if anchor in e)


def _near_word_or_words(item: Any) -> bool:
    return isinstance(item, str) or (isinstance(item, list) and bool(item) and all(isinstance(w, str) for w in item))


def _strings(raw: dict, key: str, path: str, where: Any, errors: list) -> list[str] | None:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        errors.append(where.error(f"{path}.{key}", "expected a list of strings"))
        return None
    return value


def _context_templates(raw: dict, key: str, path: str, slots: dict[str, Slot], where: Any,
                       errors: list) -> tuple[Template, ...] | None:
    texts = _strings(raw, key, path, where, errors)
    if texts is None:
        return None
    templates = []
    for i, text in enumerate(texts):
        try:
            templates.append(compile_template(text, slots))
        except TemplateError as exc:
            errors.append(where.error(f"{path}.{key}[{i}]", str(exc)))
            return None
    return tuple(templates)


def _count(raw: dict, key: str, default: int, path: str, where: Any, errors: list) -> int | None:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WINDOW:
        errors.append(where.error(f"{path}.{key}", f"expected a whole number from 0 to {MAX_WINDOW}, got {shown(value)}"))
        return None
    return value


def compile_patterns(patterns: list[str], boundary: str, exceptions: tuple[str, ...], where: Any,
                     errors: list) -> list[PhraseSpec]:
    specs = []
    for i, pattern in enumerate(patterns):
        try:
            specs.append(PhraseSpec(None, compile_regex(pattern), pattern, boundary, exceptions))
        except TemplateError as exc:
            errors.append(where.error(f"patterns[{i}]", str(exc)))
    return specs
