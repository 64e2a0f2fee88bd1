"""Named intents: a way of saying something, defined once in a pack and named by rules.

```yaml
intents:
  thanks_answer:
    description: 回应客户的感谢
    phrases: [不用谢, 不客气, 应该的, {near: [客气, 亲], within: 3}]
    similarity: 85
    examples: {hit: [您客气啦], pass: [请不要客气地提出意见]}
  complaint:
    phrases: [投诉, 什么服务态度, 坑人]
    not_preceded_by: [不是, 没有, 不想]        # a negation is no complaint
rules:
  - id: response.thanks
    type: response
    triggers: [{intent: thanks}]
    phrases: [{intent: thanks_answer}]
```

An intent's ``phrases`` are alternatives (strings, ``{text: …}`` / ``{near: …}`` mappings with their own
operators, or ``{intent: OTHER}``); its ``except``, ``boundary``, ``not_preceded_by``, ``not_followed_by``
and ``context`` apply to every alternative. Wherever a rule takes a phrase list, ``{intent: NAME}`` stands
for all of the intent's alternatives; in ``not_preceded_by`` / ``not_followed_by`` it stands for its plain
phrases. Expansion happens once at load: an unknown name, a cycle or an empty intent is a pack error.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..checks.phrase_compile import compile_items
from ..checks.phrase_spec import PhraseSpecs
from ..errors import shown
from ..phrases import Slot
from ..schema import Option, non_empty, percentage, suggest, validate
from ..schema import examples as validated_examples  # 'examples' is also an intent's key

CONTEXT_KEYS = ("not_preceded_by", "not_followed_by")
INTENT_OPTIONS: dict[str, Option] = {
    "description": Option(str, default="", doc="what the intent means, in words"),
    "phrases": Option(list, required=True, check=non_empty, doc="alternatives; any one is the intent"),
    "except": Option(list, default=[], item=str, doc="longer expressions that are not the intent"),
    "boundary": Option(str, choices=("none", "word", "clause"), doc="boundary for every alternative"),
    "not_preceded_by": Option(list, default=[], item=(str, dict), doc="not when said just after these"),
    "not_followed_by": Option(list, default=[], item=(str, dict), doc="not when said just before these"),
    "context": Option(int, doc="characters searched by not_preceded_by / not_followed_by"),
    "similarity": Option(float, check=percentage, doc="fuzzy threshold where the intent is an answer"),
    "examples": Option(dict, doc="hit / pass example utterances"),
}


@dataclass(frozen=True)
class Intent:
    name: str
    description: str
    specs: PhraseSpecs  # its alternatives, compiled with their operators
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)


class Intents:
    """The pack's intent definitions (a child pack's definition of a name replaces its parent's)."""

    def __init__(self, definitions: dict[str, tuple[Any, dict]], slots: dict[str, Slot], errors: list) -> None:
        self._raw = definitions  # name -> (where, raw mapping)
        self._slots = slots
        self._errors = errors
        self._values: dict[str, dict] = {}
        self._expanded: dict[str, list[dict] | None] = {}
        self.compiled: dict[str, Intent] = {}
        for name, (where, raw) in definitions.items():
            values = validate(raw, INTENT_OPTIONS, where, f"intents.{name}", errors, "intent")
            self._values[name] = values
        for name in definitions:
            self._compile(name)

    def __contains__(self, name: str) -> bool:
        return name in self._raw

    def expand(self, items: list[Any], key: str, where: Any, errors: list) -> list[Any]:
        """A rule's phrase list with every ``{intent: NAME}`` replaced by the intent's alternatives."""
        out: list[Any] = []
        for i, item in enumerate(items):
            name = _reference(item)
            if name is None:
                if isinstance(item, dict) and "near" in item:
                    item = dict(item)
                    if not self._resolve_near(item, f"{key}[{i}].near", where, (), errors):
                        continue
                out.append(item)
                continue
            if len(item) > 1:
                errors.append(where.error(f"{key}[{i}]", "an {intent: NAME} item takes no other key"))
                continue
            expanded = self._lookup(name, f"{key}[{i}].intent", where, errors)
            if expanded is None:
                continue
            out.extend(expanded)
        return out

    def _lookup(self, name: Any, path: str, where: Any, errors: list,
                stack: tuple[str, ...] = ()) -> list[dict] | None:
        """The alternatives of the intent ``name`` refers to; an unknown name is reported at ``path``."""
        if not isinstance(name, str) or name not in self._raw:
            errors.append(where.error(path, f"unknown intent {shown(name)}" + suggest(str(name), list(self._raw))
                                      + ("" if self._raw else " (the pack defines no intents)")))
            return None
        return self._expand(name, stack)

    def _expand(self, name: str, stack: tuple[str, ...]) -> list[dict] | None:
        """The intent's alternatives as phrase mappings carrying its operators; None when it is broken."""
        if name in self._expanded:
            return self._expanded[name]
        where, _ = self._raw[name]
        if name in stack:
            cycle = " -> ".join(stack[stack.index(name):] + (name,))
            self._errors.append(where.error(f"intents.{name}", f"intents refer to each other in a cycle: {cycle}"))
            for member in stack[stack.index(name):]:
                self._expanded[member] = None
            return None
        values = self._values[name]
        inner = stack + (name,)
        shared: dict[str, Any] = {"intent": name}
        for key in CONTEXT_KEYS:
            phrases = self._context(values[key], f"intents.{name}.{key}", where, inner)
            if phrases is None:
                return self._broken(name)
            if phrases:
                shared[key] = phrases
        for key in ("boundary", "context", "similarity"):
            if values[key] is not None:
                shared[key] = values[key]
        alternatives: list[dict] = []
        for i, item in enumerate(values["phrases"] or []):
            reference = _reference(item)
            if reference is not None:
                nested = self._nested(reference, f"intents.{name}.phrases[{i}].intent", where, inner)
                if nested is None:
                    return self._broken(name)
                alternatives.extend(_combined(alt, shared, values["except"], name) for alt in nested)
            else:
                alternative = {"text": item} if isinstance(item, str) else dict(item) if isinstance(item, dict) else item
                if isinstance(alternative, dict) and not self._resolve_near(
                        alternative, f"intents.{name}.phrases[{i}].near", where, inner, self._errors):
                    return self._broken(name)
                alternatives.append(_combined(alternative, shared, values["except"], name)
                                    if isinstance(alternative, dict) else alternative)
        if name in self._expanded:  # a cycle through this intent was found while expanding it
            return self._expanded[name]
        self._expanded[name] = alternatives
        return alternatives

    def _resolve_near(self, alternative: dict, path: str, where: Any, stack: tuple[str, ...], errors: list) -> bool:
        """Replace ``{intent: NAME}`` in a ``near`` list — as an item, or inside an item's list of words — by
        that intent's plain phrases (in place)."""
        items = alternative.get("near")
        if not isinstance(items, list):
            return True
        resolved = []
        for j, item in enumerate(items):
            words = item if isinstance(item, list) else [item]
            flat: list[Any] = []
            for k, word in enumerate(words):
                reference = _reference(word)
                if reference is None:
                    flat.append(word)
                    continue
                place = f"{path}[{j}]" + (f"[{k}]" if isinstance(item, list) else "") + ".intent"
                nested = self._lookup(reference, place, where, errors, stack)
                if nested is None:
                    return False
                flat.extend(alt["text"] for alt in nested if isinstance(alt.get("text"), str))
            resolved.append(flat if isinstance(item, list) or len(flat) != 1 else flat[0])
        alternative["near"] = resolved
        return True

    def _broken(self, name: str) -> None:
        self._expanded[name] = None
        return None

    def _nested(self, reference: Any, path: str, where: Any, stack: tuple[str, ...]) -> list[dict] | None:
        return self._lookup(reference, path, where, self._errors, stack)

    def _context(self, items: list[Any], path: str, where: Any, stack: tuple[str, ...]) -> list[str] | None:
        """A not_preceded_by / not_followed_by list as plain phrases (intents give their plain phrases)."""
        phrases: list[str] = []
        for i, item in enumerate(items or []):
            reference = _reference(item)
            if isinstance(item, str):
                phrases.append(item)
            elif reference is not None:
                nested = self._nested(reference, f"{path}[{i}].intent", where, stack)
                if nested is None:
                    return None
                phrases.extend(alt["text"] for alt in nested if isinstance(alt.get("text"), str))
            else:
                self._errors.append(where.error(f"{path}[{i}]", "expected a phrase or {intent: NAME}"))
                return None
        return phrases

    def _compile(self, name: str) -> None:
        where, _ = self._raw[name]
        alternatives = self._expand(name, ())
        if alternatives is None:
            return
        if not alternatives:
            return  # validation said the phrases are missing or empty
        specs = compile_items(alternatives, f"intents.{name}.phrases", self._slots, where, self._errors,
                              quiet_intents=False)
        examples = validated_examples(self._values[name]["examples"], f"intents.{name}", where, self._errors,
                                      "utterances")
        self.compiled[name] = Intent(name, self._values[name]["description"], PhraseSpecs(specs), examples)


def _reference(item: Any) -> Any:
    return item.get("intent") if isinstance(item, dict) and "intent" in item and "text" not in item \
        and "near" not in item else None


def _combined(alternative: dict, shared: dict, exceptions: list[str], name: str) -> dict:
    """An alternative with the intent's operators added (its own boundary, context and threshold win)."""
    merged = {**{k: v for k, v in shared.items() if k != "intent"}, **alternative}
    for key in CONTEXT_KEYS:
        if key in shared and key in alternative:
            merged[key] = list(shared[key]) + list(alternative[key])
    if exceptions:
        merged["except"] = list(exceptions) + list(alternative.get("except", []))
    inner = alternative.get("intent")
    merged["intent"] = f"{name} > {inner}" if inner and inner != name else name
    return merged
