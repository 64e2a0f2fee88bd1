"""Scoring in worker processes (``jobs`` > 1), results in input order.

A worker process that dies (killed by the system for memory, a crash in native code) loses only what
it was doing: the units of work in flight are run again, one at a time in a separate worker process,
and a call that kills that process too is reported as an error in its place; the rest of the batch
goes on in a new pool. Worker processes that cannot be started (a process limit) are fewer: half as
many each time, down to none, when the calls are checked in this process. Both are told through ``warn``.

A run that stops early (Ctrl-C, SIGTERM, an error, its reader gone) kills its workers rather than wait for
them: their work is no longer wanted. A worker whose main process is killed without doing so (SIGKILL)
notices and exits.

Apart from ``runner`` because multiprocessing takes a good share of start-up time to import, and a
run with one job never needs it. ``runner`` plans the units of work; ``worker`` says what a worker does
with one.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor, TimeoutError
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator

from . import runner, termination, worker
from .model import ReadFailure
from .worker import CallsUnit, FilesUnit, JsonlUnit, RunSettings, Scored, Unit

_PATIENCE = 1.0  # seconds
IN_PROCESS = 0  # the pool generation of work checked in this process: no worker process could be started


def score_in_workers(work_units: Iterable[Unit], settings: RunSettings, jobs: int,
                     warn: Callable[[str], None]) -> Iterator[Scored]:
    """Score every unit of work (see ``runner.plan``) with ``jobs`` worker processes, in order."""
    pools = Pools(settings, jobs, warn)
    try:
        pending: deque[tuple[Unit, Future | None, int]] = deque()
        for work in work_units:
            pending.append((work, *pools.submit(work)))
            if len(pending) >= pools.in_flight():
                yield from pools.collect(*pending.popleft())
        while pending:
            yield from pools.collect(*pending.popleft())
    except BaseException:
        pools.kill()
        raise
    finally:
        pools.shutdown()


class Pools:
    """The worker pool, replaced when one of its processes dies, and a one-process pool for lost work."""

    def __init__(self, settings: RunSettings, jobs: int, warn: Callable[[str], None]) -> None:
        self.settings = settings
        self.jobs = jobs  # the workers of the next pool: fewer once starting them has failed
        self.warn = warn
        self.pool: ProcessPoolExecutor | None = None
        self.generation = 0  # of the pool: a future of an older, broken pool must not discard a new one
        self.solo: ProcessPoolExecutor | None = None
        self.deaths: dict[int, str] = {}  # generation -> how its pool broke, until the lost work is told of

    def in_flight(self) -> int:
        return max(1, self.jobs) * runner.IN_FLIGHT_PER_JOB

    def submit(self, work: Unit) -> tuple[Future | None, int]:
        """The future of ``work`` (None when the pool broke before taking it) and the pool's generation."""
        if self.jobs == 0:
            return None, IN_PROCESS
        if self.pool is None:
            self.pool, self.jobs = self._start(self.jobs)
            if self.pool is None:
                return None, IN_PROCESS
            self.generation += 1
        try:
            return self.pool.submit(worker.run_in_worker, work), self.generation
        except BrokenProcessPool:
            self._discard_pool(self.generation)
            return None, self.generation

    def collect(self, work: Unit, future: Future | None, generation: int) -> list[Scored]:
        """The results of ``work``; when its worker died with it, those of running it again."""
        if generation == IN_PROCESS:
            return worker.run_unit(work, self.settings)
        if future is not None:
            try:
                return self._result(future, self.pool) if generation == self.generation else future.result()
            except BrokenProcessPool:
                self._discard_pool(generation)
        death = self.deaths.pop(generation, None)
        if death is not None:  # the oldest work lost with that pool: told once
            self.warn(f"a worker process {death}; the work in progress, from {_first(work)} on, is checked again "
                      "in a separate process")
        return self._rescue(work)

    def _result(self, future: Future, pool: ProcessPoolExecutor) -> list[Scored]:
        """The future's result. A worker killed while it sent a result leaves ``pool`` waiting for the rest
        of it, for ever: a pool with a dead worker whose future has not failed within seconds is killed,
        and the future fails then."""
        dead_since = None
        while True:
            try:
                return future.result(timeout=_PATIENCE)
            except TimeoutError:
                if not any(process.exitcode is not None for process in _processes(pool)):
                    dead_since = None
                elif dead_since is None:
                    dead_since = time.monotonic()
                elif time.monotonic() - dead_since > _PATIENCE:
                    if pool is self.pool:
                        self.deaths.setdefault(self.generation, _death(pool))
                    _kill(pool)

    def _start(self, wanted: int) -> tuple[ProcessPoolExecutor | None, int]:
        """A pool of ``wanted`` workers, every one started; fewer when they cannot all be, None when none can.

        Returns the pool and its number of workers.
        """
        workers, failure = wanted, None
        while workers >= 1:
            try:
                pool = _pool(workers, self.settings)
            except OSError as exc:  # the pool's own pipes and locks
                failure, workers = failure or exc, workers // 2
                continue
            try:
                for _ in range(workers):  # each start-up fails here, not later with a call's work
                    pool.submit(_started)
            except BrokenProcessPool:
                pass  # a worker died as soon as it started: the first call's work finds out, as any other
            except OSError as exc:
                failure, workers = failure or exc, workers // 2
                _kill(pool)
                continue
            if failure is not None:
                self.warn(f"cannot start {_count(wanted)} ({_reason(failure)}); checking with {workers}")
            return pool, workers
        self.warn(f"cannot start {_count(wanted)} ({_reason(failure)}); checking the calls in this process")
        return None, 0

    def _rescue(self, work: Unit) -> list[Scored]:
        """Run lost work again in the separate process: whole, then call by call if it kills that process too.

        An item that kills its process again is reported as an error; every other item is scored.
        """
        try:
            return self._run_solo(work)
        except BrokenProcessPool:
            pass
        scored: list[Scored] = []
        for piece in _split(work):
            try:
                scored += self._run_solo(piece)
            except BrokenProcessPool:
                scored += [worker.score(failure, self.settings) for failure in _lost(piece)]
        return scored

    def _run_solo(self, work: Unit) -> list[Scored]:
        if self.solo is None:
            self.solo, _ = self._start(1)
        if self.solo is None:  # no process can be started: this one checks the work, at its own risk
            return worker.run_unit(work, self.settings)
        try:
            return self._result(self.solo.submit(worker.run_in_worker, work), self.solo)
        except BrokenProcessPool:
            self.solo.shutdown(wait=False, cancel_futures=True)
            self.solo = None
            raise

    def _discard_pool(self, generation: int) -> None:
        if self.pool is not None and generation == self.generation:
            self.deaths.setdefault(generation, _death(self.pool))
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

    def kill(self) -> None:
        for pool in (self.pool, self.solo):
            if pool is not None:
                _kill(pool)
        self.pool = self.solo = None

    def shutdown(self) -> None:
        for pool in (self.pool, self.solo):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self.solo = None


