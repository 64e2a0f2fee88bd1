"""Faults during a batch run of ``scriptcheck score``: the run ends, reports every call it could score, names
every call it could not, and exits 2 (130 for Ctrl-C); a report file is complete or not there at all.

Faults: a file that disappears after the listing; a dangling symbolic link; a worker process that dies
(under --jobs 2, in each kind of unit of work); a call the engine fails on; a full disk at each step of
writing the report; Ctrl-C while writing and while scoring; an output path that cannot be written.
"""
from __future__ import annotations

import errno
import functools
import json
import multiprocessing
import os
import stat
from pathlib import Path

import pytest
from robustness_support import record_tried, robustness_tally  # noqa: F401

import scriptcheck.pools as pools
import scriptcheck.runner as runner
import scriptcheck.worker as worker
import scriptcheck.transcripts as transcripts
from scriptcheck import output
from scriptcheck.pack import loader
from scriptcheck.cli import main

CALL = {"utterances": [{"speaker": "客服", "text": "您好！请问有什么可以帮助您？"},
                       {"speaker": "客户", "text": "我想查一下燃气费，手机号13812345678。"},
                       {"speaker": "客服", "text": "不知道，感谢您的来电，再见！"}]}
JSON_FILES, JSONL_LINES, CSV_CALLS = 20, 150, 6
VICTIMS = {"f07", "l0099", "k3"}  # one call of each kind of unit of work: a file, a JSONL line, a CSV call


