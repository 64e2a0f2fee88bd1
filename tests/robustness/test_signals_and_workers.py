"""Signals and worker processes of a real ``scriptcheck score`` run (a separate process, real signals).

- SIGTERM, SIGHUP and SIGINT, to the main process alone or to its whole process group, stop the run as
  Ctrl-C does: no report and no temporary ``.part`` file left, no worker process left, exit 128 + the
  signal's number (143, 129, 130). SIGHUP that was ignored when the run started (``nohup``) stays ignored.
- SIGKILL to the main process cannot be caught: its workers notice and exit by themselves.
- A worker process killed in the middle of a run: a one-line warning naming the signal, the work it had
  in progress checked again, a complete report and the exit status of that report.
- Worker processes that cannot be started (``fork`` failing as under ``ulimit -u``): a one-line warning,
  fewer workers or none, a complete report; never a hang.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from robustness_support import record_tried, robustness_tally  # noqa: F401

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="worker processes are found in /proc")
# Faults patched into the main process reach the workers only when they are forked from it.
forked_workers = pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                                    reason="workers are not forked from the main process")

CALL = {"utterances": [{"speaker": "客服", "text": "您好！请问有什么可以帮助您？"},
                       {"speaker": "客户", "text": "我想查一下燃气费，手机号13812345678。"},
                       {"speaker": "客服", "text": "不知道，感谢您的来电，再见！"}]}


def batch(folder: Path, calls: int) -> Path:
    path = folder / "calls.jsonl"
    path.write_text("".join(json.dumps(dict(CALL, id=f"c{i:05d}"), ensure_ascii=False) + "\n" for i in range(calls)),
                    encoding="utf-8")
    return path


def _default_signals() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)  # whatever the test runner was started with


def start(args: list[str], cwd: Path, preexec=_default_signals, code: str | None = None) -> subprocess.Popen:
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "scriptcheck", *args]
    return subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=preexec)


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(child) for child in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie has exited; only its parent's reaping is missing


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def scoring_started(process: subprocess.Popen, folder: Path, workers: int) -> set[int]:
    """Waits until the run writes its report (its workers, if any, running); returns the worker ids."""
    assert wait_until(lambda: any(p.stat().st_size > 0 for p in folder.glob(".*.part")) or process.poll() is not None,
                      30), "the run wrote nothing in 30 s"
    assert process.poll() is None, "the batch ended before the signal: make it larger"
    found = children(process.pid)
    assert len(found) >= workers, found
    return found


def assert_gone(workers: set[int]) -> None:
    """The worker processes end within 3 s; any that does not is killed, not left running after the test."""
    try:
        assert wait_until(lambda: not any(alive(pid) for pid in workers), 3), "a worker process outlived the run"
    finally:
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def stop(process: subprocess.Popen) -> str:
    try:
        return process.communicate(timeout=30)[1]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


# ---------------------------------------------------------------------------------------------------------
# Signals to the run

SIGNALLED = [
    # signal, sent to, jobs, exit status, stderr's last line
    (signal.SIGTERM, "main process", 1, 143, "terminated (SIGTERM): no report written"),
    (signal.SIGTERM, "main process", 2, 143, "terminated (SIGTERM): no report written"),
    (signal.SIGTERM, "process group", 2, 143, "terminated (SIGTERM): no report written"),
    (signal.SIGHUP, "main process", 2, 129, "terminated (SIGHUP): no report written"),
    (signal.SIGHUP, "process group", 1, 129, "terminated (SIGHUP): no report written"),
    (signal.SIGINT, "main process", 2, 130, "interrupted: no report written"),
    (signal.SIGINT, "process group", 2, 130, "interrupted: no report written"),
]


@pytest.mark.parametrize("signum, target, jobs, status, last_line", SIGNALLED,
                         ids=[f"{s.name}-{t.split()[1]}-j{j}" for s, t, j, _, _ in SIGNALLED])
def test_signal_stops_the_run_cleanly(tmp_path, signum, target, jobs, status, last_line):
    source = batch(tmp_path, 20_000)
    process = start(["score", source.name, "--format", "jsonl", "-o", "report.jsonl", "--jobs", str(jobs),
                     "--no-progress"], tmp_path)
    workers = scoring_started(process, tmp_path, jobs if jobs > 1 else 0)
    signalled = time.monotonic()
    if target == "main process":
        os.kill(process.pid, signum)
    else:
        os.killpg(process.pid, signum)
    err = stop(process)
    seconds = time.monotonic() - signalled
    record_tried("signals", f"{signum.name} to the {target} while scoring (--jobs {jobs}): exit {process.returncode} "
                            f"in {seconds:.2f} s")
    assert process.returncode == status, err[-2_000:]
    assert err.splitlines()[-1] == last_line, err[-2_000:]
    assert "Traceback" not in err, err[-2_000:]
    assert_gone(workers)
    assert sorted(p.name for p in tmp_path.iterdir()) == [source.name]  # no report, no .part file
    assert seconds < 5


def test_sigkill_to_the_main_process_leaves_no_worker_behind(tmp_path):
    """SIGKILL cannot be caught (a .part file stays, see docs/security.md); the workers exit by themselves."""
    source = batch(tmp_path, 20_000)
    process = start(["score", source.name, "--format", "jsonl", "-o", "report.jsonl", "--jobs", "2", "--no-progress"],
                    tmp_path)
    workers = scoring_started(process, tmp_path, 2)
    os.kill(process.pid, signal.SIGKILL)
    stop(process)
    with_parent_gone = time.monotonic()
    assert_gone(workers)
    record_tried("signals", f"SIGKILL to the main process (--jobs 2): its workers exited "
                            f"{time.monotonic() - with_parent_gone:.2f} s later")
    assert process.returncode == -signal.SIGKILL
    assert not (tmp_path / "report.jsonl").exists()


def test_sighup_ignored_at_start_stays_ignored(tmp_path):
    """``nohup scriptcheck score …``: closing the terminal does not stop the run."""
    source = batch(tmp_path, 3_000)

    def nohup():
        _default_signals()
        signal.signal(signal.SIGHUP, signal.SIG_IGN)

    process = start(["score", source.name, "--format", "jsonl", "-o", "report.jsonl", "--jobs", "1", "--no-progress"],
                    tmp_path, preexec=nohup)
    scoring_started(process, tmp_path, 0)
    os.kill(process.pid, signal.SIGHUP)
    err = stop(process)
    record_tried("signals", "SIGHUP to a run started with SIGHUP ignored (nohup): the run completes")
    assert process.returncode == 0, err[-2_000:]
    assert len((tmp_path / "report.jsonl").read_text(encoding="utf-8").splitlines()) == 3_000


# ---------------------------------------------------------------------------------------------------------
# A worker process killed in the middle of a run

@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGSEGV, signal.SIGTERM], ids=lambda s: s.name)
def test_killed_worker_is_named_and_its_calls_checked_again(tmp_path, signum):
    calls = 5_000
    source = batch(tmp_path, calls)
    process = start(["score", source.name, "--format", "jsonl", "-o", "report.jsonl", "--jobs", "2", "--no-progress"],
                    tmp_path)
    victim = min(scoring_started(process, tmp_path, 2))
    os.kill(victim, signum)
    err = stop(process)
    record_tried("worker processes", f"one of two workers killed by {signum.name}: exit {process.returncode}, "
                                     f"{len(err.splitlines())} line(s) on stderr")
    assert process.returncode == 0, err[-2_000:]
    [warning] = err.splitlines()
    assert warning.startswith(f"warning: a worker process was killed by signal {int(signum)} ({signum.name}); "
                              f"the work in progress, from {source.name}:"), warning
    assert warning.endswith(" on, is checked again in a separate process"), warning
    reported = [json.loads(line) for line in (tmp_path / "report.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in reported] == [f"c{i:05d}" for i in range(calls)]  # every call, in order
    assert not any("error" in r for r in reported)


# The first worker to send a large result dies halfway through sending it (as one killed at that moment):
# the pool is left waiting for the rest of the result, which never comes.
DYING_WHILE_SENDING = """\
import os, sys
from multiprocessing import connection
main, flag = os.getpid(), sys.argv[1]
send = connection.Connection._send_bytes
def dying_send(self, buf):
    if os.getpid() != main and len(buf) > 20_000:
        try:
            os.close(os.open(flag, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return send(self, buf)
        self._send(len(buf).to_bytes(4, "big") + bytes(buf[:len(buf) // 2]))
        os._exit(9)
    return send(self, buf)
connection.Connection._send_bytes = dying_send
from scriptcheck.cli import main
sys.exit(main(sys.argv[2:]))
"""


@forked_workers
def test_worker_killed_while_sending_its_results_does_not_hang_the_run(tmp_path):
    calls = 3_000
    source = batch(tmp_path, calls)
    started = time.monotonic()
    process = start([str(tmp_path / "died"), "score", source.name, "--format", "jsonl", "-o", "report.jsonl",
                     "--jobs", "2", "--no-progress"], tmp_path, code=DYING_WHILE_SENDING)
    err = stop(process)
    seconds = time.monotonic() - started
    record_tried("worker processes", f"a worker dying halfway through sending its results: exit {process.returncode} "
                                     f"in {seconds:.1f} s")
    assert (tmp_path / "died").exists()
    assert process.returncode == 0, err[-2_000:]
    [warning] = err.splitlines()
    assert warning.startswith("warning: a worker process exited with status 9; the work in progress, from "), warning
    reported = [json.loads(line) for line in (tmp_path / "report.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in reported] == [f"c{i:05d}" for i in range(calls)]
    assert seconds < 20


# ---------------------------------------------------------------------------------------------------------
# Worker processes that cannot be started

# fork() fails with EAGAIN, as under ``ulimit -u``, once the process has LIMIT children (zombies count,
# as they do for the limit). Root is exempt from ``ulimit -u``; this limit applies to every user.
FORK_LIMITED_RUN = """\
import errno, os, sys
from pathlib import Path
LIMIT = int(sys.argv[1])
real_fork = os.fork
def children():
    return sum(len((task / "children").read_text().split()) for task in Path("/proc/self/task").iterdir())
def limited_fork():
    if children() >= LIMIT:
        raise BlockingIOError(errno.EAGAIN, os.strerror(errno.EAGAIN))
    return real_fork()
os.fork = limited_fork
from scriptcheck.cli import main
sys.exit(main(sys.argv[2:]))
"""
EAGAIN = "[Errno 11] Resource temporarily unavailable"
STARTS = [
    # --jobs, processes that can be started, the warning
    (8, 0, f"warning: cannot start 8 worker processes ({EAGAIN}); checking the calls in this process"),
    (8, 3, f"warning: cannot start 8 worker processes ({EAGAIN}); checking with 2"),
    (100, 40, f"warning: cannot start 100 worker processes ({EAGAIN}); checking with 25"),
]


@forked_workers
@pytest.mark.parametrize("jobs, limit, warning", STARTS, ids=[f"j{j}-limit{n}" for j, n, _ in STARTS])
def test_workers_that_cannot_be_started_are_fewer_or_none(tmp_path, jobs, limit, warning):
    calls = 600
    source = batch(tmp_path, calls)
    started = time.monotonic()
    process = start([str(limit), "score", source.name, "--format", "jsonl", "-o", "report.jsonl", "--jobs", str(jobs),
                     "--no-progress"], tmp_path, code=FORK_LIMITED_RUN)
    err = stop(process)
    record_tried("worker processes", f"--jobs {jobs} with at most {limit} processes startable: exit "
                                     f"{process.returncode} in {time.monotonic() - started:.1f} s")
    assert process.returncode == 0, err[-2_000:]
    assert err.splitlines() == [warning]
    reported = [json.loads(line) for line in (tmp_path / "report.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in reported] == [f"c{i:05d}" for i in range(calls)]
    assert not any("error" in r for r in reported)