def _pool(workers: int, settings: RunSettings) -> ProcessPoolExecutor:
    # Workers are forked and share the loaded pack with this process, page by page, until a page is
    # written. The garbage collector of a worker would write to every object it tracks, the pack's
    # included, and so copy them all: objects that exist before the fork are left out of its collections.
    gc.freeze()
    return ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(settings,))


def _started() -> None:
    """The first task of every worker: makes the pool start them all at once."""


def _start_worker(settings: RunSettings) -> None:
    termination.default_in_worker()
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), name="scriptcheck-parent", daemon=True).start()
    worker.init_worker(settings)


def _exit_with(parent: multiprocessing.process.BaseProcess) -> None:
    """Ends the worker when its main process is gone: killed, it cannot say so, and no one wants the work."""
    parent.join()  # returns when the main process has exited, however it ended
    os._exit(1)


def _processes(pool: ProcessPoolExecutor) -> list[multiprocessing.process.BaseProcess]:
    # The executor has no public list of its processes before Python 3.14 (kill_workers()).
    return list((getattr(pool, "_processes", None) or {}).values())


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stops the pool's workers now, whatever they are doing, and waits until they are gone."""
    processes = _processes(pool)
    for process in processes:
        try:
            process.kill()
        except (OSError, ValueError):
            pass  # already gone
    for process in processes:
        process.join(5)
    # The pool's manager thread may be waiting for the rest of a result a killed worker was sending: with
    # this process's copy of the pipe's writing end closed too, it reads the end of the pipe instead.
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        writer.close()
    # Then it ends at once, failing every future left (one still ending at interpreter exit fails there with
    # "Bad file descriptor").
    pool.shutdown(wait=True)


def _death(pool: ProcessPoolExecutor) -> str:
    """How the worker that broke ``pool`` ended: the pool stops the others with SIGTERM after it."""
    # A broken pool's own thread reaps its workers: reaping one at the same time from here can lose its
    # exit status to that thread (waitpid answers only one of them), so it is left to finish first.
    manager = getattr(pool, "_executor_manager_thread", None)
    if getattr(pool, "_broken", False) and manager is not None:
        manager.join(5)
    codes = []
    for process in _processes(pool):
        process.join(1)
        if process.exitcode:
            codes.append(process.exitcode)
    code = next((c for c in codes if c != -signal.SIGTERM), codes[0] if codes else None)
    if code is None:
        return "died"
    if code < 0:
        try:
            return f"was killed by signal {-code} ({signal.Signals(-code).name})"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with status {code}"


def _count(workers: int) -> str:
    return "a worker process" if workers == 1 else f"{workers} worker processes"


def _reason(exc: OSError | None) -> str:
    return " ".join(str(exc).split()) if exc is not None else "unknown reason"


def _first(work: Unit) -> str:
    """Where a unit of work starts: its first file, JSONL line or call."""
    if isinstance(work, FilesUnit):
        return work.paths[0]
    if isinstance(work, JsonlUnit):
        return f"{work.source}:{work.lines[0][0]}"
    item = work.calls[0]
    return item.source if isinstance(item, ReadFailure) else worker.where(item)


def _split(work: Unit) -> list[Unit]:
    """A unit of work as one unit per call (per file, JSONL line or call)."""
    if isinstance(work, FilesUnit):
        return [FilesUnit((path,)) for path in work.paths]
    if isinstance(work, JsonlUnit):
        return [JsonlUnit(work.source, work.stem, (line,)) for line in work.lines]
    return [CallsUnit((item,)) for item in work.calls]


def _lost(work: Unit) -> list[ReadFailure]:
    """Errors in place of the calls of ``work``, whose worker process died checking them."""
    what = "the worker process checking it died; it was not scored"
    if isinstance(work, FilesUnit):
        return [ReadFailure(path, f"{path}: {what}") for path in work.paths]
    if isinstance(work, JsonlUnit):
        return [ReadFailure(work.source, f"{work.source}:{number}: {what}") for number, _ in work.lines]
    return [item if isinstance(item, ReadFailure) else ReadFailure(item.source, f"{worker.where(item)}: {what}")
            for item in work.calls]
