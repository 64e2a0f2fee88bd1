"""Project settings for ``scriptcheck lint``: ``.scriptcheck.yaml`` or ``[tool.scriptcheck]`` in pyproject.toml.

Looked up from the current directory upwards, stopping at the repository root (a directory holding
``.git``), so a hook run anywhere in a script repository finds the same settings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Iterable

from ..model import SEVERITIES
from ..errors import PackError, PackErrors, shown
from ..pack.loader import bundled_packs
from ..schema import Option, suggest, validate
from ..yamlsource import Located, Where, load_yaml

CONFIG_FILE = ".scriptcheck.yaml"
PYPROJECT = "pyproject.toml"
OPTIONS: dict[str, Option] = {
    "rules": Option(str, doc="bundled pack name, or a pack file relative to the config file"),
    "disable": Option(list, default=[], item=str, doc="rule ids or globs never reported"),
    "ignore": Option(list, default=[], item=str, doc="path globs, relative to the config file's directory"),
    "min_severity": Option(str, choices=SEVERITIES, doc="report findings at or above this severity"),
}
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*scriptcheck\s*(?:\.\s*(?P<sub>[^\]]+?)\s*)?\]")
_TOML_KEY = re.compile(r"^\s*(?P<key>[A-Za-z0-9_-]+)\s*=")
_ANY_TABLE = re.compile(r"^\s*\[")


@dataclass(frozen=True)
class LintConfig:
    file: str | None = None
    root: Path = field(default_factory=Path.cwd)  # where `ignore` globs are relative to
    rules: str | None = None  # bundled pack name or pack path
    disable: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    min_severity: str | None = None
    located: Located | None = field(default=None, compare=False, repr=False)

    def unmatched_disables(self, rule_ids: Iterable[str]) -> list[PackError]:
        """A ``disable`` entry that names no rule of the pack is a mistake (a misspelt id): one error each."""
        known = list(rule_ids)
        errors = []
        for i, pattern in enumerate(self.disable):
            if not any(fnmatchcase(rule_id, pattern) for rule_id in known) and self.located is not None:
                errors.append(self.located.error(f"disable[{i}]", f"no rule matches {shown(pattern)}"
                                                 + suggest(pattern, known)))
        return errors


def discover(start: Path) -> Path | None:
    """The config file that applies in ``start``: the nearest one up to the repository root."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _mentions_table(pyproject):
            return pyproject
        if (folder / ".git").exists():
            return None
    return None


def load_config(file: Path, shown: str | None = None) -> LintConfig:
    """Read and validate a config file; raise PackError (every problem, each at file:line:col)."""
    shown = shown or str(file)
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise PackError(f"cannot read config: {exc.strerror or exc}", file=shown) from None
    except UnicodeDecodeError:
        raise PackError("config is not UTF-8", file=shown) from None
    if file.suffix == ".toml":
        data, located = _toml_table(text, shown)
    else:
        data, located = load_yaml(text, shown)
        data = {} if data is None else data
    errors: list[PackError] = []
    values = validate(data, OPTIONS, Where(located), "", errors, "config")
    if errors:
        raise PackErrors(errors)
    root = file.resolve().parent
    rules = _pack_source(values["rules"], root, located)
    return LintConfig(file=shown, root=root, rules=rules, disable=tuple(values["disable"]),
                      ignore=tuple(values["ignore"]), min_severity=values["min_severity"], located=located)


def _pack_source(rules: str | None, root: Path, located: Located) -> str | None:
    """A bundled pack's name as it is; a pack file relative to the config's folder."""
    if rules is None:
        return None
    bundled = bundled_packs()
    if rules in bundled and not rules.endswith((".yaml", ".yml")):
        return rules
    path = root / rules
    if not path.exists() and "/" not in rules and not rules.endswith((".yaml", ".yml")):
        raise located.error("rules", f"no rule pack named {shown(rules)} (bundled: {', '.join(sorted(bundled))})"
                            + suggest(rules, list(bundled)))
    return str(path)


def _mentions_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return False
    return any(_TOML_TABLE.match(line) for line in text.splitlines())


def _toml_table(text: str, shown: str) -> tuple[Any, Located]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = _TOML_POSITION.search(str(exc))
        line, col = (int(where.group(1)), int(where.group(2))) if where else (None, None)
        raise PackError(f"invalid TOML: {_TOML_POSITION.sub('', str(exc)).strip()}", file=shown, line=line,
                        col=col) from None
    table = document.get("tool", {}).get("scriptcheck") if isinstance(document.get("tool"), dict) else None
    if table is None:
        raise PackError("no [tool.scriptcheck] table", file=shown, line=1, col=1)
    return table, Located(shown, _toml_marks(text))


def _toml_marks(text: str) -> dict[str, tuple[int, int]]:
    """Line and column of each key of the [tool.scriptcheck] table (tomllib keeps no positions)."""
    marks: dict[str, tuple[int, int]] = {"": (1, 1)}
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        table = _TOML_TABLE.match(line)
        if table:
            inside = table.group("sub") is None
            if inside:
                marks[""] = (number, 1)
            else:
                marks.setdefault(table.group("sub").split(".")[0].strip(), (number, 1))
            continue
        if _ANY_TABLE.match(line):
            inside = False
        elif inside and (key := _TOML_KEY.match(line)):
            marks.setdefault(key.group("key"), (number, key.start("key") + 1))
    return marks
