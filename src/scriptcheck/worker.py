"""What a worker does: the units of work of a batch, and scoring their calls with the engine guarded.

``runner`` plans the units and scores in this process with one job; ``pools`` sends them to worker
processes, each set up once with ``init_worker``; ``dask`` uses the same guard around the engine.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable, Union

from .engine import check
from .errors import TranscriptError
from .mask import mask_report, mask_transcript
from .model import ReadFailure, Report, Transcript
from .pack.rulepack import RulePack
from .transcripts import ReadOptions, iter_file
from .transcripts.canonical import shown
from .transcripts.json_reader import parse_jsonl_lines


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


@dataclass(frozen=True)
class FilesUnit:
    """Single-call files, read and scored by the worker."""

    paths: tuple[str, ...]


@dataclass(frozen=True)
class JsonlUnit:
    """Numbered lines of one JSONL file (or stdin), parsed and scored by the worker."""

    source: str
    stem: str
    lines: tuple[tuple[int, str | TranscriptError], ...]


@dataclass(frozen=True)
class CallsUnit:
    """Calls read in the main process (CSV, TSV …), and failures to report in their place."""

    calls: tuple[Transcript | ReadFailure, ...]


Unit = Union[FilesUnit, JsonlUnit, CallsUnit]


def where(call: Transcript) -> str:
    """``source: call id``, as errors about a call name it."""
    return f"{call.source or '<input>'}: call {shown(call.id)}"


def check_call(call: Transcript, pack: RulePack) -> Report | ReadFailure:
    """The engine's report, or — when the engine fails on this call — an error in its place."""
    try:
        return check(call, pack)
    except Exception as exc:  # a defect must cost one call, not the batch's report
        what = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return ReadFailure(call.source, f"{where(call)}: internal error while checking the call ({what}); "
                                        "please report it")


def score(item: Transcript | ReadFailure, settings: RunSettings) -> Scored:
    """One call scored (or a failure passed on), masked and rendered as ``settings`` say."""
    scored = _checked(item, settings)
    if settings.render is None:
        return scored
    return replace(scored, rendered=settings.render(scored.result))


def _checked(item: Transcript | ReadFailure, settings: RunSettings) -> Scored:
    if isinstance(item, ReadFailure):
        return Scored(mask_report(item) if settings.mask else item)
    report = check_call(item, settings.pack)
    if isinstance(report, ReadFailure):
        return Scored(mask_report(report) if settings.mask else report)
    keep = settings.keep_transcripts == "all" or (settings.keep_transcripts == "failing" and not report.passed)
    if settings.mask:
        return Scored(mask_report(report), mask_transcript(item) if keep else None)
    return Scored(report, item if keep else None)


def run_unit(unit: Unit, settings: RunSettings) -> list[Scored]:
    """What a worker does with a unit of work; done in the main process when no worker can be started."""
    if isinstance(unit, FilesUnit):
        items: Iterable[Transcript | ReadFailure] = (
            item for path in unit.paths for item in iter_file(path, settings.options))
    elif isinstance(unit, JsonlUnit):
        items = parse_jsonl_lines(unit.lines, unit.source, unit.stem)
    else:
        items = unit.calls
    return [_shipped(score(item, settings)) for item in items]


_SETTINGS: RunSettings | None = None


def init_worker(settings: RunSettings) -> None:
    """Set up a worker process: the settings every unit it runs is scored with."""
    global _SETTINGS
    _SETTINGS = settings


def run_in_worker(unit: Unit) -> list[Scored]:
    """``run_unit`` with the settings of ``init_worker``: the task a worker process is sent."""
    assert _SETTINGS is not None, "init_worker() first"
    return run_unit(unit, _SETTINGS)


def _shipped(scored: Scored) -> Scored:
    """What a worker sends back: a rendered result without its findings, the costliest part to pickle."""
    if scored.rendered is None or not isinstance(scored.result, Report) or not scored.result.findings:
        return scored
    return replace(scored, result=replace(scored.result, findings=()))
