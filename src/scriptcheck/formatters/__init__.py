"""Output formats. A formatter receives each result as it comes (a batch is never held in memory).

Every formatter has the same shape::

    formatter = FORMATTERS[name](out, FormatOptions(...))
    formatter.write(result, transcript)   # transcript: the call, when ``needs_transcripts`` asks for it
    formatter.close()                     # summaries, closing brackets

``needs_transcripts`` is "none", "failing" (the calls that did not pass) or "all", so the batch runner
only keeps and ships the transcripts a format will show.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TextIO

from ..model import ReadFailure, Report, Transcript

Result = Report | ReadFailure


@dataclass(frozen=True)
class FormatOptions:
    per_call: bool = False  # csv: one row per call instead of one row per finding
    title: str = "scriptcheck report"


class Formatter(Protocol):
    needs_transcripts: str

    def write(self, result: Result, transcript: Transcript | None = None) -> None: ...

    def close(self) -> None: ...


from .csv import CsvFormatter  # noqa: E402
from .html import HtmlFormatter  # noqa: E402
from .json import JsonFormatter, JsonLinesFormatter  # noqa: E402
from .text import TextFormatter  # noqa: E402

FORMATTERS = {
    "text": TextFormatter,
    "json": JsonFormatter,
    "jsonl": JsonLinesFormatter,
    "csv": CsvFormatter,
    "html": HtmlFormatter,
}
# Formats written as UTF-8 with a byte-order mark, so that Excel shows Chinese text.
BOM_FORMATS = ("csv",)

__all__ = ["FORMATTERS", "BOM_FORMATS", "FormatOptions", "Formatter", "Result"]
