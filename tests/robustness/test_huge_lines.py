"""A huge line — long runs of spaces, colons, brackets, markup openers, digits — is read in linear time by
every reader. Each case would take minutes to hours with a pattern that backtracks quadratically (as
several did: the plain-text speaker label, its headers, VTT voice tags, Markdown table rules and HTML
comments), and takes milliseconds now."""
from __future__ import annotations

import json

import pytest
from robustness_support import Timer, assert_read_outcomes, record_tried, robustness_tally  # noqa: F401

from scriptcheck.errors import ScriptcheckError
from scriptcheck.lint.reader import read_script
from scriptcheck.transcripts import ReadOptions, iter_file

N = 100_000
PIECES = {
    "spaces then x": " " * N + "x",
    "x, spaces, x": "x" + " " * N + "x",
    "label, spaces, x": "客服" + " " * N + "x",
    "header, spaces, x": "# a: b" + " " * N + "x",
    "tabs then x": "\t" * N + "x",
    "colons": ":" * N,
    "full-width colons": "：" * N,
    "brackets": "[" * N,
    "timestamps unclosed": "[00:00" * (N // 6),
    "digits": "9" * N,
    "digit-colon runs": "1:" * (N // 2),
    "arrows": "-->" * (N // 3),
    "dashes then x": "-" * N + "x",
    "table rule, spaces, x": "|-|" + " " * N + "x",
    "pipes": "| " * (N // 2),
    "voice tags unclosed": "<v " * (N // 3),
    "comment openers": "<!--" * (N // 4),
    "directive, spaces, x": "<!-- scriptcheck: disable=" + " " * N + "x -->",
    "hash directive list": "# scriptcheck: disable=" + "a ," * (N // 3),
    "bold markers": "**" * (N // 2),
    "angle brackets": "<" * N,
    "escapes": "\\u4e00" * (N // 6),
}
TRANSCRIPTS = {
    "text": ("call.txt", lambda line: f"客服：您好\n{line}\n", {}),
    "csv": ("calls.csv", lambda line: f"call_id,speaker,text\nc1,客服,{line}\n", {}),
    "tsv": ("calls.tsv", lambda line: f"call_id\tspeaker\ttext\nc1\t客服\t{line}\n", {}),
    "srt cue text": ("call.srt", lambda line: f"1\n00:00:00,000 --> 00:00:01,000\n{line}\n", {}),
    "srt timing": ("call.srt", lambda line: f"1\n{line}\n客服：您好\n", {}),
    "vtt cue text": ("call.vtt", lambda line: f"WEBVTT\n\n00:00.000 --> 00:01.000\n{line}\n", {}),
    "vtt header": ("call.vtt", lambda line: f"WEBVTT {line}\n\n00:00.000 --> 00:01.000\n您好\n", {}),
    "tencent result": ("asr.json", lambda line: json.dumps({"Status": 2, "StatusStr": "success", "Result": line}),
                       {"input_format": "tencent"}),
    "json": ("call.json", lambda line: json.dumps({"utterances": [{"speaker": line, "text": line}]}), {}),
}
SCRIPTS = {
    "script.md": lambda line: f"{line}\n- {line}\n> {line}\n| {line}\n",
    "script.txt": lambda line: f"{line}\n客服：{line}\n",
    "script.yaml": lambda line: f"lines:\n  - {json.dumps(line)}\n  - 客户: {json.dumps(line, ensure_ascii=False)}\n",
}
LIMIT_SECONDS = 3  # linear time takes a few hundredths of a second


@pytest.mark.parametrize("piece", PIECES)
@pytest.mark.parametrize("fmt", TRANSCRIPTS)
def test_transcript_reader_reads_a_huge_line_in_linear_time(fmt, piece, tmp_path):
    name, build, options = TRANSCRIPTS[fmt]
    path = tmp_path / name
    path.write_text(build(PIECES[piece]), encoding="utf-8")
    with Timer() as timer:
        items = list(iter_file(path, ReadOptions(**options)))
    assert_read_outcomes(items, path)
    record_tried("huge lines read", f"{fmt}: {piece}")
    assert timer.seconds < LIMIT_SECONDS, f"{timer.seconds:.1f} s"


@pytest.mark.parametrize("piece", PIECES)
@pytest.mark.parametrize("name", SCRIPTS)
def test_script_reader_reads_a_huge_line_in_linear_time(name, piece, tmp_path):
    path = tmp_path / name
    path.write_text(SCRIPTS[name](PIECES[piece]), encoding="utf-8")
    with Timer() as timer:
        try:
            read_script(path, name)
        except ScriptcheckError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(name)
    record_tried("huge lines read", f"{name}: {piece}")
    assert timer.seconds < LIMIT_SECONDS, f"{timer.seconds:.1f} s"


def test_yaml_script_value_written_in_escapes_is_placed_in_linear_time(tmp_path):
    """Every character of the value is an escape (``\\u4e00``) that is not in the source text as such."""
    path = tmp_path / "escaped.yaml"
    path.write_text('lines:\n  - "喂' + "\\u4e00" * N + '"\n', encoding="utf-8")
    with Timer() as timer:
        script = read_script(path, "escaped.yaml")
    record_tried("huge lines read", f"script.yaml: a value of {N:,} escaped characters")
    assert script.lines[0].text == "喂" + "一" * N
    assert timer.seconds < LIMIT_SECONDS, f"{timer.seconds:.1f} s"
