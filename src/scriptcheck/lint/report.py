"""``--format text`` and ``--format json`` for lint findings (SARIF is in :mod:`.sarif`)."""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import Sequence, TextIO

from ..display import one_line, readable_data
from .findings import LintError, LintFinding

JSON_FIELDS = ("path", "line", "col", "end_col", "rule", "category", "severity", "message", "evidence",
               "closest")


def write_text(out: TextIO, findings: Sequence[LintFinding], errors: Sequence[LintError]) -> None:
    """``path:line:col: rule-id: message`` (and ``path:line:col: error: …``), in file order."""
    lines = [(f.sort_key(), f"{f.path}:{f.line}:{f.col}: {f.rule}: {f.message}") for f in findings]
    lines += [(e.sort_key(), str(e)) for e in errors]
    for _, line in sorted(lines):
        out.write(one_line(line) + "\n")


def write_json(out: TextIO, findings: Sequence[LintFinding]) -> None:
    records = []
    for finding in findings:
        record = asdict(finding)
        records.append({name: record[name] for name in JSON_FIELDS})
    json.dump(readable_data(records), out, ensure_ascii=False, indent=2)
    out.write("\n")
