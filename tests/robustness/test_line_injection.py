"""Untrusted text in line-oriented output: a call id, a file name or what was said that holds a newline, a
carriage return, an ESC sequence, a Unicode line separator or a bidi override can neither forge a line
(``PASS``), nor drive the terminal, nor reorder what the reader sees. Each is shown escaped (``\\n``,
``\\x1b``, ``\\u202e``) in the text report, in every one-line error, in lint's text output and in
``rules explain``.
"""
from __future__ import annotations

import json
import re

import pytest
from cli_capture import run
from robustness_support import record_tried, robustness_tally  # noqa: F401

HOSTILE = {
    "newline": "a\nb0001  x  score 100  PASS  fine 0元  findings 0",
    "carriage return": "a\rPASS",
    "CRLF": "a\r\nPASS",
    "ESC sequence": "a\x1b[2J\x1b[31mred\x1b[0m",
    "bell and backspace": "a\x07\x08\x08b",
    "vertical tab and form feed": "a\x0b\x0cb",
    "C1 next line": "a\x85b",
    "C1 CSI": "a\x9b31mb",
    "line separator": "a\u2028b",
    "paragraph separator": "a\u2029b",
    "right-to-left override": "a\u202enosj.exe",
    "left-to-right isolate": "a\u2066b\u2069",
    "right-to-left mark": "a\u200fb",
}
BENIGN = "a_b"
# What no line of a terminal-facing output may hold (the newline between lines aside).
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# A call with no greeting (its closest candidate, the first agent line, is shown) and a forbidden phrase.
CALL = {"utterances": [{"speaker": "客服", "text": "{text}有什么事"},
                       {"speaker": "客户", "text": "我的燃气费"},
                       {"speaker": "客服", "text": "不知道"}]}


def _call(text: str, call_id: str) -> str:
    call = json.loads(json.dumps(CALL))
    call["utterances"][0]["text"] = text + call["utterances"][0]["text"]
    call["id"] = call_id
    return json.dumps(call, ensure_ascii=False)


def _assert_safe(output: str) -> None:
    found = UNSAFE.search(output)
    assert found is None, f"{found.group()!r} in {output[max(found.start() - 60, 0):found.end() + 60]!r}"


PLACES = ["call id", "file name", "what the agent said"]


def _score_text(tmp_path, monkeypatch, hostile: str, place: str):
    folder = tmp_path / f"calls-{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    name = (hostile if place == "file name" else "call").replace("/", "_") + ".json"
    (folder / name).write_text(_call(hostile if place == "what the agent said" else "",
                                     hostile if place == "call id" else "c1"), encoding="utf-8")
    return run(["score", str(folder), "--format", "text", "--no-progress", "--jobs", "1"], monkeypatch)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("kind", HOSTILE)
def test_text_report_lines_cannot_be_forged(tmp_path, monkeypatch, kind, place):
    record_tried("line injection", f"score --format text: {kind} in the {place}")
    hostile = _score_text(tmp_path, monkeypatch, HOSTILE[kind], place)
    benign = _score_text(tmp_path, monkeypatch, BENIGN, place)
    _assert_safe(hostile.out)
    assert len(hostile.out.splitlines()) == len(benign.out.splitlines())
    assert [line for line in hostile.out.splitlines() if line.startswith(("PASS", "b0001"))] == []


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("kind", HOSTILE)
def test_one_line_errors_stay_one_line(tmp_path, monkeypatch, kind, fmt):
    record_tried("line injection", f"score --format {fmt}: {kind} in an unreadable file's name")
    name = HOSTILE[kind].replace("/", "_") + ".json"
    (tmp_path / name).write_text("{broken", encoding="utf-8")
    ran = run(["score", str(tmp_path), "--format", fmt, "--no-progress", "--jobs", "1"], monkeypatch)
    assert ran.code == 2
    errors = ran.out if fmt == "text" else ran.err
    _assert_safe(errors)
    assert len([line for line in errors.splitlines() if line.startswith("error: ")]) == 1
    if fmt == "json":
        assert len(ran.err.splitlines()) == 1
        assert json.loads(ran.out)[0]["source"].endswith(name)  # JSON itself keeps the name as it is


@pytest.mark.parametrize("kind", HOSTILE)
def test_pack_errors_stay_one_line(tmp_path, monkeypatch, kind):
    ran = run(["score", str(tmp_path), "--rules", str(tmp_path / (HOSTILE[kind].replace("/", "_") + ".yaml"))],
              monkeypatch)
    assert ran.code == 2
    _assert_safe(ran.err)
    assert len(ran.err.splitlines()) == 1


@pytest.mark.parametrize("kind", HOSTILE)
def test_lint_text_lines_cannot_be_forged(tmp_path, monkeypatch, kind):
    record_tried("line injection", f"lint: {kind} in a script's name and text")
    monkeypatch.chdir(tmp_path)
    stem = HOSTILE[kind].replace("/", "_")
    (tmp_path / f"{stem}.md").write_text(f"- 客服：{HOSTILE[kind]}不知道\n", encoding="utf-8")
    (tmp_path / f"{stem}.yaml").write_text("a: [\n", encoding="utf-8")
    ran = run(["lint", "."], monkeypatch)
    assert ran.code == 2
    _assert_safe(ran.out + ran.err)
    lines = ran.out.splitlines()
    assert all(re.match(r"^.+:\d+:\d+: ", line) for line in lines), lines
    assert len([line for line in lines if ": error: " in line]) == 1


@pytest.mark.parametrize("kind", HOSTILE)
def test_rules_explain_lines_cannot_be_forged(tmp_path, monkeypatch, kind):
    call = tmp_path / "call.json"
    call.write_text(_call(HOSTILE[kind], HOSTILE[kind]), encoding="utf-8")
    ran = run(["rules", "explain", "opening.inbound", "--transcript", str(call)], monkeypatch)
    assert ran.code == 0, ran.err
    _assert_safe(ran.out)


@pytest.mark.parametrize("kind", HOSTILE)
def test_jsonl_lines_cannot_be_split(tmp_path, monkeypatch, kind):
    """A JSONL reader splits at any line break it knows (Python's splitlines: NEL, U+2028 …); the ids come back
    exactly as they were."""
    record_tried("line injection", f"score --format jsonl: {kind} in the call id")
    calls = tmp_path / "calls.jsonl"
    calls.write_text("\n".join(_call(HOSTILE[kind], HOSTILE[kind] + str(i)) for i in range(2)) + "\n",
                     encoding="utf-8")
    ran = run(["score", str(calls), "--format", "jsonl", "--no-progress", "--jobs", "1"], monkeypatch)
    assert ran.code == 0, ran.err
    assert [json.loads(line)["id"] for line in ran.out.splitlines()] == [HOSTILE[kind] + "0", HOSTILE[kind] + "1"]
