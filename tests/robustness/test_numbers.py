"""Numbers enter scriptcheck from rule packs (points, fines, limits), from transcripts (times, metadata
that fact rules compare) and from CSV cells. Each one is finite and bounded where it is read, or refused
there with file:line:col: an infinite or huge number never reaches a score, a fine, a measured time, an
OverflowError or an output (``Infinity`` and ``NaN`` are not JSON)."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from robustness_support import assert_one_line_error, record_tried, robustness_tally  # noqa: F401

import scriptcheck
from scriptcheck import PackError, ReadFailure
from scriptcheck.transcripts import iter_file

HUGE_INT = "9" * 401
# Values that are no finite number of reasonable size, as YAML writes them.
YAML_BAD = {".inf": ".inf", "-.inf": "-.inf", "overflowing float": "1.0e+400", "401-digit integer": HUGE_INT,
            "beyond 10^15": "1.0e+16"}
# Where a pack holds numbers: (key path in the error, YAML of the pack with {value} in that place).
PACK_PLACES = {
    "fine": ("rules[0].fine", "rules:\n  - id: forbidden.dismissive\n    fine: {value}\n"),
    "deduction": ("rules[0].deduction", "rules:\n  - id: forbidden.dismissive\n    deduction: {value}\n"),
    "max_deduction": ("rules[0].max_deduction", "rules:\n  - id: forbidden.dismissive\n    max_deduction: {value}\n"),
    "max_fine": ("rules[0].max_fine", "rules:\n  - id: forbidden.dismissive\n    max_fine: {value}\n"),
    "scoring.base": ("scoring.base", "scoring:\n  base: {value}\n"),
    "scoring.pass_mark": ("scoring.pass_mark", "scoring:\n  pass_mark: {value}\n"),
    "scoring.unqualified_fine": ("scoring.unqualified_fine", "scoring:\n  unqualified_fine: {value}\n"),
    "scoring.zero_score_fine": ("scoring.zero_score_fine", "scoring:\n  zero_score_fine: {value}\n"),
    "scoring.deductions": ("scoring.deductions.major", "scoring:\n  deductions:\n    major: {value}\n"),
    "silence limit": ("rules[0].max", "rules:\n  - id: silence.agent\n    max: {value}\n"),
    "hold limit": ("rules[0].max_total", "rules:\n  - id: hold.duration\n    max_total: {value}\n"),
    "fact limit": ("rules[0].max", "rules:\n  - id: hold.metadata\n    max: {value}\n"),
    "count limit": ("rules[0].max", "rules:\n  - id: silent.prompt_repeat\n    max: {value}\n"),
    "window": ("rules[0].window.first", "rules:\n  - id: opening.inbound\n    window: {{first: {value}}}\n"),
}


@pytest.mark.parametrize("bad", sorted(YAML_BAD))
@pytest.mark.parametrize("place", sorted(PACK_PLACES))
def test_a_pack_number_that_is_not_finite_or_too_large_is_refused_at_its_line(tmp_path, place, bad):
    path, body = PACK_PLACES[place]
    value = YAML_BAD[bad]
    if bad in ("overflowing float", "beyond 10^15", ".inf") and place in ("count limit", "window"):
        value = HUGE_INT  # integers only there: a float is refused as the wrong type already
    pack = tmp_path / "pack.yaml"
    pack.write_text("extends: default\npack: numbers\n" + body.format(value=value), encoding="utf-8")
    record_tried("numbers in packs", f"{place} = {bad}")
    with pytest.raises(PackError) as refused:
        scriptcheck.load_rules(str(pack))
    lines = str(refused.value).split("\n")
    assert any(re.match(rf"{re.escape(str(pack))}:\d+:\d+: {re.escape(path)}: ", line) for line in lines), lines


# Transcripts: (file name, content, line of the bad number).
BAD_TRANSCRIPTS = {
    "json Infinity": ("a.json", '{"utterances": [\n{"speaker": "agent", "text": "您好", "start": Infinity}]}', 2),
    "json -Infinity": ("a.json", '{"utterances": [\n{"speaker": "agent", "text": "您好", "end": -Infinity}]}', 2),
    "json NaN": ("a.json", '{"utterances": [\n{"speaker": "agent", "text": "您好", "start": NaN}]}', 2),
    "json 1e999": ("a.json", '{"utterances": [\n{"speaker": "agent", "text": "您好", "start": 1e999}]}', 2),
    "json long float": ("a.json", '{"utterances": [\n{"speaker": "agent", "text": "您好", "start": 1'
                        + "0" * 400 + '.5}]}', 2),
    "json start beyond 10^15": ("a.json", '{"utterances": [\n{"speaker": "agent", "text": "您好", "start": 1e16}]}',
                                None),
    "json start 401 digits": ("a.json", '{"utterances": [\n{"speaker": "agent", "text": "您好", "start": '
                              + HUGE_INT + "}]}", None),
    "metadata 1e999": ("a.json", '{"metadata": {"ring_seconds": 1e999},\n"utterances": [{"speaker": "agent", '
                       '"text": "您好"}]}', 1),
    "metadata Infinity": ("a.json", '{"metadata": {"ring_seconds": Infinity},\n"utterances": [{"speaker": '
                          '"agent", "text": "您好"}]}', 1),
    "metadata 401 digits": ("a.json", '{"metadata": {"ring_seconds": ' + HUGE_INT + '},\n"utterances": '
                            '[{"speaker": "agent", "text": "您好"}]}', None),
    "metadata string 1e999": ("a.json", '{"metadata": {"ring_seconds": "1e999"},\n"utterances": [{"speaker": '
                              '"agent", "text": "您好"}]}', None),
    "jsonl line 2": ("a.jsonl", '{"utterances": [{"speaker": "agent", "text": "您好"}]}\n'
                     '{"utterances": [{"speaker": "agent", "text": "您好", "start": Infinity}]}\n', 2),
    "text header 1e999": ("a.txt", "# id: c1\n# ring_seconds: 1e999\n客服:您好\n", 2),
    "text header 401 digits": ("a.txt", f"# ring_seconds: {'9' * 401}.0e9\n客服:您好\n", 1),
    "csv start 400 digits": ("a.csv", "call,speaker,text,start\nc1,客服,您好," + "9" * 400 + "\n", 2),
    "csv start beyond 10^15": ("a.csv", "call,speaker,text,start\nc1,客服,您好,10000000000000000\n", 2),
    "aliyun 1e999": ("a.json", '{"StatusText": "SUCCESS", "Result": {"Sentences": [\n{"BeginTime": 1e999, '
                     '"EndTime": 2000, "Text": "您好", "ChannelId": 0}]}}', 2),
    "whisper 1e16": ("a.json", '{"segments": [{"start": 1e16, "end": 1e16, "text": "您好"}]}', None),
}


@pytest.mark.parametrize("name", sorted(BAD_TRANSCRIPTS))
def test_a_transcript_number_that_is_not_finite_or_too_large_is_a_located_error(tmp_path, name):
    file_name, content, line = BAD_TRANSCRIPTS[name]
    path = tmp_path / file_name
    path.write_text(content, encoding="utf-8")
    record_tried("numbers in transcripts", name)
    failures = [item for item in iter_file(path) if isinstance(item, ReadFailure)]
    assert failures, f"{name}: read without an error"
    error = failures[0].error
    assert_one_line_error(error, str(path))
    if line is not None:  # a CSV row is named by its line and the column's name
        assert re.match(rf"{re.escape(str(path))}:{line}(:\d+)?: ", error), error


def _score(paths, tmp_path, *extra):
    return subprocess.run([sys.executable, "-m", "scriptcheck", "score", *map(str, paths), "--no-progress",
                           *extra], capture_output=True, text=True, cwd=tmp_path, timeout=120)


@pytest.mark.parametrize("output", ["json", "jsonl", "csv", "html", "text"])
def test_no_report_ever_holds_infinity_or_nan(tmp_path, output):
    for number, (file_name, content, _) in enumerate(BAD_TRANSCRIPTS.values()):
        folder = tmp_path / "calls" / f"case{number}"
        folder.mkdir(parents=True)
        (folder / file_name).write_text(content, encoding="utf-8")
    # A text header that is no decimal number is a string fact, never a measured number.
    (tmp_path / "calls" / "header_a.txt").write_text("# ring_seconds: inf\n客服:您好\n", encoding="utf-8")
    (tmp_path / "calls" / "header_b.txt").write_text("# ring_seconds: NaN\n客服:您好\n", encoding="utf-8")
    done = _score([tmp_path / "calls"], tmp_path, "--format", output)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stdout + done.stderr
    # Error messages quote the refused literal ('Infinity'); nothing else may hold one.
    unquoted = re.sub(r"'[^'\n]*'|&#x27;.*?&#x27;", "", done.stdout)
    assert not re.search(r"\b(inf|nan|Infinity|NaN)\b", unquoted, re.IGNORECASE), unquoted[:2000]
    if output in ("json", "jsonl"):
        for document in [done.stdout] if output == "json" else done.stdout.splitlines():
            json.loads(document, parse_constant=lambda c: pytest.fail(f"{c} in the report"))


def test_a_pack_with_an_infinite_fine_is_a_usage_error_not_a_traceback(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"extends: default\npack: numbers\nrules:\n  - id: forbidden.dismissive\n    fine: {HUGE_INT}\n",
                    encoding="utf-8")
    call = tmp_path / "call.txt"
    call.write_text("客服:不知道。\n", encoding="utf-8")
    done = _score([call], tmp_path, "--rules", str(pack), "--format", "json")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "rules[0].fine" in done.stderr
