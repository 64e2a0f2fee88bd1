import csv
import io

import pytest

import scriptcheck
from scriptcheck import Closest, Finding, ReadFailure, Report
from scriptcheck.formatters import FORMATTERS, FormatOptions
from scriptcheck.formatters.csv import CsvFormatter
from scriptcheck.transcripts import ReadOptions
from scriptcheck.transcripts.csv_reader import iter_csv

FORBIDDEN = Finding(rule="forbidden.dismissive", category="forbidden", severity="major", message="使用服务忌语「不知道」",
                    utterance=4, speaker="agent", span=(0, 3), start=12.3, end=14.0, evidence="不知道",
                    deduction=10.0, fine=10.0, source="003 服务禁用语", fatal=True)
CLOSING = Finding(rule="closing.inbound", category="closing", severity="major",
                  message="缺少标准结束语「感谢您的来电,再见!」", closest=Closest(9, "好的,拜拜。", 31.6), deduction=10.0)
SLOW = Finding(rule="response.slow", category="forbidden", severity="minor", message="应答超过3秒", utterance=2,
               speaker="agent", measured=4.5, limit=3.0, deduction=2.5)
FLAGGED = Report(id="call-0001", source="calls/day.csv", rules="default@1.0", score=77.5, passed=False, fatal=True,
                 fine=10.0, findings=(FORBIDDEN, CLOSING, SLOW), agent="4762")
CLEAN = Report(id="call-0002", source="calls/day.csv", rules="default@1.0", score=100.0, passed=True, fatal=False,
               fine=0.0, findings=())
FAILURE = ReadFailure("calls/bad.csv", "calls/bad.csv:7: unknown speaker value '2' (use --agent-value/--customer-value)")

FINDING_COLUMNS = ["id", "source", "agent", "rules", "score", "passed", "fatal", "call_fine", "rule", "category",
                   "severity", "message", "utterance", "speaker", "span_start", "span_end", "start", "end", "evidence",
                   "deduction", "fine", "closest_utterance", "closest_text", "closest_similarity", "measured",
                   "limit", "channel", "error"]
PER_CALL_COLUMNS = ["id", "source", "agent", "rules", "score", "passed", "fatal", "fine", "findings", "deductions",
                    "categories", "channel", "error"]


def render(results, per_call=False) -> str:
    out = io.StringIO(newline="")
    formatter = CsvFormatter(out, FormatOptions(per_call=per_call))
    for result in results:
        formatter.write(result)
    formatter.close()
    return out.getvalue()


def rows(results, per_call=False) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(render(results, per_call), newline="")))


@pytest.mark.parametrize("per_call, columns", [(False, FINDING_COLUMNS), (True, PER_CALL_COLUMNS)])
def test_header_row(per_call, columns):
    assert next(csv.reader(io.StringIO(render([], per_call)))) == columns


@pytest.mark.parametrize("row, column, value", [
    (0, "id", "call-0001"), (0, "source", "calls/day.csv"), (0, "agent", "4762"), (0, "rules", "default@1.0"),
    (0, "score", "77.5"), (0, "passed", "false"), (0, "fatal", "true"), (0, "call_fine", "10"),
    (0, "rule", "forbidden.dismissive"), (0, "category", "forbidden"), (0, "severity", "major"),
    (0, "message", "使用服务忌语「不知道」"), (0, "utterance", "4"), (0, "speaker", "agent"),
    (0, "span_start", "0"), (0, "span_end", "3"), (0, "start", "12.3"), (0, "end", "14"),
    (0, "evidence", "不知道"), (0, "deduction", "10"), (0, "fine", "10"), (0, "closest_text", ""),
    (0, "error", ""),
    (1, "rule", "closing.inbound"), (1, "utterance", ""), (1, "span_start", ""), (1, "fine", "0"),
    (1, "closest_utterance", "9"), (1, "closest_text", "好的,拜拜。"), (1, "closest_similarity", "31.6"),
    (2, "measured", "4.5"), (2, "limit", "3"), (2, "deduction", "2.5"), (2, "span_start", ""),
])
def test_one_row_per_finding(row, column, value):
    table = rows([FLAGGED])
    assert len(table) == 3
    assert table[row][column] == value


