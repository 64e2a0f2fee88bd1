"""The bundled example calls behave as examples/calls/README.md says."""
import subprocess
import sys

import pytest

import scriptcheck
from conftest import REPO

CALLS = REPO / "examples" / "calls"


def reports(name, pack="default"):
    loaded = scriptcheck.load_rules(pack)
    return [scriptcheck.check(call, loaded) for call in scriptcheck.iter_file(CALLS / name)]


@pytest.mark.parametrize("name", ["inbound-clean.json", "outbound-clean.txt", "inbound-asr.txt",
                                  "inbound-gbk.txt", "inbound-weekend.jsonl", "sales-outbound.txt",
                                  "inbound-silent.json"])
def test_clean_calls_score_full_marks(name):
    results = reports(name)
    assert results
    for report in results:
        assert (report.score, report.passed, report.findings) == (100, True, ())


@pytest.mark.parametrize("name, categories", [
    ("inbound-faulty.json", {"opening", "closing", "forbidden", "filler", "courtesy"}),
    ("outbound-faulty.txt", {"opening", "closing", "forbidden"}),
])
def test_faulty_calls_report_each_kind_of_violation(name, categories):
    (report,) = reports(name)
    assert categories <= {f.category for f in report.findings}
    assert not report.passed
    for finding in report.findings:
        if finding.utterance is not None:
            text = scriptcheck.read_transcript(CALLS / name).utterances[finding.utterance].text
            assert text[finding.span[0]:finding.span[1]] == finding.evidence
        elif finding.category in ("opening", "closing"):
            assert finding.closest is not None and 0 <= finding.closest.similarity < 85


@pytest.mark.parametrize("name, rules", [
    ("inbound-long-hold.json", {"hold.duration", "hold.return"}),
    ("inbound-fast-speech.json", {"rate.agent", "rate.agent_utterance"}),
    ("inbound-interruption.json", {"interruption.agent"}),
    ("inbound-silent-wrong.json", {"silent.prompt", "silent.closing"}),
    ("inbound-weekend-call.json", {"closing.weekend", "greeting.morning"}),
])
def test_timed_and_calendar_calls(name, rules):
    (report,) = reports(name)
    assert {f.rule for f in report.findings} >= rules
    timing_types = {"rate", "hold", "silence", "interruption", "duration"}
    pack = scriptcheck.load_rules()
    for finding in report.findings:
        if pack.rule(finding.rule).type in timing_types:
            assert finding.start is not None and finding.end is not None
            assert finding.measured is not None and finding.limit is not None


def test_traditional_call_is_matched_and_evidence_stays_traditional():
    (report,) = reports("inbound-traditional.txt")
    assert [(f.category, f.evidence) for f in report.findings] == [("forbidden", "我也沒辦法")]


def test_sales_call_without_cancellation_is_fatal_under_the_sales_pack():
    (report,) = reports("sales-outbound.txt", "outbound-sales")
    assert report.fatal and report.score == 0 and not report.passed
    assert [f.rule for f in report.findings if f.fatal] == ["disclosure.cancellation"]
    assert report.fine == 50  # 不合格工单，扣除奖金50元/起


def test_a_service_call_is_not_judged_by_the_disclosures_of_a_sale():
    (report,) = reports("outbound-clean.txt", "outbound-sales")
    assert (report.score, report.fatal, report.fine, report.findings) == (100, False, 0, ())


def test_library_example_runs():
    done = subprocess.run([sys.executable, str(REPO / "examples" / "use_as_library.py")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "score" in done.stdout and "closest" in done.stdout and "fatal=True" in done.stdout
