"""Scoring in worker processes (``jobs`` > 1), results in input order.

A worker process that dies (killed by the system for memory, a crash in native code) loses only what
it was doing: the units of work in flight are run again, one at a time in a separate worker process,
and a call that kills that process too is reported as an error in its place; the rest of the batch
goes on in a new pool.

Apart from ``runner`` because multiprocessing takes a good share of start-up time to import, and a
run with one job never needs it. The work units, and what a worker does with them, are ``runner``'s.
"""
from __future__ import annotations

import gc
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, Iterator

from . import runner
from .model import ReadFailure
from .runner import RunSettings, Scored


def score_in_workers(work_units: Iterable[tuple], settings: RunSettings, jobs: int) -> Iterator[Scored]:
    """Score every unit of work (see ``runner._plan``) with ``jobs`` worker processes, in order."""
    pools = Pools(settings, jobs)
    try:
        pending: deque[tuple[tuple, Future | None, int]] = deque()
        for work in work_units:
            pending.append((work, *pools.submit(work)))
            if len(pending) >= jobs * runner.IN_FLIGHT_PER_JOB:
                yield from pools.collect(*pending.popleft())
        while pending:
            yield from pools.collect(*pending.popleft())
    finally:
        pools.shutdown()


class Pools:
    """The worker pool, replaced when one of its processes dies, and a one-process pool for lost work."""

    def __init__(self, settings: RunSettings, jobs: int) -> None:
        self.settings = settings
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None
        self.generation = 0  # of the pool: a future of an older, broken pool must not discard a new one
        self.solo: ProcessPoolExecutor | None = None

    def submit(self, work: tuple) -> tuple[Future | None, int]:
        """The future of ``work`` (None when the pool broke before taking it) and the pool's generation."""
        if self.pool is None:
            self.pool = _pool(self.jobs, self.settings)
            self.generation += 1
        try:
            return self.pool.submit(runner._run, work), self.generation
        except BrokenProcessPool:
            self._discard_pool(self.generation)
            return None, self.generation

    def collect(self, work: tuple, future: Future | None, generation: int) -> list[Scored]:
        """The results of ``work``; when its worker died with it, those of running it again."""
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool:
                self._discard_pool(generation)
        return self._rescue(work)

    def _rescue(self, work: tuple) -> list[Scored]:
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
                scored += [runner._score(failure, self.settings) for failure in _lost(piece)]
        return scored

    def _run_solo(self, work: tuple) -> list[Scored]:
        if self.solo is None:
            self.solo = _pool(1, self.settings)
        try:
            return self.solo.submit(runner._run, work).result()
        except BrokenProcessPool:
            self.solo.shutdown(wait=False, cancel_futures=True)
            self.solo = None
            raise

    def _discard_pool(self, generation: int) -> None:
        if self.pool is not None and generation == self.generation:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

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
    return ProcessPoolExecutor(max_workers=workers, initializer=runner._init_worker, initargs=(settings,))


def _split(work: tuple) -> list[tuple]:
    """A unit of work as one unit per call (per file, JSONL line or call)."""
    kind = work[0]
    if kind == "jsonl":
        _, source, stem, lines = work
        return [("jsonl", source, stem, [line]) for line in lines]
    return [(kind, [item]) for item in work[1]]


def _lost(work: tuple) -> list[ReadFailure]:
    """Errors in place of the calls of ``work``, whose worker process died checking them."""
    what = "the worker process checking it died; it was not scored"
    kind = work[0]
    if kind == "files":
        return [ReadFailure(path, f"{path}: {what}") for path in work[1]]
    if kind == "jsonl":
        _, source, _, lines = work
        return [ReadFailure(source, f"{source}:{number}: {what}") for number, _ in lines]
    return [item if isinstance(item, ReadFailure) else ReadFailure(item.source, f"{runner._where(item)}: {what}")
            for item in work[1]]
