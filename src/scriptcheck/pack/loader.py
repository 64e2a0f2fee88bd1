"""Rule pack files → a validated, compiled RulePack (``extends`` chains, overrides, every error at once)."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..automaton import PhraseIndex
from ..checks import COMMON_OPTIONS, RULE_TYPES
from ..checks.base import message_problem
from ..conditions import compile_condition
from ..display import one_line
from ..errors import PackError, PackErrors, PackTypeError
from ..numbers import number_problem
from ..phrases import Slot, TemplateError, compile_regex
from ..schema import Option, examples, non_negative, suggest, validate
from ..scoring import Scoring
from ..yamlsource import LayeredWhere, Located, Where, load_yaml
from .bundled import DEFAULT_PACK, bundled_packs
from .intents import Intents
from .rulepack import RulePack
from .scenes import Scenes, compile_scenes

MAX_PACK_BYTES = 10 * 1024 * 1024
MAX_EXTENDS_DEPTH = 8

TOP_OPTIONS: dict[str, Option] = {
    "pack": Option(str, doc="name"),
    "version": Option((str, int, float), default="1.0", doc="version"),
    "description": Option(str, default="", doc="free text"),
    "extends": Option(str, doc="bundled pack name or relative path"),
    "scoring": Option(dict, default={}, doc="scoring settings"),
    "slots": Option(dict, default={}, doc="named placeholders"),
    "intents": Option(dict, default={}, doc="named intents rules refer to"),
    "scenes": Option(dict, default={}, doc="kinds of call rules can be limited to or exempted in"),
    "disable": Option(list, default=[], item=str, doc="rule ids to switch off"),
    "rules": Option(list, default=[], doc="the rules"),
}
SCORING_OPTIONS: dict[str, Option] = {
    "base": Option(float, default=100.0, check=non_negative),
    "pass_mark": Option(float, default=60.0, check=non_negative),
    "unqualified_fine": Option(float, default=0.0, check=non_negative),
    "zero_score_fine": Option(float, default=0.0, check=non_negative),  # the former name of unqualified_fine
    "deductions": Option(dict, default={}),
}
_FORMER_NAMES = {"zero_score_fine": "unqualified_fine"}
SLOT_OPTIONS: dict[str, Option] = {
    "values": Option(list, default=[], item=str),
    "pattern": Option(str),
    "from": Option(str),
}


def load_rules(source: str | Path | None = None) -> RulePack:
    """Load and compile a pack: a bundled name (``default``, ``outbound-sales``), a file path, or None.

    Raises PackError (``file:line:col: what``) for a pack that cannot be loaded, and PackTypeError (also a
    TypeError) when ``source`` is neither a name nor a path.
    """
    if source is not None and not isinstance(source, (str, os.PathLike)):
        raise PackTypeError(f"load_rules() expects a pack name or a path (str or os.PathLike), "
                            f"got {type(source).__name__}")
    layers = _read_chain(str(source) if source is not None else DEFAULT_PACK, base=None, seen=[])
    return _compile(layers)


class _Layer:
    def __init__(self, file: str, text: str, data: dict[str, Any], located: Located) -> None:
        self.file = file
        self.text = text
        self.data = data
        self.located = located
        self.where = Where(located)


def _parse_layer(file: str, text: str) -> _Layer:
    data, located = load_yaml(text, file)
    if data is None:
        raise PackError("rule pack is empty", file=file, line=1, col=1)
    if not isinstance(data, dict):
        raise PackError("a rule pack must be a mapping with 'rules'", file=file, line=1, col=1)
    return _Layer(file, text, data, located)


def rebuild(layers: tuple[tuple[str, str], ...]) -> RulePack:
    """Compile a pack again from the texts it was loaded from (unpickling in a worker process)."""
    return _compile([_parse_layer(file, text) for file, text in layers])


@lru_cache(maxsize=8)
def rebuild_cached(layers: tuple[tuple[str, str], ...]) -> RulePack:
    """``rebuild`` once per process: a worker receiving the same pack with every task compiles it once."""
    return rebuild(layers)


def _resolve(name: str, base: Path | None) -> Path:
    packs = bundled_packs()
    if name in packs and not name.endswith((".yaml", ".yml")):
        return packs[name]
    path = Path(name)
    if base is not None and not path.is_absolute():
        path = base / path
    if _exists(path) or name.endswith((".yaml", ".yml")) or "/" in name:
        return path
    raise PackError(f"no rule pack named {name!r} (bundled: {', '.join(sorted(packs)) or 'none'})"
                    + suggest(name, list(packs)), file=_shown(name))


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):  # a name too long for the file system, a NUL character
        return False


def _shown(file: str) -> str:
    """A file name as errors show it: one line, control characters and undecodable bytes escaped."""
    return one_line(file)


def _read_chain(name: str, base: Path | None, seen: list[str]) -> list[_Layer]:
    path = _resolve(name, base)
    file = _shown(str(path))
    if file in seen:
        raise PackError(f"'extends' forms a cycle: {' -> '.join(seen + [file])}", file=file)
    if len(seen) >= MAX_EXTENDS_DEPTH:
        raise PackError(f"'extends' chain deeper than {MAX_EXTENDS_DEPTH}", file=file)
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_PACK_BYTES + 1)  # not the file's size: a device or pipe may never end
    except OSError as exc:
        raise PackError(f"cannot read rule pack: {exc.strerror or exc}", file=file) from None
    except ValueError as exc:  # a NUL character in the name
        raise PackError(f"cannot read rule pack: {exc}", file=file) from None
    if len(raw) > MAX_PACK_BYTES:
        raise PackError(f"rule pack larger than {MAX_PACK_BYTES // (1024 * 1024)} MiB", file=file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise PackError(f"rule pack is not UTF-8 (bad byte at offset {exc.start})", file=file, line=line) from None
    layer = _parse_layer(file, text)
    parent = layer.data.get("extends")
    if isinstance(parent, str):
        return _read_chain(parent, path.parent, seen + [file]) + [layer]
    return [layer]


def _compile(layers: list[_Layer]) -> RulePack:
    errors: list[PackError] = []
    top = [validate(layer.data, TOP_OPTIONS, layer.where, "", errors, "rule pack") for layer in layers]
    child = top[-1]
    scoring = _scoring(layers, top, errors)
    slots = _slots(layers, top, errors)
    intents = _intents(layers, top, slots, errors)
    scenes = _scenes(layers, top, slots, intents, errors)
    rules = _rules(layers, top, slots, intents, scenes, scoring, errors)
    if errors:
        raise PackErrors(errors)
    index = PhraseIndex()
    listening: dict[int, list[tuple[int, str, int | None]]] = {}
    for rule_index, rule in enumerate(rules):
        for literal, role, phrase in rule.literals():
            listening.setdefault(index.add(literal), []).append((rule_index, role, phrase))
    for scene in scenes:
        for key, literal, role, phrase in scene.keyed_literals():
            listening.setdefault(index.add(literal), []).append((key, role, phrase))
    index.freeze()
    listeners = tuple(tuple(listening.get(i, ())) for i in range(len(index)))
    name = child["pack"] or Path(layers[-1].file).stem
    return RulePack(name=name, version=str(child["version"]), description=child["description"],
                    file=layers[-1].file, scoring=scoring, slots=slots, rules=tuple(rules), index=index,
                    listeners=listeners, layers=tuple((layer.file, layer.text) for layer in layers),
                    intents=intents.compiled, scenes=scenes)


def _scoring(layers: list[_Layer], top: list[dict], errors: list) -> Scoring:
    merged: dict[str, Any] = {}
    deductions = dict(Scoring().deductions)
    for layer, values in zip(layers, top):
        raw = layer.data.get("scoring")
        if not isinstance(raw, dict):  # not set, or not a mapping: the check of the top level reported it
            continue
        checked = validate(raw, SCORING_OPTIONS, layer.where, "scoring", errors)
        if "zero_score_fine" in raw and "unqualified_fine" in raw:
            errors.append(layer.where.error("scoring.zero_score_fine", "zero_score_fine is the former name of "
                                            "unqualified_fine: set only unqualified_fine"))
        merged.update({_FORMER_NAMES.get(k, k): checked[k] for k in raw if k in SCORING_OPTIONS and k != "deductions"})
        for severity, points in (checked["deductions"] or {}).items():
            if severity not in deductions:
                errors.append(layer.where.error(f"scoring.deductions.{severity}", "unknown severity"
                                                + suggest(str(severity), list(deductions))))
            elif isinstance(points, bool) or not isinstance(points, (int, float)) or not points >= 0:
                errors.append(layer.where.error(f"scoring.deductions.{severity}", "expected a non-negative number"))
            elif problem := number_problem(points):
                errors.append(layer.where.error(f"scoring.deductions.{severity}", problem))
            else:
                deductions[severity] = float(points)
    return Scoring(**{k: float(v) for k, v in merged.items()}, deductions=deductions)


def _slots(layers: list[_Layer], top: list[dict], errors: list) -> dict[str, Slot]:
    slots: dict[str, Slot] = {}
    for layer, values in zip(layers, top):
        for name, raw in (values["slots"] or {}).items():
            path = f"slots.{name}"
            checked = validate(raw, SLOT_OPTIONS, layer.where, path, errors, "slot")
            if not checked["values"] and not checked["pattern"]:
                errors.append(layer.where.error(path, "a slot needs 'values' or 'pattern'"))
                continue
            if checked["pattern"]:
                try:
                    compile_regex(checked["pattern"])
                except TemplateError as exc:
                    errors.append(layer.where.error(f"{path}.pattern", str(exc)))
                    continue
            if checked["from"] and not checked["from"].startswith(("agent.", "customer.", "metadata.")):
                errors.append(layer.where.error(f"{path}.from", "expected agent.KEY, customer.KEY or metadata.KEY"))
                continue
            slots[str(name)] = Slot(str(name), tuple(checked["values"]), checked["pattern"], checked["from"])
    return slots


def _intents(layers: list[_Layer], top: list[dict], slots: dict[str, Slot], errors: list) -> Intents:
    definitions: dict[str, tuple[Where, dict]] = {}
    for layer, values in zip(layers, top):
        for name, raw in (values["intents"] or {}).items():
            definitions[str(name)] = (layer.where, raw)  # a child's definition replaces its parent's
    return Intents(definitions, slots, errors)


def _scenes(layers: list[_Layer], top: list[dict], slots: dict[str, Slot], intents: Intents,
            errors: list) -> Scenes:
    definitions: dict[str, tuple[Where, Any]] = {}
    for layer, values in zip(layers, top):
        for name, raw in (values["scenes"] or {}).items():
            definitions[str(name)] = (layer.where, raw)  # a child's definition replaces its parent's
    return compile_scenes(definitions, slots, intents, errors)


def _rules(layers: list[_Layer], top: list[dict], slots: dict[str, Slot], intents: Intents, scenes: Scenes,
           scoring: Scoring, errors: list) -> list:
    assembled: dict[str, list[tuple[Where, dict[str, Any]]]] = {}  # rule id -> layers, child first
    order: list[str] = []
    disabled: set[str] = set()
    for layer, values in zip(layers, top):
        ids_here: set[str] = set()
        for i, raw in enumerate(values["rules"] or []):
            where = Where(layer.located, f"rules[{i}]")
            if not isinstance(raw, dict):
                errors.append(where.error("", "a rule must be a mapping"))
                continue
            rule_id = raw.get("id")
            if not isinstance(rule_id, str):
                errors.append(where.error("", "missing required key 'id'"))
                continue
            if rule_id in ids_here:
                errors.append(where.error("id", f"duplicate rule id {rule_id!r}"))
                continue
            ids_here.add(rule_id)
            if rule_id not in assembled:
                order.append(rule_id)
                assembled[rule_id] = []
            assembled[rule_id].insert(0, (where, raw))
        for i, rule_id in enumerate(values["disable"] or []):
            if rule_id not in assembled:
                errors.append(layer.where.error(f"disable[{i}]", f"no rule {rule_id!r} to disable"
                                                + suggest(rule_id, list(assembled))))
            disabled.add(rule_id)
    rules = []
    for rule_id in order:
        if rule_id in disabled:
            continue
        merged: dict[str, Any] = {}
        for _, raw in reversed(assembled[rule_id]):
            merged.update(raw)
        where = assembled[rule_id][0][0] if len(assembled[rule_id]) == 1 else LayeredWhere(
            [(w, frozenset(raw)) for w, raw in assembled[rule_id]])
        rule = _rule(merged, where, slots, intents, scenes, scoring, errors)
        if rule is not None and not merged.get("disabled"):
            rules.append(rule)
    return rules


def _rule(raw: dict[str, Any], where: Any, slots: dict[str, Slot], intents: Intents, scenes: Scenes,
          scoring: Scoring, errors: list):
    kind = raw.get("type")
    rule_type = RULE_TYPES.get(kind) if isinstance(kind, str) else None
    if rule_type is None:
        errors.append(where.error("type", f"unknown rule type {kind!r}; expected one of "
                                  f"{', '.join(RULE_TYPES)}" + suggest(str(kind), list(RULE_TYPES))))
        return None
    options = {**COMMON_OPTIONS, **rule_type.options}
    before = len(errors)
    values = validate(raw, options, where, "", errors, "rule")
    if len(errors) > before:
        return None
    problem = message_problem(values["message"], rule_type.message_fields)
    if problem:
        errors.append(where.error("message", problem))
    common = {name: values[name] for name in COMMON_OPTIONS if name not in ("disabled",)}
    common["when"] = compile_condition(values["when"], where, errors, scenes.names, intents=intents)
    if common["deduction"] is None:
        common["deduction"] = scoring.deductions[values["severity"]]
    common["examples"] = examples(values["examples"], "", where, errors, "dialogues")
    specific = {name: values[name] for name in rule_type.options}
    for name, option in rule_type.options.items():
        if option.phrases and isinstance(specific[name], list):
            specific[name] = intents.expand(specific[name], name, where, errors)
    return rule_type.build(common, specific, slots, where, errors)
