"""Inputs that crashed a reader (an exception instead of a ReadFailure, or a report that could not be
written) before the property tests found them: each now reads, or fails with its one-line error."""
from __future__ import annotations

import codecs
import json

import pytest
from robustness_support import (assert_one_line_error, assert_read_outcomes, check_and_write, record_tried,
                                robustness_tally)  # noqa: F401

import scriptcheck
from scriptcheck import ReadFailure
from scriptcheck.errors import ScriptcheckError
from scriptcheck.lint.reader import read_script
from scriptcheck.transcripts import ReadOptions, iter_file

SAID = [{"speaker": "客服", "text": "您好"}, {"speaker": "客户", "text": "再见"}]
GOOD = json.dumps({"utterances": SAID}, ensure_ascii=False)


def canonical(**fields) -> str:
    return json.dumps({"utterances": SAID, **fields}, ensure_ascii=False)


# (name, file name, content, options, expected: an error's text after the file name, or None for a call)
CASES = [
    ("JSON nested 100,000 deep", "deep.json", "[" * 100_000, {}, ": invalid JSON: nested too deeply"),
    ("JSON integer of 5,000 digits", "digits.json", '{"utterances": [], "id": ' + "9" * 5_000 + "}", {},
     ": invalid JSON: a number with too many digits"),
    ("time too large for a float", "huge-time.json",
     '{"utterances": [{"speaker": "客服", "text": "您好", "start": 1' + "0" * 400 + "}]}", {},
     ": utterances[0].start: expected at most 10^15 seconds, got 100000000000000000..."),
    ("JSONL line nested 100,000 deep", "day.jsonl", "[" * 100_000 + "\n" + GOOD + "\n", {},
     ":1: invalid JSON: nested too deeply"),
    ("started_at out of range in China", "early.json", canonical(started_at="0001-01-01T00:00:00+09:00"), {},
     ": started_at: '0001-01-01T00:00:00+09:00' is out of range in China Standard Time"),
    ("unpaired surrogate escape in a text", "surrogate.json",
     '{"utterances": [{"speaker": "客服", "text": "您好\\ud800不知道"}]}', {}, None),
    ("speaker of 100,000 characters", "speaker.json",
     json.dumps({"utterances": [{"speaker": "x" * 100_000, "text": "您好"}]}), {},
     f": utterances[0].speaker: unknown speaker '{'x' * 37}...{'x' * 38}' "
     "(agent: agent/客服/坐席/话务员/staff/A; customer: customer/客户/用户/user/C)"),
    ("text that is a list nested 900 deep", "text.json",
     '{"utterances": [{"speaker": "客服", "text": ' + "[" * 900 + "]" * 900 + "}]}", {},
     ": utterances[0].text: expected a string, got [[[[...]]]]"),
    ("Alibaba status code that is a list", "aliyun.json",
     json.dumps({"StatusCode": [], "Result": {"Sentences": []}}), {}, ": task failed: unknown status (StatusCode [])"),
    ("Alibaba time too large for a float", "aliyun.json", '{"Result": {"Sentences": [{"BeginTime": 1' + "0" * 400
     + ', "EndTime": 1, "Text": "您好", "ChannelId": 0}]}}', {},
     ": Result.Sentences[0].BeginTime: expected at most 10^15 milliseconds, got 1000000000"),
    ("Alibaba status text with a line break", "aliyun.json", json.dumps({"StatusText": "FAILED\nretry", "Result": {}}),
     {}, ": task failed: 'FAILED\\nretry'"),
    ("Tencent error message with a line break", "tencent.json",
     json.dumps({"Response": {"Error": {"Code": "Auth", "Message": "bad\nsignature"}}}), {},
     ": Response.Error: request failed: Auth: 'bad\\nsignature'"),
    ("FunASR timestamps nested 100,000 deep", "funasr.json",
     json.dumps({"key": "c", "text": "您好", "timestamp": "[" * 100_000}), {}, None),
    ("SRT hour of 400 digits", "call.srt", "1\n" + "9" * 400 + ":00:00,000 --> 00:00:01,000\n客服：您好\n", {},
     ":2:1: expected a timing line 'HH:MM:SS,mmm --> HH:MM:SS,mmm', got '9999999999999999999999"),
    ("CSV time with a 400-digit hour", "calls.csv", "call,speaker,text,start\nc1,客服,您好," + "9" * 400 + ":00:00\n",
     {}, ":2: start '9999999999999999999999999999999999999...99999999999999999999999999999999:00:00' is not a time"),
    ("CSV cell over the csv module's limit", "calls.csv", 'call,speaker,text\nc1,客服,"' + "喂" * 200_000 + '"\n', {},
     ":2: cannot split the row into columns: field larger than field limit (131072)"),
    ("TSV cell over the csv module's limit", "calls.tsv", "call\tspeaker\ttext\nc1\t客服\t" + "喂" * 200_000 + "\n",
     {}, ":2: cannot split the row into columns: field larger than field limit (131072)"),
    ("CSV header with a line break in a cell", "calls.csv", '"a\nb",c\nx,y\n', {},
     ":1: no speaker or text column: the first row ('a\\nb', c) is not a header naming them"),
    ("UTF-16 JSONL", "day.jsonl", (GOOD + "\n" + GOOD + "\n").encode("utf-16"), {}, None),
    ("UTF-16 JSONL with a bad code unit on line 2", "day.jsonl",
     codecs.BOM_UTF16_LE + (GOOD + "\n").encode("utf-16-le") + b"\x00\xd8" + (GOOD + "\n").encode("utf-16-le"), {},
     ":2:1: cannot decode text: invalid UTF-16"),
]


@pytest.mark.parametrize("name, file, content, options, expected", CASES, ids=[case[0] for case in CASES])
def test_input_that_used_to_crash(name, file, content, options, expected, tmp_path):
    path = tmp_path / file
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    record_tried("inputs that used to crash a reader", name)
    items = list(iter_file(path, ReadOptions(**options)))
    calls = assert_read_outcomes(items, path)
    errors = [item.error for item in items if isinstance(item, ReadFailure)]
    if expected is None:
        assert not errors and calls
    else:
        assert errors and errors[0].startswith(str(path) + expected), errors[0][:400]
        assert len(errors[0]) < len(str(path)) + 300  # a value from the file is quoted short
    pack = scriptcheck.load_rules()
    for call in calls:
        check_and_write(call, pack)  # e.g. the unpaired surrogate: the report is written as UTF-8
    if name.startswith("unpaired surrogate"):
        assert calls[0].utterances[0].text == "您好\ufffd不知道"


@pytest.mark.parametrize("name, text", [
    ("control character in YAML", "lines:\n  - 客服: 您好\x07\n"),
    ("control character in front matter", "---\nscene: \x00\n---\n您好\n"),
    ("front matter nested 100,000 deep", "---\nscene: " + "[" * 100_000 + "\n---\n您好\n"),
    ("direction of 3,000 characters in YAML", "direction: '" + "[" * 3_000 + "'\nlines:\n  - 客服: 您好\n"),
    ("title that is a long list in YAML", "title: [" + "1, " * 3_000 + "1]\nlines:\n  - 客服: 您好\n"),
])
def test_script_that_used_to_crash(name, text, tmp_path):
    suffix = ".yaml" if name.endswith("in YAML") else ".md"  # the message quotes the value shortened
    path = tmp_path / f"script{suffix}"
    path.write_text(text, encoding="utf-8")
    record_tried("inputs that used to crash a reader", f"script: {name}")
    with pytest.raises(ScriptcheckError) as refused:
        read_script(path, path.name)
    assert_one_line_error(str(refused.value), path.name)
