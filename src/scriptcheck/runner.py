"""Scoring a batch: calls read lazily, checked in worker processes, results yielded in input order.

Memory stays flat as the batch grows: inputs are read as the workers need them (a bounded number of
chunks in flight), JSONL files stream line by line, and only the transcripts a format will show are
kept. The engine is a pure function of (transcript, pack), so any worker may score any call.

A worker process that dies (killed by the system for memory, a crash in native code) loses only what
it was doing: the units of work in flight are run again, one at a time in a separate worker process,
and a call that kills that process too is reported as an error in its place; the rest of the batch
goes on in a new pool.
"""
from __future__ import annotations

import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from .engine import check
from .mask import mask_report, mask_transcript
from .model import ReadFailure, Report, Transcript
from .pack.rulepack import RulePack
from .transcripts import STDIN, ReadOptions, expand_paths, format_of, iter_file, iter_inputs
from .transcripts.canonical import shown
from .transcripts.json_reader import iter_jsonl_lines, parse_jsonl_lines

CHUNK_CALLS = 64  # calls (or JSONL lines) per unit of work sent to a worker
CHUNK_FILES = 16  # single-call files per unit of work
IN_FLIGHT_PER_JOB = 4


@dataclass(frozen=True)
class Scored:
    result: Report | ReadFailure
    transcript: Transcript | None = None  # kept only when the output format shows it


@dataclass(frozen=True)
class RunSettings:
    pack: RulePack
    options: ReadOptions = ReadOptions()
    keep_transcripts: str = "none"  # "none" | "failing" | "all"
    mask: bool = True


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def score_paths(paths: Iterable[str], settings: RunSettings, jobs: int = 1) -> Iterator[Scored]:
    """Score every call of every path, in input order, with ``jobs`` worker processes."""
    if jobs <= 1:
        for item in iter_inputs(paths, settings.options):
            yield _score(item, settings)
        return
    pools = _Pools(settings, jobs)
    try:
        pending: deque[tuple[tuple, Future | None, int]] = deque()
        for work in _plan(paths, settings.options):
            pending.append((work, *pools.submit(work)))
            if len(pending) >= jobs * IN_FLIGHT_PER_JOB:
                yield from pools.collect(*pending.popleft())
        while pending:
            yield from pools.collect(*pending.popleft())
    finally:
        pools.shutdown()


class _Pools:
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
            return self.pool.submit(_run, work), self.generation
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
                scored += [_score(failure, self.settings) for failure in _lost(piece)]
        return scored

    def _run_solo(self, work: tuple) -> list[Scored]:
        if self.solo is None:
            self.solo = _pool(1, self.settings)
        try:
            return self.solo.submit(_run, work).result()
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
    return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(settings,))


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
    return [item if isinstance(item, ReadFailure) else ReadFailure(item.source, f"{_where(item)}: {what}")
            for item in work[1]]


def _where(call: Transcript) -> str:
    return f"{call.source or '<input>'}: call {shown(call.id)}"


def _score(item: Transcript | ReadFailure, settings: RunSettings) -> Scored:
    if isinstance(item, ReadFailure):
        return Scored(mask_report(item) if settings.mask else item)
    try:
        report = check(item, settings.pack)
    except Exception as exc:  # a defect must cost one call, not the batch's report
        what = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return _score(ReadFailure(item.source, f"{_where(item)}: internal error while checking the call ({what}); "
                                               "please report it"), settings)
    keep = settings.keep_transcripts == "all" or (settings.keep_transcripts == "failing" and not report.passed)
    if settings.mask:
        return Scored(mask_report(report), mask_transcript(item) if keep else None)
    return Scored(report, item if keep else None)


# Units of work: ("files", [path, ...]) read and scored by the worker; ("jsonl", source, stem,
# [(line number, text), ...]) parsed and scored by the worker; ("calls", [Transcript | ReadFailure]).
def _plan(paths: Iterable[str], options: ReadOptions) -> Iterator[tuple]:
    files: list[str] = []
    for path in expand_paths(paths):
        kind = _kind(path, options)
        if kind == "file":
            files.append(str(path))
            if len(files) >= CHUNK_FILES:
                yield ("files", files)
                files = []
            continue
        if files:
            yield ("files", files)
            files = []
        if kind == "jsonl":
            yield from _jsonl_chunks(path)
        else:
            calls = iter_file(path, options)
            while chunk := list(islice(calls, CHUNK_CALLS)):
                yield ("calls", chunk)
    if files:
        yield ("files", files)


def _kind(path: Path, options: ReadOptions) -> str:
    if str(path) == STDIN:
        return "jsonl"
    try:
        fmt = format_of(path, options)
    except Exception:
        return "file"  # the worker reports the problem in order
    if fmt == "jsonl":
        return "jsonl"
    return "calls" if fmt in ("csv", "tsv") else "file"


def _jsonl_chunks(path: Path) -> Iterator[tuple]:
    import sys

    source, stem = ("<stdin>", "stdin") if str(path) == STDIN else (str(path), path.stem)
    try:
        stream = sys.stdin.buffer if str(path) == STDIN else path.open("rb")
    except OSError as exc:
        yield ("calls", [ReadFailure(source, f"{source}: cannot read file: {exc.strerror or exc}")])
        return
    try:
        lines = iter_jsonl_lines(stream, source)
        found = False
        while chunk := list(islice(lines, CHUNK_CALLS)):
            found = True
            yield ("jsonl", source, stem, chunk)
        if not found:
            yield ("calls", [ReadFailure(source, f"{source}: empty file")])
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


_SETTINGS: RunSettings | None = None


def _init_worker(settings: RunSettings) -> None:
    global _SETTINGS
    _SETTINGS = settings


def _run(work: tuple) -> list[Scored]:
    settings = _SETTINGS
    kind = work[0]
    if kind == "files":
        items: Iterable = (item for path in work[1] for item in iter_file(path, settings.options))
    elif kind == "jsonl":
        _, source, stem, lines = work
        items = parse_jsonl_lines(lines, source, stem)
    else:
        items = work[1]
    return [_score(item, settings) for item in items]
