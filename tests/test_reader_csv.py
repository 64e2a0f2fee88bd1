import time
from pathlib import Path

import pytest

from scriptcheck import ReadFailure
from scriptcheck.transcripts import ReadOptions, iter_file
from scriptcheck.transcripts.csv_reader import iter_csv

JD_SAMPLE = Path("/work/shared/corpus/jddc-sample/chat_0.1per.txt")
JD_OPTIONS = ReadOptions(input_format="tsv", columns={"call": 0, "speaker": 2, "text": 6},
                         agent_value="1", customer_value="0")


def read(text, columns=None, delimiter=",", **options):
    return list(iter_csv(text, "calls.csv", "calls", ReadOptions(columns=columns or {}, **options), delimiter))


def outline(items):
    """Each call as (id, [(speaker, text), …]); each failure as its error message."""
    return [item.error if isinstance(item, ReadFailure)
            else (item.id, [(u.speaker, u.text) for u in item.utterances]) for item in items]


GREETING = [("agent", "您好"), ("customer", "查燃气费")]


@pytest.mark.parametrize("text, columns, delimiter", [
    pytest.param("call_id,speaker,text\nc1,客服,您好\nc1,客户,查燃气费\n", None, ",", id="header-names"),
    pytest.param("Session_ID,ROLE,Content\nc1,客服,您好\nc1,客户,查燃气费\n", None, ",", id="header-any-case"),
    pytest.param("序号,id,角色,内容\n1,c1,客服,您好\n2,c1,客户,查燃气费\n", None, ",", id="header-chinese"),
    pytest.param("c1,x,A,您好\nc1,y,C,查燃气费\n", {"call": 0, "speaker": 2, "text": 3}, ",", id="by-index"),
    pytest.param("编号,说话人,话术\nc1,客服,您好\nc1,客户,查燃气费\n",
                 {"call": "编号", "speaker": "说话人", "text": "话术"}, ",", id="by-header-name"),
    pytest.param("CALL,Who,Said\nc1,A,您好\nc1,C,查燃气费\n",
                 {"call": "call", "speaker": "who", "text": "said"}, ",", id="by-header-name-any-case"),
    pytest.param("call,role,what\nc1,A,您好\nc1,C,查燃气费\n", {"call": 0, "speaker": "role", "text": 2}, ",",
                 id="index-and-name-mixed"),
    pytest.param("call,role,content\nc1,A,您好\nc1,C,查燃气费\n", {"call": 0, "speaker": 1, "text": 2}, ",",
                 id="by-index-skips-a-header-row"),
    pytest.param("c1\tU1\t1\t0\t0\tnan\t您好\nc1\tU1\t0\t0\t0\tnan\t查燃气费\n", {"call": 0, "speaker": 2, "text": 6},
                 "\t", id="jd-shaped-tsv"),
])
def test_column_mappings(text, columns, delimiter):
    options = {"agent_value": "1", "customer_value": "0"} if delimiter == "\t" else {}
    assert outline(read(text, columns, delimiter, **options)) == [("c1", GREETING)]


@pytest.mark.parametrize("text, expected", [
    pytest.param("call,speaker,text\nc1,A,一\nc1,C,二\nc2,A,三\nc3,C,四\nc3,A,五\n",
                 [("c1", [("agent", "一"), ("customer", "二")]), ("c2", [("agent", "三")]),
                  ("c3", [("customer", "四"), ("agent", "五")])], id="contiguous-rows-in-file-order"),
    pytest.param("speaker,text\nA,一\nC,二\n", [("calls", [("agent", "一"), ("customer", "二")])],
                 id="no-call-column-one-call-named-after-the-file"),
    pytest.param("call,speaker,text\nc1,A,一\n,C,二\nc2,A,三\n",
                 [("c1", [("agent", "一"), ("customer", "二")]), ("c2", [("agent", "三")])],
                 id="blank-call-cell-continues-the-call"),
    pytest.param("call,speaker,text\n\nc1,A,一\n\n\nc1,C,二\n", [("c1", [("agent", "一"), ("customer", "二")])],
                 id="blank-lines-ignored"),
    pytest.param("call,speaker,text\nc1,A,一\nc1,C,\nc1,C,  \nc1,A,二\n", [("c1", [("agent", "一"), ("agent", "二")])],
                 id="empty-text-rows-skipped"),
    pytest.param("call,speaker,text\r\nc1,A,一\r\nc1,C,二\r\n", [("c1", [("agent", "一"), ("customer", "二")])],
                 id="crlf"),
    pytest.param('call,speaker,text\nc1,A,"您好，\n请讲"\nc1,C,"他说""不行"""\n',
                 [("c1", [("agent", "您好，\n请讲"), ("customer", '他说"不行"')])], id="csv-quoting"),
    pytest.param('call\tspeaker\ttext\nc1\tA\t他说"好\nc1\tC\t"引号开头\nc1\tA\t"整段"\n',
                 [("c1", [("agent", '他说"好'), ("customer", '"引号开头'), ("agent", '"整段"')])],
                 id="tsv-quotes-are-literal"),
])
def test_rows_are_grouped_into_calls(text, expected):
    delimiter = "\t" if "\t" in text else ","
    assert outline(read(text, delimiter=delimiter)) == expected


