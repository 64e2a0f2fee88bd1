"""Reviewer labels on real conversations: reading `labels/<corpus>.yaml` and checking them.

A label file holds, per conversation, a judgement of every finding the build reported there (true,
false or unjudgeable, with a reason) and, for a conversation read in full, every violation a
reviewer would deduct for, whatever the build reports. See tests/accuracy/README.md.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

VERDICTS = ("true", "false", "unjudgeable")
_YAML_VERDICTS = {True: "true", False: "false", "true": "true", "false": "false", "unjudgeable": "unjudgeable"}


class LabelError(ValueError):
    """A label file that is not well-formed; the message names the file and the key path."""


@dataclass(frozen=True)
class Judgement:
    utterance: int | None
    rule: str
    verdict: str  # one of VERDICTS
    reason: str


@dataclass(frozen=True)
class Violation:
    utterance: int | None
    rule: str | None  # None: no rule covers it
    reason: str


@dataclass(frozen=True)
class Session:
    id: str
    read_in_full: bool
    findings: tuple[Judgement, ...]
    violations: tuple[Violation, ...]


@dataclass(frozen=True)
class LabelFile:
    path: Path
    corpus: str
    sessions: tuple[Session, ...]


def _fail(path: Path, where: str, problem: str) -> LabelError:
    return LabelError(f"{path}: {where}: {problem}")


def _keys(path: Path, where: str, item: Any, required: Iterable[str], optional: Iterable[str] = ()) -> Mapping:
    if not isinstance(item, Mapping):
        raise _fail(path, where, f"expected a mapping, got {type(item).__name__}")
    allowed = set(required) | set(optional)
    for key in item:
        if key not in allowed:
            raise _fail(path, where, f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")
    for key in required:
        if key not in item:
            raise _fail(path, where, f"missing key {key!r}")
    return item


def _utterance(path: Path, where: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail(path, f"{where}.utterance", f"expected a non-negative index or null, got {value!r}")
    return value


def _reason(path: Path, where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, f"{where}.reason", "every label needs a reason")
    return value.strip()


def _judgement(path: Path, where: str, item: Any) -> Judgement:
    item = _keys(path, where, item, ("utterance", "rule", "label"), ("reason",))
    if not isinstance(item["rule"], str) or not item["rule"]:
        raise _fail(path, f"{where}.rule", "expected a rule id")
    verdict = _YAML_VERDICTS.get(item["label"]) if isinstance(item["label"], (bool, str)) else None
    if verdict is None:
        raise _fail(path, f"{where}.label", f"expected true, false or unjudgeable, got {item['label']!r}")
    return Judgement(_utterance(path, where, item["utterance"]), item["rule"], verdict,
                     _reason(path, where, item.get("reason")))


def _violation(path: Path, where: str, item: Any) -> Violation:
    item = _keys(path, where, item, ("utterance", "rule"), ("reason",))
    rule = item["rule"]
    if rule is not None and (not isinstance(rule, str) or not rule):
        raise _fail(path, f"{where}.rule", "expected a rule id, or null when no rule covers it")
    return Violation(_utterance(path, where, item["utterance"]), rule, _reason(path, where, item.get("reason")))


def _session(path: Path, where: str, item: Any) -> Session:
    item = _keys(path, where, item, ("id",), ("read_in_full", "findings", "violations"))
    read_in_full = item.get("read_in_full", False)
    if not isinstance(read_in_full, bool):
        raise _fail(path, f"{where}.read_in_full", "expected true or false")
    findings = item.get("findings") or []
    violations = item.get("violations") or []
    if not isinstance(findings, list) or not isinstance(violations, list):
        raise _fail(path, where, "findings and violations are lists")
    if violations and not read_in_full:
        raise _fail(path, f"{where}.violations", "violations are listed only for a session read in full")
    judged = tuple(_judgement(path, f"{where}.findings[{i}]", f) for i, f in enumerate(findings))
    seen: set[tuple[int | None, str]] = set()
    for i, judgement in enumerate(judged):
        key = (judgement.utterance, judgement.rule)
        if key in seen:
            raise _fail(path, f"{where}.findings[{i}]", f"duplicate label for utterance {key[0]}, rule {key[1]}")
        seen.add(key)
    return Session(str(item["id"]), read_in_full, judged,
                   tuple(_violation(path, f"{where}.violations[{i}]", v) for i, v in enumerate(violations)))


def load_label_file(path: Path) -> LabelFile:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data = _keys(path, "top level", data, ("corpus", "sessions"))
    if not isinstance(data["sessions"], list):
        raise _fail(path, "sessions", "expected a list")
    sessions = tuple(_session(path, f"sessions[{i}]", s) for i, s in enumerate(data["sessions"]))
    ids = [session.id for session in sessions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise _fail(path, "sessions", f"sessions listed twice: {', '.join(duplicates)}")
    return LabelFile(path, str(data["corpus"]), sessions)


def load_labels(directory: Path) -> dict[str, LabelFile]:
    """Corpus name -> its label file, for every `*.yaml` in `directory`."""
    files = {}
    for path in sorted(directory.glob("*.yaml")):
        labels = load_label_file(path)
        if labels.corpus != path.stem:
            raise _fail(path, "corpus", f"{labels.corpus!r} does not match the file name {path.stem!r}")
        files[labels.corpus] = labels
    return files


def problems(labels: LabelFile, lengths: Mapping[str, int], rule_ids: Iterable[str]) -> list[str]:
    """What is wrong with labels against the conversations (id -> utterance count) and the known rules."""
    known = set(rule_ids)
    found = []
    for session in labels.sessions:
        where = f"{labels.path.name}: session {session.id}"
        if session.id not in lengths:
            found.append(f"{where}: no such conversation in corpus {labels.corpus}")
            continue
        for item in (*session.findings, *session.violations):
            if item.rule is not None and item.rule not in known:
                found.append(f"{where}: unknown rule {item.rule!r}")
            if item.utterance is not None and item.utterance >= lengths[session.id]:
                found.append(f"{where}: utterance {item.utterance} is past the end "
                             f"({lengths[session.id]} utterances)")
        if session.read_in_full:
            listed = {(v.utterance, v.rule) for v in session.violations}
            for judgement in session.findings:
                if judgement.verdict == "true" and (judgement.utterance, judgement.rule) not in listed:
                    found.append(f"{where}: finding {judgement.rule} at {judgement.utterance} is labelled true "
                                 "but not listed among the session's violations")
    return found
