"""Scoring a batch: calls read lazily, checked in worker processes, results yielded in input order.

Memory stays flat as the batch grows: inputs are read as the workers need them (a bounded number of
chunks in flight), JSONL files stream line by line, and only the transcripts a format will show are
kept. The engine is a pure function of (transcript, pack), so any worker may score any call.

This module plans the units of work; ``worker`` says what a worker does with one, and ``pools`` runs
them in worker processes and survives workers that die.
"""
from __future__ import annotations

import os
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import worker
from .model import ReadFailure
from .transcripts import STDIN, ReadOptions, expand_paths, format_of, iter_file, iter_inputs
from .transcripts.json_reader import iter_jsonl_lines
from .worker import CallsUnit, FilesUnit, JsonlUnit, RunSettings, Scored, Unit

__all__ = ["RunSettings", "Scored", "default_jobs", "plan", "score_paths"]

CHUNK_CALLS = 64  # calls (or JSONL lines) per unit of work sent to a worker
CHUNK_FILES = 16  # single-call files per unit of work
IN_FLIGHT_PER_JOB = 4


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def score_paths(paths: Iterable[str], settings: RunSettings, jobs: int = 1,
                warn: Callable[[str], None] = lambda text: None) -> Iterator[Scored]:
    """Score every call of every path, in input order, with ``jobs`` worker processes.

    ``warn`` is told, in one line, of what the run survived: worker processes that died or could not be
    started. No call is lost to them: each is scored or comes out as a ReadFailure.
    """
    if jobs <= 1:
        for item in iter_inputs(paths, settings.options):
            yield worker.score(item, settings)
        return
    from .pools import score_in_workers  # multiprocessing is slow to import: only when it is used

    yield from score_in_workers(plan(paths, settings.options), settings, jobs, warn)


def plan(paths: Iterable[str], options: ReadOptions) -> Iterator[Unit]:
    """The units of work of a batch, in input order: files, JSONL lines and calls read here, in chunks."""
    files: list[str] = []
    for path in expand_paths(paths):
        if isinstance(path, ReadFailure):  # a folder or special file the walk could not read
            if files:
                yield FilesUnit(tuple(files))
                files = []
            yield CallsUnit((path,))
            continue
        kind = _kind(path, options)
        if kind == "file":
            files.append(str(path))
            if len(files) >= CHUNK_FILES:
                yield FilesUnit(tuple(files))
                files = []
            continue
        if files:
            yield FilesUnit(tuple(files))
            files = []
        if kind == "jsonl":
            yield from _jsonl_chunks(path)
        else:
            calls = iter_file(path, options)
            while chunk := tuple(islice(calls, CHUNK_CALLS)):
                yield CallsUnit(chunk)
    if files:
        yield FilesUnit(tuple(files))


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


def _jsonl_chunks(path: Path) -> Iterator[Unit]:
    import sys

    source, stem = ("<stdin>", "stdin") if str(path) == STDIN else (str(path), path.stem)
    try:
        stream = sys.stdin.buffer if str(path) == STDIN else path.open("rb")
    except OSError as exc:
        yield CallsUnit((ReadFailure(source, f"{source}: cannot read file: {exc.strerror or exc}"),))
        return
    try:
        lines = iter_jsonl_lines(stream, source)
        found = False
        while chunk := tuple(islice(lines, CHUNK_CALLS)):
            found = True
            yield JsonlUnit(source, stem, chunk)
        if not found:
            yield CallsUnit((ReadFailure(source, f"{source}: empty file"),))
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