@pytest.mark.parametrize("cells, values, expected", [
    pytest.param(["客服", "客户", "A", "c", " Agent ", "用户"], {},
                 ["agent", "customer", "agent", "customer", "agent", "customer"], id="aliases"),
    pytest.param(["1", "0", " 1 "], {"agent_value": "1", "customer_value": "0"},
                 ["agent", "customer", "agent"], id="given-values"),
    pytest.param(["坐席", "顾客"], {"agent_value": " 坐席 ", "customer_value": "顾客"},
                 ["agent", "customer"], id="given-values-stripped"),
    pytest.param(["2"], {}, "calls.csv:2: unknown speaker value '2' (use --agent-value/--customer-value)",
                 id="unknown-alias"),
    pytest.param(["1", "客服"], {"agent_value": "1", "customer_value": "0"},
                 "calls.csv:3: unknown speaker value '客服' (agent is '1', customer is '0'; "
                 "see --agent-value/--customer-value)", id="given-values-replace-aliases"),
])
def test_speaker_values(cells, values, expected):
    text = "speaker,text\n" + "".join(f"{cell},话\n" for cell in cells)
    [item] = read(text, **values)
    if isinstance(expected, str):
        assert isinstance(item, ReadFailure) and item.error == expected
    else:
        assert [u.speaker for u in item.utterances] == expected


@pytest.mark.parametrize("text, columns, expected", [
    pytest.param("", None, "calls.csv:1: empty file", id="empty-file"),
    pytest.param("\r\n\n", None, "calls.csv:1: empty file", id="blank-file"),
    pytest.param("call,speaker,text\n", None, "calls.csv:1: no rows after the header", id="header-only"),
    pytest.param("c1,A,您好\n", None, "calls.csv:1: no speaker or text column: the first row (c1, A, 您好) is not a "
                 "header naming them", id="no-header-without-columns"),
    pytest.param("call,role,words\nc1,A,您好\n", None, "calls.csv:1: no text column", id="header-lacks-text"),
    pytest.param("call,speaker,text\nc1,A,您好\n", {"speaker": "spaeker", "text": "text"},
                 "calls.csv:1: unknown column 'spaeker'; columns are: call, speaker, text (did you mean 'speaker'?)",
                 id="unknown-header-name"),
    pytest.param("c1,A,您好\n", {"speakr": 1, "text": 2},
                 "calls.csv: unknown field 'speakr' in --columns; fields are call, speaker, text, start, end, "
                 "agent (did you mean 'speaker'?)", id="unknown-field"),
    pytest.param("c1,A,您好\n", {"call": 0, "text": 2}, "calls.csv: --columns must give the speaker column",
                 id="speaker-not-mapped"),
    pytest.param("c1,A,x,您好\nc1,C,好\n", {"call": 0, "speaker": 1, "text": 3},
                 "calls.csv:2: row has 3 columns, column 4 (text, 0-based index 3) is missing", id="short-row"),
    pytest.param("call,speaker,text,start\nc1,A,您好,soon\n", None,
                 "calls.csv:2: start 'soon' is not a time; use seconds (12.5), mm:ss.s or hh:mm:ss.s",
                 id="start-not-a-time"),
    pytest.param("call,speaker,text,start,end\nc1,A,您好,0,1\nc1,C,嗯,2,1.5\n", None,
                 "calls.csv:3: end: end 1.5 is before start 2.0", id="end-before-start"),
    pytest.param("call,speaker,text\nc1,A,\nc1,C, \n", None,
                 "calls.csv:2: call 'c1' has no utterances: every text cell is empty", id="call-without-text"),
    pytest.param('call,speaker,text\nc1,A,"一\n二"\nc1,X,三\n', None,
                 "calls.csv:4: unknown speaker value 'X'", id="line-counts-quoted-newlines"),
    pytest.param('call,speaker,text\nc1,A,"您好\nc1,C,嗯\n', None,
                 "calls.csv:2: cannot split the row into columns: a quoted field is never closed", id="unclosed-quote"),
])
def test_errors_name_file_and_line(text, columns, expected):
    [failure] = [item for item in read(text, columns) if isinstance(item, ReadFailure)]
    assert failure.source == "calls.csv"
    assert failure.error.startswith(expected) and "\n" not in failure.error


