"""Scoring a batch: calls read lazily, checked in worker processes, results yielded in input order.

Memory stays flat as the batch grows: inputs are read as the workers need them (a bounded number of
chunks in flight), JSONL files stream line by line, and only the transcripts a format will show are
kept. The engine is a pure function of (transcript, pack), so any worker may score any call.

This module plans the units of work and says what a worker does with one; ``pools`` runs them in
worker processes and survives workers that die.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

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
    # The result as the output format writes it, when the format renders in the workers. A result that
    # comes back from a worker with its rendering leaves its findings there: they are in the text.
    rendered: str | None = None


@dataclass(frozen=True)
class RunSettings:
    pack: RulePack
    options: ReadOptions = ReadOptions()
    keep_transcripts: str = "none"  # "none" | "failing" | "all"
    mask: bool = True
    render: Callable[[Report | ReadFailure], str] | None = None  # the output format's, if it has one


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
            yield _score(item, settings)
        return
    from .pools import score_in_workers  # multiprocessing is slow to import: only when it is used

    yield from score_in_workers(_plan(paths, settings.options), settings, jobs, warn)


def _where(call: Transcript) -> str:
    return f"{call.source or '<input>'}: call {shown(call.id)}"


def _score(item: Transcript | ReadFailure, settings: RunSettings) -> Scored:
    scored = _checked(item, settings)
    if settings.render is None:
        return scored
    return replace(scored, rendered=settings.render(scored.result))


def _checked(item: Transcript | ReadFailure, settings: RunSettings) -> Scored:
    if isinstance(item, ReadFailure):
        return Scored(mask_report(item) if settings.mask else item)
    try:
        report = check(item, settings.pack)
    except Exception as exc:  # a defect must cost one call, not the batch's report
        what = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return _checked(ReadFailure(item.source, f"{_where(item)}: internal error while checking the call ({what}); "
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
        if isinstance(path, ReadFailure):  # a folder or special file the walk could not read
            if files:
                yield ("files", files)
                files = []
            yield ("calls", [path])
            continue
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
    return run_unit(work, _SETTINGS)


def run_unit(work: tuple, settings: RunSettings) -> list[Scored]:
    """What a worker does with a unit of work; done in the main process when no worker can be started."""
    kind = work[0]
    if kind == "files":
        items: Iterable = (item for path in work[1] for item in iter_file(path, settings.options))
    elif kind == "jsonl":
        _, source, stem, lines = work
        items = parse_jsonl_lines(lines, source, stem)
    else:
        items = work[1]
    return [_shipped(_score(item, settings)) for item in items]


def _shipped(scored: Scored) -> Scored:
    """What a worker sends back: a rendered result without its findings, the costliest part to pickle."""
    if scored.rendered is None or not isinstance(scored.result, Report) or not scored.result.findings:
        return scored
    return replace(scored, result=replace(scored.result, findings=()))