@pytest.fixture
def batch(tmp_path) -> Path:
    folder = tmp_path / "calls"
    folder.mkdir()
    for i in range(JSON_FILES):
        (folder / f"a{i:02d}.json").write_text(json.dumps(dict(CALL, id=f"f{i:02d}"), ensure_ascii=False),
                                               encoding="utf-8")
    (folder / "b.jsonl").write_text("\n".join(json.dumps(dict(CALL, id=f"l{i:04d}"), ensure_ascii=False)
                                              for i in range(JSONL_LINES)) + "\n", encoding="utf-8")
    rows = ["call_id,speaker,text"] + [f"k{c},{speaker},{text}" for c in range(CSV_CALLS)
                                       for speaker, text in (("客服", "您好"), ("客户", "谢谢"), ("客服", "不用谢，再见"))]
    (folder / "c.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "d.txt").write_text("# id: t1\n客服：您好\n客户：再见\n", encoding="utf-8")
    return folder


ALL_CALLS = JSON_FILES + JSONL_LINES + CSV_CALLS + 1


def score(args: list[str], out: Path) -> tuple[int, list[dict]]:
    code = main(["score", *args, "--format", "jsonl", "--output", str(out), "--no-progress"])
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return code, results


def key(result: dict) -> str:
    return result.get("id") or result["source"]


@pytest.fixture
def fork_pools(monkeypatch):
    """Worker pools that fork, so that a fault patched into this process is in the workers too."""
    monkeypatch.setattr(pools, "ProcessPoolExecutor",
                        functools.partial(pools.ProcessPoolExecutor, mp_context=multiprocessing.get_context("fork")))


# ---------------------------------------------------------------------------------------------------------
# Inputs that go away

@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("vanishing", ["a03.json", "b.jsonl", "c.csv"])
def test_file_that_disappears_after_listing(batch, tmp_path, monkeypatch, vanishing, jobs):
    listed = transcripts.expand_paths

    def listing_then_removal(paths):
        for path in listed(paths):
            if path.name == vanishing:
                path.unlink()  # gone between the listing and the reading
            yield path

    monkeypatch.setattr(runner, "expand_paths", listing_then_removal)
    monkeypatch.setattr(transcripts, "expand_paths", listing_then_removal)
    record_tried("faults injected", f"{vanishing} removed between listing and reading (--jobs {jobs})")
    code, results = score([str(batch), "--jobs", jobs], tmp_path / "out.jsonl")
    assert code == 2
    errors = [r for r in results if "error" in r]
    assert len(errors) == 1 and errors[0]["source"].endswith(vanishing)
    assert "cannot read file: No such file or directory" in errors[0]["error"]
    lost = {"a03.json": 1, "b.jsonl": JSONL_LINES, "c.csv": CSV_CALLS}[vanishing]
    assert len(results) == ALL_CALLS - lost + 1  # every other call scored and reported


def test_dangling_symlink_in_a_folder_is_reported_not_skipped(batch, tmp_path):
    (batch / "e-gone.json").symlink_to(tmp_path / "nowhere.json")
    record_tried("faults injected", "dangling symbolic link in a scanned folder")
    code, results = score([str(batch), "--jobs", "1"], tmp_path / "out.jsonl")
    assert code == 2
    errors = [r for r in results if "error" in r]
    assert [e["source"].rsplit("/", 1)[-1] for e in errors] == ["e-gone.json"]
    assert len(results) == ALL_CALLS + 1


def test_path_too_long_for_the_file_system_is_reported_and_the_rest_scored(batch, tmp_path):
    too_long = str(tmp_path / ("x" * 5_000 + ".json"))
    record_tried("faults injected", "a path too long for the file system among the inputs (--jobs 2)")
    code, results = score([too_long, str(batch), "--jobs", "2"], tmp_path / "out.jsonl")
    assert code == 2
    assert "error" in results[0] and "File name too long" in results[0]["error"]
    assert len(results) == ALL_CALLS + 1


# ---------------------------------------------------------------------------------------------------------
# Worker processes that die, calls the engine fails on

_score = worker.score


def _dying_score(item, settings):
    if getattr(item, "id", None) in VICTIMS:
        os._exit(9)  # as a worker killed by the system: no exception, no cleanup
    return _score(item, settings)


def _failing_check(call, pack):
    if call.id in VICTIMS:
        raise ZeroDivisionError("a defect\nover two lines")
    return scriptcheck_check(call, pack)


scriptcheck_check = worker.check


def test_worker_process_that_dies_costs_only_its_calls(batch, tmp_path, monkeypatch, fork_pools, capsys):
    _, expected = score([str(batch), "--jobs", "1"], tmp_path / "expected.jsonl")
    monkeypatch.setattr(worker, "score", _dying_score)
    record_tried("faults injected", "worker process killed (os._exit) on a .json file, a JSONL line and a CSV call "
                                    "(--jobs 2)")
    code, results = score([str(batch), "--jobs", "2"], tmp_path / "out.jsonl")
    assert code == 2
    assert [key(r) for r in results if r.get("id") not in VICTIMS and "error" not in r] == \
        [key(r) for r in expected if r["id"] not in VICTIMS]  # every other call scored, in input order
    errors = [r for r in results if "error" in r]
    assert len(errors) == len(VICTIMS) and len(results) == len(expected)
    positions = [i for i, r in enumerate(expected) if r["id"] in VICTIMS]
    assert [i for i, r in enumerate(results) if "error" in r] == positions  # each reported in its place
    assert sorted(e["error"].split(": ", 1)[0].rsplit("/", 1)[-1] for e in errors) == ["a07.json", "b.jsonl:100",
                                                                                        "c.csv"]
    assert all("worker process checking it died" in e["error"] and "\n" not in e["error"] for e in errors)
    assert capsys.readouterr().err.count("worker process checking it died") == len(VICTIMS)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_call_the_engine_fails_on_costs_only_that_call(batch, tmp_path, monkeypatch, fork_pools, jobs):
    monkeypatch.setattr(worker, "check", _failing_check)
    record_tried("faults injected", f"engine exception on three calls (--jobs {jobs})")
    code, results = score([str(batch), "--jobs", jobs], tmp_path / "out.jsonl")
    assert code == 2
    errors = [r for r in results if "error" in r]
    assert len(results) == ALL_CALLS and len(errors) == len(VICTIMS)
    for error in errors:
        assert "internal error while checking the call (ZeroDivisionError: a defect over two lines)" in error["error"]
        assert error["error"].startswith(error["source"] + ": call '")


# ---------------------------------------------------------------------------------------------------------
# Writing the report

class _FullDisk:
    """A report file whose disk fills up after ``room`` characters."""

    def __init__(self, handle, room: int) -> None:
        self._handle = handle
        self._room = room

    def write(self, text: str) -> int:
        if len(text) > self._room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= len(text)
        return self._handle.write(text)

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        self._handle.__enter__()
        return self

    def __exit__(self, *exc):
        return self._handle.__exit__(*exc)


def _disk_full_at(monkeypatch, step: str) -> None:
    if step == "write":
        temporary = output.tempfile.NamedTemporaryFile
        monkeypatch.setattr(output.tempfile, "NamedTemporaryFile",
                            lambda *a, **k: _FullDisk(temporary(*a, **k), room=3_000))
    elif step == "fsync":
        def fsync(fd):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        monkeypatch.setattr(output.os, "fsync", fsync)
    else:  # the rename into place
        def replace(src, dst):
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))
        monkeypatch.setattr(output.os, "replace", replace)


