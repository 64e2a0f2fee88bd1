"""``--format text``: a readable report per call, then a summary for the batch."""
from __future__ import annotations

from collections import Counter
from typing import TextIO

from ..display import one_line
from ..model import Finding, ReadFailure, Report


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes, rest = divmod(seconds, 60)
    return f" {int(minutes):02d}:{rest:04.1f}"


def _money(amount: float) -> str:
    return f"{amount:g}元"


def _finding_lines(finding: Finding) -> list[str]:
    penalty = f"-{finding.deduction:g}" + (f", {_money(finding.fine)}" if finding.fine else "")
    if finding.fatal:
        penalty = "FATAL" + (f", {_money(finding.fine)}" if finding.fine else "")
    if finding.utterance is None:
        where = "call"
    else:
        who = {"agent": "客服", "customer": "客户"}.get(finding.speaker or "", finding.speaker or "")
        where = f"#{finding.utterance} {who}{_clock(finding.start)}"
        if finding.span:
            where += f" [{finding.span[0]}:{finding.span[1]}]"
    line = f"  {where}  {finding.rule} ({finding.category}, {penalty}): {finding.message}"
    if finding.closest is not None:
        return [line, f"      closest: #{finding.closest.utterance} 「{finding.closest.text}」 "
                      f"similarity {finding.closest.similarity:g}"]
    if finding.evidence and finding.evidence not in finding.message:
        line += f"  「{finding.evidence}」"
    return [line]


class TextFormatter:
    needs_transcripts = "none"

    def __init__(self, out: TextIO, options: object = None) -> None:
        self.out = out
        self.calls = 0
        self.failed_files = 0
        self.passed = 0
        self.fatal = 0
        self.scores = 0.0
        self.fines = 0.0
        self.rule_counts: Counter[str] = Counter()

    def write(self, result: Report | ReadFailure, transcript: object = None) -> None:
        if isinstance(result, ReadFailure):
            self.failed_files += 1
            self._line(f"error: {result.error}")
            return
        self.calls += 1
        self.passed += result.passed
        self.fatal += result.fatal
        self.scores += result.score
        self.fines += result.fine
        self.rule_counts.update(f.rule for f in result.findings)
        verdict = "PASS" if result.passed else ("FAIL (fatal)" if result.fatal else "FAIL")
        self._line(f"{result.source or result.id}  {result.id}  score {result.score:g}  {verdict}"
                   f"  fine {_money(result.fine)}  findings {len(result.findings)}")
        for finding in result.findings:
            for line in _finding_lines(finding):
                self._line(line)

    def _line(self, line: str) -> None:
        # Ids, file names and what was said are untrusted: one line each, whatever they hold.
        self.out.write(one_line(line) + "\n")

    def close(self) -> None:
        self.out.write("\n" + "\n".join(self.summary()) + "\n")
        self.out.flush()

    def summary(self) -> list[str]:
        lines = [f"Summary: {self.calls} calls scored"
                 + (f", {self.failed_files} unreadable" if self.failed_files else "")]
        if self.calls:
            rate = 100.0 * self.passed / self.calls
            lines.append(f"  passed {self.passed}/{self.calls} ({rate:.1f}%), fatal {self.fatal}, "
                         f"mean score {self.scores / self.calls:.1f}, fines {_money(round(self.fines, 2))}")
        if self.rule_counts:
            top = ", ".join(f"{rule} ×{n}" for rule, n in self.rule_counts.most_common(5))
            lines.append(one_line(f"  top rules: {top}"))
        return lines
