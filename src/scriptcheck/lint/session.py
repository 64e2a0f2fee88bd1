"""One ``scriptcheck lint`` run: settings (config, pack, threshold) once, then every script in turn."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..errors import PackError, ScriptcheckError
from ..pack.loader import load_rules
from .checker import lint_script
from .config import LintConfig, discover, load_config
from .files import Ignore, script_files
from .findings import LintError, LintFinding, at_least, errors_of
from .reader import read_script
from .scenes import SceneRules

DEFAULT_MIN_SEVERITY = "minor"


@dataclass(frozen=True)
class LintSettings:
    """What the command line says; anything left None comes from the config file."""

    config: str | None = None
    rules: str | None = None
    min_severity: str | None = None


@dataclass
class Prepared:
    rules: SceneRules | None = None
    min_severity: str = DEFAULT_MIN_SEVERITY
    ignore: Ignore | None = None
    errors: list[LintError] = field(default_factory=list)  # config and pack problems: nothing is linted


@dataclass
class Outcome:
    findings: list[LintFinding] = field(default_factory=list)
    errors: list[LintError] = field(default_factory=list)  # scripts that could not be read, missing paths


def prepare(settings: LintSettings) -> Prepared:
    """The config, the pack and the threshold of a run; or the errors that stop it before any script is read."""
    prepared = Prepared()
    try:
        config = _config(settings, Path.cwd())
        pack = load_rules(settings.rules or config.rules)
    except ScriptcheckError as exc:
        prepared.errors = errors_of(exc, exc.file or "scriptcheck")
        return prepared
    prepared.errors = [error for problem in config.unmatched_disables(rule.id for rule in pack.rules)
                       for error in errors_of(problem, config.file or "")]
    never = {Path(file).resolve() for file, _ in pack.layers}
    if config.file:
        never.add(Path(config.file).resolve())
    prepared.rules = SceneRules(pack, config.disable)
    prepared.min_severity = settings.min_severity or config.min_severity or DEFAULT_MIN_SEVERITY
    prepared.ignore = Ignore(config.root, config.ignore, frozenset(never))
    return prepared


def _config(settings: LintSettings, cwd: Path) -> LintConfig:
    if settings.config is not None:
        file = Path(settings.config)
        if not file.is_file():
            raise PackError("no such config file", file=settings.config)
        return load_config(file)
    found = discover(cwd)
    if found is None:
        return LintConfig(root=cwd)
    return load_config(found, os.path.relpath(found, cwd))


def lint_files(paths: Iterable[str], prepared: Prepared) -> Outcome:
    assert prepared.rules is not None and prepared.ignore is not None
    outcome = Outcome()
    found = script_files(paths, prepared.ignore)
    outcome.errors += [LintError(path, None, None, "no such file or directory") for path in found.missing]
    outcome.errors += [LintError(path, None, None, message) for path, message in found.unreadable]
    for file, shown in found.files:
        try:
            script = read_script(file, shown)
        except ScriptcheckError as exc:
            outcome.errors += errors_of(exc, shown)
            continue
        outcome.findings += [finding for finding in lint_script(script, prepared.rules)
                             if at_least(finding, prepared.min_severity)]
    outcome.findings.sort(key=LintFinding.sort_key)
    return outcome
