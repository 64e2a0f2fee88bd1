"""Size limits: long calls and large batches are scored in bounded time and memory; inputs past the limits
documented in docs/security.md are refused with an error naming the limit, and the batch goes on."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from robustness_support import (Timer, assert_read_outcomes, check_and_write, record_tried,
                                robustness_tally)  # noqa: F401

import scriptcheck
from scriptcheck import runner
from scriptcheck.transcripts import MAX_FILE_BYTES, ReadOptions, iter_file, json_reader

# Runs the command line and reports the peak resident memory (KiB) of the process and of its workers.
# The process's own peak is Linux's VmHWM where there is one: ru_maxrss keeps the peak of the process
# that started it (here pytest) across the exec.
MEASURED_RUN = """\
import json, resource, sys
from scriptcheck.cli import main
code = main(sys.argv[1:])
try:
    with open("/proc/self/status") as status:
        own = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps([own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]), file=sys.stderr)
sys.exit(code)
"""


def measured_score(args: list[str], cwd: Path) -> tuple[int, int, int, str]:
    """Exit code, peak memory (MiB) of the main process and of the largest worker, and stderr."""
    done = subprocess.run([sys.executable, "-c", MEASURED_RUN, "score", *args, "--no-progress"], cwd=cwd,
                          capture_output=True, text=True, timeout=300)
    own, workers = json.loads(done.stderr.strip().splitlines()[-1])
    return done.returncode, own // 1024, workers // 1024, done.stderr


def two_hour_call(utterances: int = 4_000) -> dict:
    rng = random.Random(5)
    agent = ["您好，中邑燃气客服中心1024号很高兴为您服务，请问有什么可以帮助您？", "好的，请您稍等，我帮您查询一下。",
             "感谢您的等待，王先生，您这个月的燃气费是一百二十元。", "不知道，这个我不清楚。", "请问还有其它问题吗？",
             "好的，我帮您登记，师傅明天上午上门，您的电话是13812345678对吗？"]
    customer = ["我想查一下燃气费。", "谢谢", "我姓王。", "你们怎么回事，我要投诉！", "好的，没有了。", "嗯，我等一下。"]
    moments, now = [], 0.0
    for i in range(utterances):
        moments.append((now, now + 1.2))
        now += 1.2 + rng.uniform(0.2, 1.0)
    return {"id": "two-hours", "started_at": "2026-11-21T10:00:00+08:00",
            "customer": {"surname": "王", "title": "先生"}, "metadata": {"hangup_by": "customer"},
            "utterances": [{"speaker": "agent" if i % 2 == 0 else "customer",
                            "text": rng.choice(agent if i % 2 == 0 else customer), "start": round(start, 2),
                            "end": round(end, 2)} for i, (start, end) in enumerate(moments)]}


def test_two_hour_call_is_checked_in_bounded_time_and_memory(tmp_path):
    call = two_hour_call()
    hours = call["utterances"][-1]["end"] / 3600
    assert 1.9 < hours < 2.6
    path = tmp_path / "two-hours.json"
    path.write_text(json.dumps(call, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "short.json").write_text(json.dumps(dict(call, utterances=call["utterances"][:4]), ensure_ascii=False),
                                         encoding="utf-8")
    pack = scriptcheck.load_rules()
    [read] = assert_read_outcomes(list(iter_file(path)), path)
    with Timer() as timer:
        report = check_and_write(read, pack)
    assert len(read.utterances) == 4_000 and report.findings
    assert timer.seconds < 30, f"a two-hour call took {timer.seconds:.1f} s"
    _, short_memory, _, _ = measured_score(["short.json", "--jobs", "1", "--format", "json", "-o", "s.json"],
                                           tmp_path)
    code, long_memory, _, err = measured_score([path.name, "--jobs", "1", "--format", "html", "-o", "r.html"], tmp_path)
    assert code == 0, err
    record_tried("resource limits", f"two-hour call, 4,000 timed utterances ({path.stat().st_size // 1024} KiB): "
                                    f"checked in {timer.seconds:.2f} s, peak memory {long_memory} MiB "
                                    f"({short_memory} MiB for a 4-utterance call)")
    assert long_memory - short_memory < 100


def _jsonl(path: Path, megabytes: int) -> int:
    """A JSONL file of about ``megabytes`` MiB: calls of three utterances and about 30 KiB of notes each."""
    line = json.dumps({"id": "ID", "metadata": {"notes": "备注" * 5_000}, "utterances": [
        {"speaker": "agent", "text": "您好，请问有什么可以帮助您？", "start": 0, "end": 2},
        {"speaker": "customer", "text": "我想查一下燃气费，谢谢。", "start": 2.5, "end": 4},
        {"speaker": "agent", "text": "不知道，感谢您的来电，再见！", "start": 4.5, "end": 6}]}, ensure_ascii=False)
    count = megabytes * 1024 * 1024 // len(line.encode("utf-8"))
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(line.replace('"ID"', f'"c{i}"', 1) + "\n")
    return count


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_large_jsonl_is_streamed_in_flat_memory(tmp_path, jobs):
    """Memory does not grow with the file: a 100 MiB JSONL needs no more than a 50 MiB one."""
    sizes = {"small.jsonl": 1, "half.jsonl": 50, "large.jsonl": 100}
    counts = {name: _jsonl(tmp_path / name, megabytes) for name, megabytes in sizes.items()}
    peaks = {}
    try:
        for name in sizes:
            with Timer() as timer:
                code, own, workers, err = measured_score([name, "--jobs", jobs, "--format", "jsonl", "-o",
                                                          "out.jsonl"], tmp_path)
            assert code == 0, err
            scored = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
            assert len(scored) == counts[name] and all('"score"' in line for line in scored)
            peaks[name] = (own, workers, timer.seconds)
    finally:  # 150 MiB of test data: not kept with the temporary folders of past runs
        for name in [*sizes, "out.jsonl"]:
            (tmp_path / name).unlink(missing_ok=True)
    small, half, large = (peaks[name] for name in sizes)
    record_tried("resource limits", f"100 MiB JSONL ({counts['large.jsonl']:,} calls, --jobs {jobs}): scored in "
                                    f"{large[2]:.1f} s; peak memory {large[0]} MiB (workers {large[1]} MiB), "
                                    f"50 MiB: {half[0]} MiB, 1 MiB: {small[0]} MiB")
    assert large[0] - half[0] < 8 and large[1] - half[1] < 8  # flat: no more memory for twice the file
    # What grows is the work in flight with the workers: a bounded number of chunks of lines, not the file.
    line = 100 * 1024 * 1024 // counts["large.jsonl"]  # bytes per line
    in_flight = 0 if jobs == "1" else int(jobs) * runner.IN_FLIGHT_PER_JOB * runner.CHUNK_CALLS * line // 2 ** 20
    assert large[0] - small[0] < 10 + 2 * in_flight < 50


def test_file_over_the_size_limit_is_refused_and_the_batch_goes_on(tmp_path):
    huge = tmp_path / "a-huge.json"
    with huge.open("wb") as sparse:  # a hole, not 256 MiB of writing
        sparse.truncate(MAX_FILE_BYTES + 1)
    (tmp_path / "b-fine.txt").write_text("客服：您好\n客户：再见\n", encoding="utf-8")
    record_tried("resource limits", f"{MAX_FILE_BYTES + 1:,}-byte transcript: refused, the batch goes on")
    with Timer() as timer:
        code, _, _, err = measured_score([str(tmp_path), "--jobs", "1", "--format", "jsonl", "-o", "out.jsonl"],
                                         tmp_path)
    assert code == 2
    assert f"a-huge.json: file larger than {MAX_FILE_BYTES // 2 ** 20} MiB" in err
    results = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ["error" in r for r in results] == [True, False]
    assert timer.seconds < 60


def test_device_that_never_ends_is_refused_at_the_limit(tmp_path):
    record_tried("resource limits", "/dev/zero read as a transcript: refused at the size limit")
    code, own, _, err = measured_score(["/dev/zero", "--input-format", "text", "--jobs", "1", "--format", "json",
                                        "-o", "out.json"], tmp_path)
    assert code == 2
    assert f"/dev/zero: file larger than {MAX_FILE_BYTES // 2 ** 20} MiB" in err


def test_jsonl_line_over_the_limit_is_an_error_and_the_next_lines_are_read(tmp_path, monkeypatch):
    monkeypatch.setattr(json_reader, "MAX_LINE_BYTES", 1_000)
    good = json.dumps({"utterances": [{"speaker": "客服", "text": "您好"}]}, ensure_ascii=False)
    long = json.dumps({"utterances": [{"speaker": "客服", "text": "喂" * 2_000}]}, ensure_ascii=False)
    path = tmp_path / "day.jsonl"
    path.write_text("\n".join([good, long, good, long]), encoding="utf-8")  # the last line has no newline
    record_tried("resource limits", "JSONL line longer than the line limit: an error for that line only")
    items = assert_read_outcomes(list(iter_file(path, ReadOptions())), path)
    errors = [item.error for item in iter_file(path) if isinstance(item, scriptcheck.ReadFailure)]
    assert len(items) == 2
    assert errors == [f"{path}:2: line longer than 1,000 bytes", f"{path}:4: line longer than 1,000 bytes"]
