"""Inputs that never end — ``score - < /dev/zero``, a device or a named pipe read as a transcript, a pipe
that never sends a newline — are refused at the documented limit while they are read, in every reader
format: one error line naming the input and where reading stopped, exit 2, and the batch goes on with
the next input.

The limits are lowered (to 1 MiB, and 4 MiB for the rest of an over-long JSONL line) in the process run,
so that each case reads a few MiB rather than gigabytes; one case runs with the real limits.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from robustness_support import REPO, Timer, record_tried, robustness_tally  # noqa: F401

LIMITED_RUN = """\
import sys
from scriptcheck import transcripts
from scriptcheck.transcripts import json_reader
line, rest = (int(value) for value in sys.argv[1:3])
if line:
    transcripts.MAX_FILE_BYTES = json_reader.MAX_LINE_BYTES = line
    json_reader.MAX_LINE_SKIP_BYTES = rest
from scriptcheck.cli import main
sys.exit(main(sys.argv[3:]))
"""
MIB = 1024 * 1024
ASR = REPO / "tests" / "fixtures" / "asr"
CALLS = REPO / "examples" / "calls"
# A well-formed input of each format, read after the endless one: the batch must go on with it.
GOOD = {
    "jsonl": CALLS / "inbound-weekend.jsonl",
    "json": CALLS / "inbound-clean.json",
    "text": CALLS / "outbound-clean.txt",
    "csv": None,  # written by the test
    "tsv": None,
    "srt": ASR / "call_labelled.srt",
    "vtt": ASR / "call_voices.vtt",
    "aliyun": ASR / "aliyun_two_channel.json",
    "tencent": ASR / "tencent_result_detail.json",
    "funasr": ASR / "funasr_automodel_spk.json",
    "whisper": ASR / "whisperx_diarized.json",
}
SEPARATORS = {"csv": ",", "tsv": "\t"}


def good_input(fmt: str, folder: Path) -> Path:
    if GOOD[fmt] is not None:
        return GOOD[fmt]
    sep = SEPARATORS[fmt]
    path = folder / f"good.{fmt}"
    path.write_text("\n".join(sep.join(row) for row in [("call_id", "speaker", "text"), ("k1", "客服", "您好"),
                                                         ("k1", "客户", "谢谢"), ("k1", "客服", "不客气，再见")]) + "\n",
                    encoding="utf-8")
    return path


def _feed_forever(path: Path, chunk: bytes, stop: threading.Event) -> None:
    """Writes ``chunk`` into the named pipe ``path`` until its reader goes away."""
    try:
        with open(path, "wb") as pipe:
            while not stop.is_set():
                pipe.write(chunk)
    except (BrokenPipeError, OSError):
        pass


def run_limited(args: list[str], cwd: Path, stdin, line: int = MIB, rest: int = 4 * MIB
                ) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", LIMITED_RUN, str(line), str(rest), "score", *args, "--format",
                           "jsonl", "-o", "out.jsonl", "--no-progress"], cwd=cwd, stdin=stdin, capture_output=True,
                          text=True, timeout=30)


def results(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "out.jsonl").read_text(encoding="utf-8").splitlines()]


def assert_refused_then_read(done: subprocess.CompletedProcess, folder: Path, source: str, what: str) -> None:
    assert done.returncode == 2, done.stderr[-2_000:]
    [error] = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert error.startswith(f"error: {source}:"), error
    assert what in error, error
    reported = results(folder)
    assert reported[0]["source"] == source and reported[0]["error"] == error[len("error: "):]
    assert len(reported) >= 2 and not any("error" in r for r in reported[1:])  # the next input was scored


EXTENSIONS = {"json": "json", "jsonl": "jsonl", "text": "txt", "csv": "csv", "tsv": "tsv", "srt": "srt",
              "vtt": "vtt"}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_named_pipe_that_never_ends_is_refused_at_the_limit_in_every_format(tmp_path, jobs):
    """One batch: for each extension a named pipe fed without end, then a good file of that format."""
    args, stop = [], threading.Event()
    for fmt, extension in EXTENSIONS.items():
        fifo = tmp_path / f"endless-{fmt}.{extension}"
        os.mkfifo(fifo)
        threading.Thread(target=_feed_forever, args=(fifo, "客服：您好".encode() * 4_096, stop), daemon=True).start()
        args += [str(fifo), str(good_input(fmt, tmp_path))]
    try:
        with Timer() as timer:
            done = run_limited([*args, "--jobs", jobs], tmp_path, subprocess.DEVNULL)
    finally:
        stop.set()
    record_tried("endless inputs", f"named pipes .{', .'.join(EXTENSIONS.values())} fed without end, each followed "
                                   f"by a good file (--jobs {jobs})")
    assert done.returncode == 2, done.stderr[-2_000:]
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(EXTENSIONS), errors
    for error, (fmt, extension) in zip(errors, EXTENSIONS.items()):
        what = ":1: line longer than 1 MiB, not ended 4 MiB further on" if fmt == "jsonl" else ": file larger than 1 MiB"
        assert error.startswith(f"error: {tmp_path / f'endless-{fmt}.{extension}'}{what}"), error
    reported = results(tmp_path)
    endless = [r["source"] for r in reported if "error" in r]
    assert endless == [str(tmp_path / f"endless-{fmt}.{extension}") for fmt, extension in EXTENSIONS.items()]
    for fmt in EXTENSIONS:  # every good file after its endless one was scored
        assert any(r.get("source") == str(good_input(fmt, tmp_path)) and "score" in r for r in reported), fmt
    assert timer.seconds < 20


@pytest.mark.parametrize("fmt", ["aliyun", "tencent", "funasr", "whisper"])
def test_device_that_never_ends_is_refused_at_the_limit_as_asr_output(tmp_path, fmt):
    record_tried("endless inputs", f"/dev/zero read as {fmt} ASR output")
    done = run_limited(["--input-format", fmt, "/dev/zero", str(good_input(fmt, tmp_path)), "--jobs", "1"],
                       tmp_path, subprocess.DEVNULL)
    assert_refused_then_read(done, tmp_path, "/dev/zero", "/dev/zero: file larger than 1 MiB")


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("feed", ["zero bytes", "JSON without a newline"])
def test_standard_input_that_never_ends_is_refused_at_the_limit(tmp_path, feed, jobs):
    record_tried("endless inputs", f"standard input: {feed} without end (--jobs {jobs})")
    chunk = b"\0" * 65_536 if feed == "zero bytes" else b'{"utterances": [' + b'{"speaker": "a", "text": "b"}, ' * 2_000
    writer = subprocess.Popen([sys.executable, "-c", "import sys\nc = sys.stdin.buffer.read()\n"
                               "try:\n    while True: sys.stdout.buffer.write(c)\nexcept (BrokenPipeError, OSError): pass"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    writer.stdin.write(chunk)
    writer.stdin.close()
    try:
        done = run_limited(["-", str(GOOD["jsonl"]), "--jobs", jobs], tmp_path, writer.stdout)
    finally:
        writer.stdout.close()
        writer.kill()
        writer.wait()
    assert_refused_then_read(done, tmp_path, "<stdin>", "<stdin>:1: line longer than 1 MiB")
    assert "stopped reading at byte 5,242,880" in done.stderr  # the line (1 MiB) and its rest (4 MiB)


def test_standard_input_of_zero_bytes_stops_at_the_real_limits(tmp_path):
    """``scriptcheck score - < /dev/zero`` with the limits as shipped: 256 MiB per line, 1 GiB to find its end."""
    with open("/dev/zero", "rb") as zero, Timer() as timer:
        done = run_limited(["-", str(GOOD["jsonl"]), "--jobs", "1"], tmp_path, zero, line=0, rest=0)
    record_tried("endless inputs", f"score - < /dev/zero, real limits: stopped in {timer.seconds:.1f} s")
    assert_refused_then_read(done, tmp_path, "<stdin>", "<stdin>:1: line longer than 256 MiB")
    assert "stopped reading at byte 1,342,177,280" in done.stderr
    assert timer.seconds < 30
