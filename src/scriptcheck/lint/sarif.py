"""``--format sarif``: SARIF 2.1.0, as code-scanning services (GitHub, GitLab, Azure DevOps) read it."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, Sequence, TextIO
from urllib.parse import quote

from .. import __version__
from ..checks.base import Rule
from ..display import readable_data
from .findings import LintError, LintFinding

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"critical": "error", "major": "warning", "minor": "note"}
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_STANDARD = "。标准："


def sarif_log(findings: Sequence[LintFinding], errors: Sequence[LintError], rules: Sequence[Rule]) -> dict[str, Any]:
    described = _rule_descriptors(rules, findings)
    index = {descriptor["id"]: i for i, descriptor in enumerate(described)}
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "scriptcheck", "version": __version__, "rules": described}},
        # Columns count characters (code points), which is what a Chinese script's author counts.
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, index) for finding in findings],
        "invocations": [{"executionSuccessful": not errors,
                         "toolExecutionNotifications": [_notification(error) for error in errors]}],
    }
    return {"version": "2.1.0", "$schema": SCHEMA, "runs": [run]}


def write_sarif(out: TextIO, findings: Sequence[LintFinding], errors: Sequence[LintError],
                rules: Sequence[Rule]) -> None:
    json.dump(readable_data(sarif_log(findings, errors, rules)), out, ensure_ascii=False, indent=2)
    out.write("\n")


def artifact_uri(path: str) -> str:
    """A relative URI with forward slashes (percent-encoded, so Chinese file names stay valid URIs).

    A name's bytes that are not UTF-8 are percent-encoded as the bytes they are, so the URI finds the file.
    """
    shown = Path(path)
    if shown.is_absolute():
        try:
            shown = shown.relative_to(Path.cwd())
        except ValueError:
            return shown.as_uri()
    return quote(os.path.normpath(shown).replace(os.sep, "/"), safe="/", errors="surrogateescape")


def _rule_descriptors(rules: Sequence[Rule], findings: Sequence[LintFinding]) -> list[dict[str, Any]]:
    described = [_descriptor(rule.id, rule.message, rule.category, rule.severity) for rule in rules]
    listed = {rule.id for rule in rules}
    for finding in findings:
        if finding.rule not in listed:
            listed.add(finding.rule)
            described.append(_descriptor(finding.rule, finding.message, finding.category, finding.severity))
    return described


def _descriptor(rule_id: str, template: str, category: str, severity: str) -> dict[str, Any]:
    text = _PLACEHOLDER.sub("…", template)
    return {"id": rule_id,
            "shortDescription": {"text": text.split(_STANDARD, 1)[0]},
            "fullDescription": {"text": text},
            "defaultConfiguration": {"level": LEVELS[severity]},
            "properties": {"category": category, "severity": severity}}


def _result(finding: LintFinding, index: dict[str, int]) -> dict[str, Any]:
    return {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(finding.path)},
            "region": {"startLine": finding.line, "startColumn": finding.col, "endColumn": finding.end_col},
        }}],
    }


def _notification(error: LintError) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(error.path)}}
    if error.line is not None:
        location["region"] = {"startLine": error.line, "startColumn": error.col or 1}
    return {"level": "error", "message": {"text": error.message}, "locations": [{"physicalLocation": location}]}
