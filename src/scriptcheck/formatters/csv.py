"""``--format csv``: one row per finding (default) or per call (``FormatOptions.per_call``), for Excel.

Every call gets at least one row, so a spreadsheet of a batch lists every call; a file that could not be
read gets a row with its ``source`` and ``error``. The caller opens the output as UTF-8 with a BOM.
"""
from __future__ import annotations

import csv
from collections import Counter
from typing import TYPE_CHECKING, Any, TextIO

from ..display import readable
from ..model import ReadFailure, Report
from .json import result_to_dict

if TYPE_CHECKING:
    from . import FormatOptions

CALL_COLUMNS = ("id", "source", "agent", "rules", "score", "passed", "fatal")
FINDING_COLUMNS = (*CALL_COLUMNS, "call_fine", "rule", "category", "severity", "message", "utterance", "speaker",
                   "span_start", "span_end", "start", "end", "evidence", "deduction", "fine", "closest_utterance",
                   "closest_text", "closest_similarity", "measured", "limit", "channel", "error")
# Columns added later go just before "error" (always last), so the earlier columns keep their positions.
PER_CALL_COLUMNS = (*CALL_COLUMNS, "fine", "findings", "deductions", "categories", "channel", "error")


# Text that a spreadsheet would run as a formula (CSV injection): what customers type reaches the
# evidence and transcript columns, so such a cell is prefixed with an apostrophe, as OWASP advises.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """Booleans as true/false, whole numbers without ".0", None as an empty cell, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    text = readable(str(value))
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


class CsvFormatter:
    needs_transcripts = "none"

    def __init__(self, out: TextIO, options: FormatOptions | None = None) -> None:
        self.out = out
        self.per_call = bool(options and options.per_call)
        self.columns = PER_CALL_COLUMNS if self.per_call else FINDING_COLUMNS
        # Excel expects CRLF; the csv module quotes fields holding commas, quotes or newlines.
        self.writer = csv.writer(out, lineterminator="\r\n")
        self.writer.writerow(self.columns)

    def write(self, result: Report | ReadFailure, transcript: object = None) -> None:
        for row in self._rows(result):
            self.writer.writerow([cell(row.get(column)) for column in self.columns])

    def close(self) -> None:
        self.out.flush()

    def _rows(self, result: Report | ReadFailure) -> list[dict[str, Any]]:
        data = result_to_dict(result)
        if isinstance(result, ReadFailure):
            return [data]
        call = {column: data[column] for column in CALL_COLUMNS}
        call["channel"] = data["channel"]
        if self.per_call:
            return [{**call, **_call_summary(result)}]
        call["call_fine"] = data["fine"]
        if not result.findings:
            return [call]
        return [{**call, **_finding_row(finding)} for finding in data["findings"]]


def _finding_row(finding: dict[str, Any]) -> dict[str, Any]:
    # A finding's own "source" (the standard it cites) and "fatal" would overwrite the call's columns.
    row = {key: value for key, value in finding.items() if key not in ("source", "fatal")}
    if finding["span"]:
        row["span_start"], row["span_end"] = finding["span"]
    if finding["closest"]:
        row["closest_utterance"] = finding["closest"]["utterance"]
        row["closest_text"] = finding["closest"]["text"]
        row["closest_similarity"] = finding["closest"]["similarity"]
    return row


def _call_summary(report: Report) -> dict[str, Any]:
    categories = Counter(finding.category for finding in report.findings)
    return {
        "fine": report.fine,
        "findings": len(report.findings),
        # Rounded so that summing 0.1-point deductions does not print float noise.
        "deductions": round(sum(finding.deduction for finding in report.findings), 6),
        "categories": ";".join(f"{name}:{count}" for name, count in sorted(categories.items())),
    }
