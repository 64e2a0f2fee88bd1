"""A file is read in one encoding. Bytes of two encodings in one file — UTF-8 lines and GBK lines, as when
an export from one system is appended to another's — are refused with one error naming the file, line and
column of the first byte that does not fit the encoding the file started in, for transcripts and for call
scripts alike: read as GB18030, the UTF-8 text would become other characters and the forbidden phrases in
it would go unseen, which a pre-commit gate must never let happen."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from robustness_support import assert_one_line_error, record_tried, robustness_tally  # noqa: F401

from scriptcheck import ReadFailure
from scriptcheck.errors import ScriptcheckError
from scriptcheck.lint.reader import read_script
from scriptcheck.transcripts import iter_file


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def _gbk(text: str) -> bytes:
    return text.encode("gbk")


# name -> (pieces of the file, (line, col) of the first byte that does not fit)
SCRIPTS = {
    "UTF-8 then a GBK comment": ([_utf8("- 客服：不知道\n"), _gbk("<!-- 备注 -->\n")], (2, 6)),
    "GBK then UTF-8": ([_gbk("# 话术\n- 客服：您好\n"), _utf8("- 客服：不知道\n")], (3, 3)),
    "UTF-8 and GBK in one line": ([_utf8("- 客服：不知道，"), _gbk("请您稍等\n")], (1, 24)),
    "GBK and UTF-8 in one line": ([_gbk("- 客服：请您稍等，"), _utf8("不知道\n")], (1, 19)),
    "ASCII lines, then UTF-8, then GBK": ([b"# title\n\n", _utf8("- 客服：不知道\n"), _gbk("- 客服：您好\n")], (4, 3)),
}
TRANSCRIPTS = {
    "text: UTF-8 then GBK": ("call.txt", [_utf8("客服：不知道\n"), _gbk("客户：好的\n")], (2, 1)),
    "text: GBK then UTF-8": ("call.txt", [_gbk("客服：您好\n"), _utf8("客户：好的\n客服：不知道\n")], (2, 1)),
    "csv: UTF-8 then GBK rows": ("a.csv", [_utf8("call,speaker,text\nc1,客服,不知道\n"), _gbk("c1,客户,好的\n")], (3, 4)),
    "json: GBK value in UTF-8": ("a.json", [_utf8('{"utterances": [{"speaker": "客服", "text": "不知道'),
                                            _gbk('您好"}]}')], (1, 57)),
    "jsonl: one line mixing both": ("a.jsonl", [_utf8('{"utterances": [{"speaker": "agent", "text": "不知道'),
                                                _gbk('您好"}]}\n')], (1, 56)),
    "srt: UTF-8 then GBK cue": ("a.srt", [_utf8("1\n00:00:01,000 --> 00:00:02,000\n客服：不知道\n\n"),
                                          _gbk("2\n00:00:03,000 --> 00:00:04,000\n客户：好的\n")], (7, 1)),
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_a_script_mixing_encodings_is_refused_at_the_first_byte_that_does_not_fit(tmp_path, name):
    pieces, (line, col) = SCRIPTS[name]
    path = tmp_path / "script.md"
    path.write_bytes(b"".join(pieces))
    record_tried("mixed encodings", f"script: {name}")
    with pytest.raises(ScriptcheckError) as refused:
        read_script(path, "script.md")
    error = str(refused.value)
    assert_one_line_error(error, "script.md")
    assert error.startswith(f"script.md:{line}:{col}: "), error
    assert "UTF-8" in error and "GB" in error


@pytest.mark.parametrize("name", sorted(TRANSCRIPTS))
def test_a_transcript_mixing_encodings_is_refused_at_the_first_byte_that_does_not_fit(tmp_path, name):
    file_name, pieces, (line, col) = TRANSCRIPTS[name]
    path = tmp_path / file_name
    path.write_bytes(b"".join(pieces))
    record_tried("mixed encodings", f"transcript: {name}")
    items = list(iter_file(path))
    failures = [item.error for item in items if isinstance(item, ReadFailure)]
    assert len(failures) == 1, items
    assert_one_line_error(failures[0], str(path))
    assert failures[0].startswith(f"{path}:{line}:{col}: "), failures[0]


def test_jsonl_lines_each_in_one_encoding_are_each_read():
    """JSONL is decoded line by line: a UTF-8 line and a GBK line are two calls, each read as written."""
    import io

    from scriptcheck.transcripts.json_reader import iter_jsonl_lines, parse_jsonl_lines

    line = '{"utterances": [{"speaker": "agent", "text": "不知道"}]}\n'
    stream = io.BytesIO(_utf8(line) + _gbk(line))
    calls = list(parse_jsonl_lines(iter_jsonl_lines(stream, "a.jsonl"), "a.jsonl", "a", whole_file=True))
    assert [call.utterances[0].text for call in calls] == ["不知道", "不知道"]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030"])
def test_a_file_in_one_encoding_is_still_read(tmp_path, encoding):
    text = "# 话术\n- 客服：您好，请问有什么可以帮您？\n- 客服：不知道\n- 客服：感谢您的来电，再见！\n"
    path = tmp_path / "script.md"
    path.write_bytes(text.encode(encoding))
    assert [line.text for line in read_script(path, "script.md").lines][-2] == "不知道"


def test_lint_of_the_reported_file_fails_the_gate(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "e.md").write_bytes(_utf8("- 客服：不知道\n") + _gbk("<!-- 备注 -->\n"))
    done = subprocess.run([sys.executable, "-m", "scriptcheck", "lint", "e.md"], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert re.match(r"e\.md:2:6: error: .*UTF-8", done.stdout + done.stderr), done.stdout + done.stderr