BAD_ROWS = {
    "unknown-speaker": ("c2,X,不对,", "calls.csv:4: unknown speaker value 'X'"),
    "bad-time": ("c2,A,不对,1:99", "calls.csv:4: start '1:99' is not a time"),
    "short-row": ("c2,A", "calls.csv:4: row has 2 columns, column 3 (text, 0-based index 2) is missing"),
    "stray-quote": ('c2,A,"不"对', "calls.csv:4: cannot split the row into columns"),
}


@pytest.mark.parametrize("bad_row, expected", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_bad_row_spoils_only_its_call(bad_row, expected):
    text = f"call,speaker,text,start\nc1,A,一,\nc2,A,二,\n{bad_row}\nc2,C,三,\nc3,A,四,\n"
    items = read(text, {"call": "call", "speaker": "speaker", "text": "text", "start": "start"})
    assert [getattr(item, "id", None) for item in items] == ["c1", None, "c3"]
    assert items[1].error.startswith(expected)


def test_a_call_split_across_the_file_is_reported():
    items = read("call,speaker,text\nc1,A,一\nc2,A,二\nc1,C,三\n")
    assert outline(items)[:2] == [("c1", [("agent", "一")]), ("c2", [("agent", "二")])]
    assert items[2].error.startswith("calls.csv:4: call 'c1' appears again after other calls")


@pytest.mark.parametrize("cell, seconds", [
    ("12.5", 12.5), ("3", 3.0), (".5", 0.5), ("01:02.5", 62.5), ("75:00", 4500.0),
    ("1:02:03", 3723.0), ("01:02:03.25", 3723.25), ("", None), (" 4 ", 4.0),
])
def test_times(cell, seconds):
    [call] = read(f"speaker,text,start\nA,您好,{cell}\n")
    assert call.utterances[0].start == seconds


@pytest.mark.parametrize("cell", ["-1", "nan", "1e3", "1:60", "1:60:00", "12 s", "1:2:3:4"])
def test_times_that_are_not_times(cell):
    [failure] = read(f"speaker,text,start\nA,您好,{cell}\n")
    assert failure.error.startswith(f"calls.csv:2: start {cell!r} is not a time")


@pytest.mark.parametrize("name, content", [
    ("calls.csv", "\ufeffcall_id,speaker,text\r\nc1,客服,您好\r\n".encode("utf-8")),
    ("calls.csv", "call_id,speaker,text\nc1,客服,您好\n".encode("gbk")),
    ("calls.tsv", "call_id\tspeaker\ttext\nc1\t客服\t您好, 请讲\n".encode("utf-8")),
])
def test_files_by_extension_and_encoding(write, name, content):
    [call] = iter_file(write(name, content))
    assert call.id == "c1" and call.utterances[0].text.startswith("您好")
    assert call.source.endswith(name)


def test_direction_option_applies_to_every_call():
    calls = read("call,speaker,text\nc1,A,您好\nc2,A,您好\n", direction="outbound")
    assert [call.direction for call in calls] == ["outbound", "outbound"]


@pytest.mark.skipif(not JD_SAMPLE.exists(), reason="the JD chat sample is not shipped")
def test_jd_chat_sample_reads_every_session():
    started = time.perf_counter()
    items = list(iter_file(JD_SAMPLE, JD_OPTIONS))
    assert time.perf_counter() - started < 10
    assert [item for item in items if isinstance(item, ReadFailure)] == []
    assert len(items) == 994 and sum(len(call.utterances) for call in items) == 12136
    assert len({call.id for call in items}) == 994
    assert items[0].utterances[1].speaker == "agent"


@pytest.mark.parametrize("text, columns, agents", [
    ("call,agent_id,role,text\nc1,4762,客服,您好\nc1,4762,客户,交费\nc2,,客服,您好\nc2,1024,客服,再见\n", {}, ["4762", "1024"]),
    ("c1\t007\t1\t您好\nc2\t\t1\t您好\n", {"call": 0, "agent": 1, "speaker": 2, "text": 3}, ["007", None]),
])
def test_agent_column_names_the_agent_of_each_call(text, columns, agents):
    options = ReadOptions(columns=columns, agent_value="1" if columns else None)
    delimiter = "\t" if columns else ","
    calls = list(iter_csv(text, "export.csv", "export", options, delimiter))
    assert [c.agent.get("id") for c in calls] == agents
