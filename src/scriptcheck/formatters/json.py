"""``--format json`` (one list) and ``jsonl`` (one object per line): the wire shape of contracts §3."""
from __future__ import annotations

import json
import re
from typing import Any, TextIO

from ..display import has_surrogates, readable_data
from ..model import Finding, ReadFailure, Report


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": finding.rule,
        "category": finding.category,
        "severity": finding.severity,
        "message": finding.message,
        "utterance": finding.utterance,
        "speaker": finding.speaker,
        "span": list(finding.span) if finding.span else None,
        "start": finding.start,
        "end": finding.end,
        "evidence": finding.evidence,
        "deduction": finding.deduction,
        "fine": finding.fine,
        "fatal": finding.fatal,
        "source": finding.source,
        "closest": None,
    }
    if finding.closest is not None:
        data["closest"] = {"utterance": finding.closest.utterance, "text": finding.closest.text,
                           "similarity": finding.closest.similarity}
    if finding.measured is not None:
        data["measured"] = finding.measured
        data["limit"] = finding.limit
    if finding.occurrences:
        data["occurrences"] = [{"utterance": o.utterance, "span": list(o.span), "evidence": o.evidence}
                               for o in finding.occurrences]
    return data


def result_to_dict(result: Report | ReadFailure) -> dict[str, Any]:
    if isinstance(result, ReadFailure):
        return {"source": result.source, "error": result.error}
    return {
        "id": result.id,
        "source": result.source,
        "rules": result.rules,
        "score": result.score,
        "passed": result.passed,
        "fatal": result.fatal,
        "fine": result.fine,
        "agent": result.agent,
        "channel": result.channel,
        "findings": [finding_to_dict(f) for f in result.findings],
    }


_NUMBER_PAIR = re.compile(r"\[\s+(-?[\d.]+),\s+(-?[\d.]+)\s+\]")
# Line breaks that json.dumps leaves raw inside strings but that line readers (Python's splitlines,
# older JavaScript) break at: escaped, so that one result stays one line of JSONL.
_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")
_UNUSUAL = re.compile("[\x85\u2028\u2029\ud800-\udfff]")  # either of the above, found in one pass


def _dumps(data: Any, indent: int | None = None) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    if _UNUSUAL.search(text):
        if has_surrogates(text):  # a file name that is not UTF-8: written with its bytes escaped, \xff
            text = json.dumps(readable_data(data), ensure_ascii=False, indent=indent)
        # Only ever inside strings, where \uXXXX means the same character.
        text = _LINE_BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    # Keep spans on one line ("span": [0, 3]) in indented output; it reads like the contract.
    return _NUMBER_PAIR.sub(r"[\1, \2]", text) if indent else text


def render_line(result: Report | ReadFailure) -> str:
    """One JSONL line (without its newline)."""
    return _dumps(result_to_dict(result))


def render_item(result: Report | ReadFailure) -> str:
    """One item of the JSON list, indented as the list shows it."""
    return _dumps(result_to_dict(result), indent=2).replace("\n", "\n  ")


class JsonLinesFormatter:
    needs_transcripts = "none"
    render = staticmethod(render_line)

    def __init__(self, out: TextIO, options: object = None) -> None:
        self.out = out

    def write(self, result: Report | ReadFailure, transcript: object = None, rendered: str | None = None) -> None:
        self.out.write((rendered if rendered is not None else render_line(result)) + "\n")

    def close(self) -> None:
        self.out.flush()


class JsonFormatter:
    """A JSON list, written item by item."""

    needs_transcripts = "none"
    render = staticmethod(render_item)

    def __init__(self, out: TextIO, options: object = None) -> None:
        self.out = out
        self.count = 0

    def write(self, result: Report | ReadFailure, transcript: object = None, rendered: str | None = None) -> None:
        body = rendered if rendered is not None else render_item(result)
        self.out.write(("[\n  " if self.count == 0 else ",\n  ") + body)
        self.count += 1

    def close(self) -> None:
        self.out.write("[]\n" if self.count == 0 else "\n]\n")
        self.out.flush()