@pytest.mark.parametrize("fmt", ["json", "csv", "html"])
@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_full_disk_while_writing_leaves_no_partial_report(batch, tmp_path, monkeypatch, capsys, step, fmt):
    target = tmp_path / f"report.{fmt}"
    target.write_text("yesterday's report", encoding="utf-8")
    _disk_full_at(monkeypatch, step)
    record_tried("faults injected", f"disk full / rename failing at {step} of a {fmt} report")
    code = main(["score", str(batch), "--format", fmt, "--output", str(target), "--jobs", "1", "--no-progress"])
    assert code == 2
    err = capsys.readouterr().err
    assert "error: cannot write report: [Errno" in err
    assert ("No space left on device" if step != "replace" else "Invalid cross-device link") in err
    assert target.read_text(encoding="utf-8") == "yesterday's report"  # the old report, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calls", target.name]  # no temporary file left


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("when", ["loading the pack", "writing", "scoring"])
def test_ctrl_c_leaves_no_partial_report(batch, tmp_path, monkeypatch, capsys, when, jobs):
    target = tmp_path / "report.jsonl"
    seen = {"n": 0}
    if when == "loading the pack":
        def interrupted_loading(name):
            raise KeyboardInterrupt

        monkeypatch.setattr(loader, "load_rules", interrupted_loading)
    elif when == "writing":
        temporary = output.tempfile.NamedTemporaryFile

        class Interrupted(_FullDisk):
            def write(self, text):
                seen["n"] += 1
                if seen["n"] == 40:
                    raise KeyboardInterrupt
                return self._handle.write(text)

        monkeypatch.setattr(output.tempfile, "NamedTemporaryFile", lambda *a, **k: Interrupted(temporary(*a, **k), 0))
    else:
        collect = pools.Pools.collect
        score_one = worker.score

        def interrupted(item, settings):  # jobs 1: in this process
            seen["n"] += 1
            if seen["n"] == 40:
                raise KeyboardInterrupt
            return score_one(item, settings)

        def interrupted_collect(self, *args):  # jobs 2: while waiting for the workers
            seen["n"] += 1
            if seen["n"] == 3:
                raise KeyboardInterrupt
            return collect(self, *args)

        monkeypatch.setattr(worker, "score", interrupted)
        monkeypatch.setattr(pools.Pools, "collect", interrupted_collect)
    record_tried("faults injected", f"Ctrl-C while {when} (--jobs {jobs})")
    code = main(["score", str(batch), "--format", "jsonl", "--output", str(target), "--jobs", jobs, "--no-progress"])
    assert code == 130
    message = "interrupted" if when == "loading the pack" else "interrupted: no report written"
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calls"]  # no report, no temporary file


@pytest.mark.parametrize("where, error", [("missing/folder/report.json", "error: cannot write report:"),
                                          ("calls", "error: --output ")])  # a directory: refused at once
def test_report_path_that_cannot_be_written(batch, tmp_path, capsys, where, error):
    record_tried("faults injected", f"report path that cannot be written ({where})")
    code = main(["score", str(batch), "--format", "json", "--output", str(tmp_path / where), "--jobs", "1",
                 "--no-progress"])
    assert code == 2
    assert error in capsys.readouterr().err
    assert not list(tmp_path.glob(".*")) and not list(batch.glob(".*"))  # no temporary file left behind


@pytest.mark.parametrize("kind", ["/dev/null", "named pipe", "symbolic link"])
def test_report_to_a_device_pipe_or_link_is_written_through_it(batch, tmp_path, monkeypatch, kind):
    """``-o /dev/null`` (only the exit code wanted), a pipe to another program, a link to a shared report:
    written through, never replaced by a regular file."""
    replace = output.os.replace

    def guarded_replace(src, dst):  # even should this regress, /dev/null is never replaced
        assert not str(dst).startswith("/dev/"), f"{dst} would be replaced by a file"
        return replace(src, dst)

    monkeypatch.setattr(output.os, "replace", guarded_replace)
    record_tried("faults injected", f"report written to {kind}")
    received: list[bytes] = []
    if kind == "/dev/null":
        target = Path("/dev/null")
    elif kind == "named pipe":
        import threading

        target = tmp_path / "pipe"
        os.mkfifo(target)
        reader = threading.Thread(target=lambda: received.append(target.read_bytes()))
        reader.start()
    else:
        real = tmp_path / "shared" / "today.json"
        real.parent.mkdir()
        real.write_text("yesterday's report", encoding="utf-8")
        target = tmp_path / "report.json"
        target.symlink_to(real)
    code = main(["score", str(batch / "a00.json"), "--format", "json", "--output", str(target), "--jobs", "1",
                 "--no-progress"])
    assert code == 0
    if kind == "/dev/null":
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    elif kind == "named pipe":
        reader.join(timeout=30)
        assert stat.S_ISFIFO(os.stat(target).st_mode)
        assert json.loads(received[0].decode("utf-8"))[0]["id"] == "f00"
    else:
        assert target.is_symlink() and json.loads(real.read_text(encoding="utf-8"))[0]["id"] == "f00"
