"""Batch runs: parallel and deterministic, atomic report files, masking, stdin, bad files in the middle."""
import io
import json
import subprocess
import sys

import pytest

import scriptcheck
from scriptcheck.cli import main
from scriptcheck.mask import mask_text

CALL = {"utterances": [{"speaker": "客服", "text": "您好！请问有什么可以帮助您？"},
                       {"speaker": "客户", "text": "我的手机号是13812345678，身份证110101199003071234。"},
                       {"speaker": "客服", "text": "好的，您的手机号13812345678我记下了，不知道。"},
                       {"speaker": "客服", "text": "感谢您的来电，再见！"}]}


@pytest.fixture
def batch(write):
    for i in range(40):
        call = dict(CALL, id=f"c{i:02d}")
        write(f"day/{i:02d}.json", json.dumps(call, ensure_ascii=False))
    write("day/20-broken.json", "{not json")
    lines = "\n".join(json.dumps(dict(CALL, id=f"l{i}"), ensure_ascii=False) for i in range(100))
    write("day/zz.jsonl", lines + "\n{bad line\n")
    return write("day/notes.md", "not a transcript").parent


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "text"])
def test_jobs_do_not_change_the_output(batch, capsys, fmt):
    outputs = []
    for jobs in ("1", "2", "3"):
        code = main(["score", str(batch), "--format", fmt, "--jobs", jobs, "--no-progress"])
        outputs.append(capsys.readouterr().out)
        assert code == 2  # two inputs could not be read; every other call was scored
    assert outputs[0] == outputs[1] == outputs[2]


def test_bad_inputs_are_reported_in_order_and_the_rest_scored(batch, capsys):
    main(["score", str(batch), "--format", "jsonl", "--jobs", "2"])
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    errors = [r for r in results if "error" in r]
    assert len(results) == 40 + 1 + 100 + 1
    assert [r["source"].rsplit("/", 1)[-1] for r in errors] == ["20-broken.json", "zz.jsonl"]
    assert errors[1]["error"].endswith("zz.jsonl:101:2: invalid JSON: Expecting property name enclosed in double quotes")


@pytest.mark.parametrize("text, masked", [
    ("手机13812345678", "手机138****5678"),
    ("１３８１２３４５６７８", "１３８****５６７８"),
    ("身份证11010119900307123X", "身份证**************123X"),
    ("卡号6222021234567890123", "卡号***************0123"),
    ("卡号 6222 0212 3456 7890", "卡号 **** **** **** 7890"),
    ("电话0571-88886666", "电话****-****6666"),
    ("一三八一二三四五六七八", "一三八****五六七八"),
    ("订单12345，金额100元，2026年11月21日", "订单12345，金额100元，2026年11月21日"),
])
def test_mask_text(text, masked):
    assert mask_text(text) == masked
    assert len(mask_text(text)) == len(text)


def test_masking_covers_evidence_messages_and_html_transcripts(write, capsys, tmp_path):
    path = write("m.json", json.dumps({"utterances": [
        {"speaker": "客服", "text": "喂，13812345678是您的号码吗"},
        {"speaker": "客户", "text": "是的"}]}, ensure_ascii=False))
    main(["score", str(path), "--format", "json"])
    masked = capsys.readouterr().out
    assert "13812345678" not in masked and "138****5678" in masked
    main(["score", str(path), "--format", "json", "--no-mask"])
    assert "13812345678" in capsys.readouterr().out
    report = tmp_path / "r.html"
    main(["score", str(path), "--format", "html", "--output", str(report)])
    html = report.read_text(encoding="utf-8")
    assert "13812345678" not in html and "138****5678" in html


def test_output_file_is_written_atomically(batch, tmp_path, monkeypatch):
    target = tmp_path / "report.json"
    target.write_text("yesterday's report", encoding="utf-8")
    from scriptcheck.formatters import json as json_formatter

    calls = {"n": 0}
    original = json_formatter.JsonFormatter.write

    def failing_write(self, result, transcript=None, rendered=None):
        calls["n"] += 1
        if calls["n"] == 10:
            raise KeyboardInterrupt
        original(self, result, transcript, rendered)

    monkeypatch.setattr(json_formatter.JsonFormatter, "write", failing_write)
    assert main(["score", str(batch), "--format", "json", "--output", str(target), "--jobs", "1"]) == 130
    assert target.read_text(encoding="utf-8") == "yesterday's report"  # untouched: no half-written report
    assert not list(tmp_path.glob(".report.json.*"))                     # and no temporary file left


def test_output_file_and_csv_bom(batch, tmp_path):
    target = tmp_path / "report.csv"
    assert main(["score", str(batch / "00.json"), "--format", "csv", "--output", str(target)]) == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "不知道".encode() in raw


def test_stdin_jsonl(tmp_path):
    lines = "\n".join(json.dumps(dict(CALL, id=f"s{i}"), ensure_ascii=False) for i in range(3)) + "\n"
    done = subprocess.run([sys.executable, "-m", "scriptcheck", "score", "-", "--format", "jsonl"],
                          input=lines.encode(), capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [json.loads(l)["id"] for l in done.stdout.decode().splitlines()] == ["s0", "s1", "s2"]
    assert done.stderr == b""  # no progress line when stderr is not a terminal


def test_fail_under_with_jobs(batch, capsys):
    assert main(["score", str(batch / "00.json"), "--fail-under", "99", "--jobs", "2"]) == 1


def test_report_file_gets_ordinary_permissions(batch, tmp_path):
    import os
    import stat

    target = tmp_path / "r.json"
    main(["score", str(batch / "00.json"), "--format", "json", "--output", str(target)])
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("enabled, shown", [(True, True), (False, False)])
def test_progress_line(enabled, shown):
    from scriptcheck.progress import Progress

    stream = io.StringIO()
    progress = Progress(stream, enabled=enabled)
    for unreadable in (False, False, True):
        progress.update(unreadable)
    progress.close()
    text = stream.getvalue()
    assert ("scored 2 calls, 1 unreadable" in text) is shown
    assert (text == "") is (not shown)


def test_progress_is_off_when_stderr_is_not_a_terminal():
    from scriptcheck.progress import Progress

    assert Progress(io.StringIO()).enabled is False
