"""What every robustness test relies on: the outcomes a reader or a pack loader may have, the invariants
of a report, and the tally of cases tried, printed at the end of the run.

The tally is printed through pytest's terminal reporter (it shows with and without ``-s``). It is a
plugin registered by the ``robustness_tally`` fixture, which the test modules import: a ``conftest.py``
in this folder would replace ``tests/conftest.py`` as the module ``conftest`` that other tests import.
"""
from __future__ import annotations

import io
import math
import os
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable

import pytest
from hypothesis import HealthCheck, settings

import scriptcheck
from scriptcheck import ReadFailure, Report, Transcript
from scriptcheck.formatters import FORMATTERS, FormatOptions

REPO = Path(__file__).resolve().parents[2]

# Generated cases per property test; SCRIPTCHECK_FUZZ_SCALE=10 runs ten times as many (a deeper, slower run).
SCALE = float(os.environ.get("SCRIPTCHECK_FUZZ_SCALE", "1"))


def fuzz(examples: int) -> settings:
    """Hypothesis settings of a property test: ``examples`` cases (times SCALE), no deadline, no database."""
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example, HealthCheck.filter_too_much,
                                           HealthCheck.function_scoped_fixture])


# ---------------------------------------------------------------------------------------------------------
# The tally

CASES: Counter[str] = Counter()  # generated cases run, per reader or loader
OUTCOMES: dict[str, Counter[str]] = defaultdict(Counter)  # reader -> {"read": n, "error": n, …}
UNCHECKED: Counter[str] = Counter()  # cases read whose calls were too long to check within the time budget
TRIED: dict[str, list[str]] = defaultdict(list)  # "hostile packs" / "faults" / … -> what was tried


def record_case(reader: str, outcome: str, unchecked: bool = False) -> None:
    CASES[reader] += 1
    OUTCOMES[reader][outcome] += 1
    UNCHECKED[reader] += unchecked


def record_tried(kind: str, what: str) -> None:
    TRIED[kind].append(what)


class _Tally:
    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not CASES and not TRIED:
            return
        write = terminalreporter.write_line
        terminalreporter.section("scriptcheck robustness")
        if CASES:
            write(f"generated cases per reader or loader ({sum(CASES.values())} in all):")
            for reader in sorted(CASES):
                outcomes = ", ".join(f"{count} {name}" for name, count in sorted(OUTCOMES[reader].items()))
                long = f"; {UNCHECKED[reader]} of them too long to check" if UNCHECKED[reader] else ""
                write(f"  {reader:<16} {CASES[reader]:>6}   ({outcomes}{long})")
        for kind in sorted(TRIED):
            write(f"{kind}: {len(TRIED[kind])}")
            if len(TRIED[kind]) <= 40:  # longer lists (every encoding of every format) are given as a count
                for what in TRIED[kind]:
                    write(f"  - {what}")


_TALLY = _Tally()


@pytest.fixture(autouse=True, scope="session")
def robustness_tally(request):
    """Registers the tally printer once per run (autouse in every module that imports it)."""
    manager = request.config.pluginmanager
    if not manager.is_registered(_TALLY):
        manager.register(_TALLY, "scriptcheck-robustness-tally")
    yield


# ---------------------------------------------------------------------------------------------------------
# Allowed outcomes

def assert_read_outcomes(items: list, path: str | os.PathLike) -> list[Transcript]:
    """``iter_file`` gave calls and documented errors only, and at least one of them; returns the calls.

    An error is a ReadFailure of this file whose text is one line that starts with the file name.
    """
    source = str(path)
    assert items, "a file must never vanish from the report: at least a call or an error"
    calls = []
    for item in items:
        if isinstance(item, ReadFailure):
            assert_one_line_error(item.error, source)
            assert item.source == source
        else:
            assert isinstance(item, Transcript), type(item)
            assert item.utterances
            calls.append(item)
    return calls


def assert_one_line_error(error: str, source: str) -> None:
    assert error.startswith(source + ":"), error[:300]
    assert "\n" not in error and len(error.splitlines()) == 1, error[:300]
    assert "internal error" not in error, error[:300]
    assert len(error) < 2_000, f"an error message of {len(error)} characters: {error[:300]}"


def assert_pack_error_lines(error: scriptcheck.PackError, files: str | tuple[str, ...]) -> None:
    """A PackError: one line per problem, each starting with the name of the file it is in."""
    text = str(error)
    assert text
    for line in text.split("\n"):
        assert line.startswith(files), line[:300]
        assert len(line.splitlines()) == 1, line[:300]


def outcome(items: Iterable) -> str:
    """"read" (calls only), "error" (errors only) or "read+error" (a file with both)."""
    kinds = {"error" if isinstance(item, ReadFailure) else "read" for item in items}
    return "+".join(sorted(kinds, reverse=True)) or "nothing"


# ---------------------------------------------------------------------------------------------------------
# Reports

def assert_report_invariants(call: Transcript, report: Report) -> None:
    """Every finding points into the call: utterance index, span inside its text, ``text[span] == evidence``."""
    count = len(call.utterances)
    assert isinstance(report.score, float) and math.isfinite(report.score)
    assert math.isfinite(report.fine) and report.fine >= 0
    for finding in report.findings:
        if finding.utterance is not None:
            assert 0 <= finding.utterance < count, finding
        if finding.span is not None:
            assert finding.utterance is not None, finding
            _assert_span(call, finding.utterance, finding.span, finding.evidence, finding.rule)
        for occurrence in finding.occurrences:
            _assert_span(call, occurrence.utterance, occurrence.span, occurrence.evidence, finding.rule)
        if finding.closest is not None:
            assert 0 <= finding.closest.utterance < count, finding
        assert math.isfinite(finding.deduction) and finding.deduction >= 0, finding
        assert math.isfinite(finding.fine) and finding.fine >= 0, finding


def _assert_span(call: Transcript, utterance: int, span: tuple[int, int], evidence: str | None, rule: str) -> None:
    text = call.utterances[utterance].text
    start, end = span
    assert 0 <= start <= end <= len(text), (rule, span, len(text))
    assert text[start:end] == evidence, (rule, span, text[start:end], evidence)


def check_and_write(call: Transcript, pack: scriptcheck.RulePack) -> Report:
    """Check ``call``, assert the report's invariants, and write it as JSON and text (UTF-8) as a report would."""
    report = scriptcheck.check(call, pack)
    assert_report_invariants(call, report)
    for name in ("json", "text"):
        out = io.StringIO()
        formatter = FORMATTERS[name](out, FormatOptions())
        formatter.write(report, call)
        formatter.close()
        out.getvalue().encode("utf-8")  # every report can be written to a file or a pipe
    return report


class Timer:
    """``with Timer() as t: …``; ``t.seconds`` afterwards."""

    def __enter__(self) -> "Timer":
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self.start
