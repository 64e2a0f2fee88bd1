"""Declarative option specs for mappings read from YAML (rule packs, lint config, script headers), their
validation with located errors, and "did you mean" suggestions."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .errors import PackError, shown
from .numbers import is_number, number_problem
from .yamlsource import join_path

_MISSING = object()
_TYPE_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false",
               list: "a list", dict: "a mapping"}


@dataclass(frozen=True)
class Option:
    kind: type | tuple[type, ...]
    default: Any = None
    required: bool = False
    choices: tuple[Any, ...] = ()
    item: type | tuple[type, ...] | None = None  # element type of a list
    check: Callable[[Any], str | None] | None = None  # returns a problem or None
    phrases: bool = False  # a phrase list: items may name intents ({intent: NAME}), expanded at load
    doc: str = field(default="", compare=False)


def _type_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)


def _is_kind(value: Any, kind: type | tuple[type, ...]) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False  # YAML true is not a number here
    if float in kinds and isinstance(value, int) and not isinstance(value, bool):
        return True
    return isinstance(value, kinds)


def suggest(key: str, known: list[str]) -> str:
    import difflib  # only needed on the way to an error message

    close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def validate(data: Any, options: dict[str, Option], where: Any, path: str,
             errors: list[PackError], what: str = "mapping") -> dict[str, Any]:
    """Check ``data`` against ``options``; append every problem to ``errors``; return values with defaults."""
    if not isinstance(data, dict):
        errors.append(where.error(path, f"expected a {what} (mapping), got {type(data).__name__}"))
        return {name: opt.default for name, opt in options.items()}
    result: dict[str, Any] = {}
    for key in data:
        if key not in options:
            errors.append(where.error(_join(path, key), "unknown key" + suggest(str(key), list(options))))
    for name, opt in options.items():
        value = data.get(name, _MISSING)
        key_path = _join(path, name)
        if value is _MISSING or value is None:
            if opt.required:
                errors.append(where.error(path, f"missing required key {name!r}"))
            result[name] = opt.default
            continue
        problem = check_value(value, opt)
        if problem:
            errors.append(where.error(key_path, problem))
            result[name] = opt.default
        else:
            result[name] = float(value) if opt.kind is float else value
    return result


def check_value(value: Any, opt: Option) -> str | None:
    if not _is_kind(value, opt.kind):
        return f"expected {_type_name(opt.kind)}, got {shown(value)}"
    if is_number(value) and (problem := number_problem(value)):
        return problem
    if opt.choices and value not in opt.choices:
        return f"must be one of {', '.join(map(str, opt.choices))}, got {shown(value)}" + suggest(
            str(value), [str(c) for c in opt.choices])
    if opt.item is not None and isinstance(value, list):
        for i, element in enumerate(value):
            if not _is_kind(element, opt.item):
                return f"item {i} must be {_type_name(opt.item)}, got {shown(element)}"
            if is_number(element) and (problem := number_problem(element)):
                return f"item {i} {problem}"
    if opt.check is not None:
        return opt.check(value)
    return None


def _join(path: str, key: Any) -> str:
    return join_path(path, key)


def examples(raw: Any, path: str, where: Any, errors: list, what: str) -> dict[str, tuple[str, ...]]:
    """``hit:`` / ``pass:`` lists of strings (dialogues of a rule, utterances of an intent), validated."""
    if raw is None:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for key, texts in raw.items():
        place = _join(path, f"examples.{key}")
        if key not in ("hit", "pass"):
            errors.append(where.error(place, "unknown key" + suggest(str(key), ["hit", "pass"])))
        elif not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            errors.append(where.error(place, f"expected a list of {what} (strings)"))
        else:
            out[key] = tuple(texts)
    return out


def non_negative(value: Any) -> str | None:
    return None if value >= 0 else f"must not be negative, got {shown(value)}"


def positive(value: Any) -> str | None:
    return None if value >= 1 else f"must be at least 1, got {shown(value)}"


def non_empty(value: Any) -> str | None:
    return None if value else "must not be empty"


def percentage(value: Any) -> str | None:
    return None if 0 <= value <= 100 else f"must be between 0 and 100, got {shown(value)}"