@pytest.mark.parametrize("column, value", [
    ("id", "call-0001"), ("agent", "4762"), ("score", "77.5"), ("passed", "false"), ("fatal", "true"),
    ("fine", "10"), ("findings", "3"), ("deductions", "22.5"), ("categories", "closing:1;forbidden:2"), ("error", ""),
])
def test_one_row_per_call(column, value):
    [row] = rows([FLAGGED], per_call=True)
    assert row[column] == value


@pytest.mark.parametrize("per_call", [False, True])
def test_a_call_without_findings_still_has_a_row(per_call):
    [row] = rows([CLEAN], per_call)
    assert (row["id"], row["score"], row["passed"]) == ("call-0002", "100", "true")
    finding_columns = ["rule", "message", "deduction"] if not per_call else ["categories"]
    assert all(row[column] == "" for column in finding_columns)


@pytest.mark.parametrize("per_call", [False, True])
def test_read_failure_row(per_call):
    [row] = rows([FAILURE], per_call)
    assert row == {**{column: "" for column in row}, "source": "calls/bad.csv", "error": FAILURE.error}
    assert list(row)[-1] == "error"


@pytest.mark.parametrize("text", [
    "您好，请问有什么可以帮助您？",
    '他说"不知道",然后挂了',
    "第一行\n第二行\r\n第三行",
    "  前后空格  ",
])
def test_text_survives_a_round_trip(text):
    finding = Finding(rule="r", category="c", severity="minor", message=text, evidence=text,
                      closest=Closest(0, text, 50.0))
    report = Report(id="中文编号", source="来电/一.csv", rules="默认@1", score=90.0, passed=True, fatal=False, fine=0.0,
                    findings=(finding,), agent="李娜")
    [row] = rows([report])
    assert (row["message"], row["evidence"], row["closest_text"]) == (text, text, text)
    assert (row["id"], row["source"], row["agent"]) == ("中文编号", "来电/一.csv", "李娜")


def test_rows_end_with_crlf_and_no_bom_is_written():
    text = render([FLAGGED, CLEAN, FAILURE])
    assert text.startswith("id,") and text.endswith("\r\n")
    assert text.count("\r\n") == 1 + 3 + 1 + 1  # header, three findings, a clean call, a failure


def test_registered_as_csv_and_needs_no_transcripts():
    assert FORMATTERS["csv"] is CsvFormatter and CsvFormatter.needs_transcripts == "none"


CALLS_CSV = """\
call,speaker,text
c1,客服,您好，请问有什么可以帮助您？
c1,客户,我想查一下燃气费。
c1,客服,不知道，你自己去查吧。
c2,客服,您好
c3,X,坏行
c4,客服,您好，请问有什么可以帮助您？
c4,客户,没事了，谢谢。
c4,客服,感谢您的来电，再见！
"""


@pytest.mark.parametrize("per_call", [False, True])
def test_every_call_of_a_batch_appears(per_call):
    pack = scriptcheck.load_rules()
    results = [item if isinstance(item, ReadFailure) else scriptcheck.check(item, pack)
               for item in iter_csv(CALLS_CSV, "day.csv", "day", ReadOptions(), ",")]
    table = rows(results, per_call)
    ids = [row["id"] for row in table]
    assert list(dict.fromkeys(ids)) == ["c1", "c2", "", "c4"]
    if per_call:
        assert len(ids) == 4
    [failure] = [row for row in table if row["id"] == ""]
    assert failure["source"] == "day.csv" and failure["error"].startswith("day.csv:6: unknown speaker value 'X'")


@pytest.mark.parametrize("value, shown", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+86 138", "'+86 138"),
    ("-1", "'-1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("不知道", "不知道"),
    (-1.5, "-1.5"),
    (-2, "-2"),
])
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(value, shown):
    from scriptcheck.formatters.csv import cell

    assert cell(value) == shown
