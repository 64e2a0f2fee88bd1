"""Output formats. A formatter receives each result as it comes (a batch is never held in memory).

Every formatter has the same shape::

    formatter = formatter_class(name)(out, FormatOptions(...))   # or FORMATTERS[name]
    formatter.write(result, transcript)   # transcript: the call, when ``needs_transcripts`` asks for it
    formatter.close()                     # summaries, closing brackets

``needs_transcripts`` is "none", "failing" (the calls that did not pass) or "all", so the batch runner
only keeps and ships the transcripts a format will show. A format that writes each result on its own
may offer ``render`` (a plain function: result → its text); the batch runner then renders results in its
worker processes and hands the text to ``write(result, rendered=text)``, and the main process, which
every result passes through, only writes.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any, Callable, Protocol

from ..model import ReadFailure, Report, Transcript

Result = Report | ReadFailure


@dataclass(frozen=True)
class FormatOptions:
    per_call: bool = False  # csv: one row per call instead of one row per finding
    title: str = "scriptcheck report"


class Formatter(Protocol):
    needs_transcripts: str
    render: Callable[[Result], str] | None  # optional

    def write(self, result: Result, transcript: Transcript | None = None, rendered: str | None = None) -> None: ...

    def close(self) -> None: ...


# Name -> module and class. A format's module is imported only when it is used: the HTML report's
# modules are not needed to write JSON.
_FORMATS = {
    "text": (".text", "TextFormatter"),
    "json": (".json", "JsonFormatter"),
    "jsonl": (".json", "JsonLinesFormatter"),
    "csv": (".csv", "CsvFormatter"),
    "html": (".html", "HtmlFormatter"),
}
FORMAT_NAMES = tuple(_FORMATS)


def formatter_class(name: str) -> Any:
    """The formatter class of format ``name``; KeyError for an unknown name."""
    module, class_name = _FORMATS[name]
    return getattr(import_module(module, __name__), class_name)


def __getattr__(name: str) -> Any:
    if name == "FORMATTERS":  # every format's class, by name
        return {format_name: formatter_class(format_name) for format_name in FORMAT_NAMES}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Formats written as UTF-8 with a byte-order mark, so that Excel shows Chinese text.
BOM_FORMATS = ("csv",)

__all__ = ["FORMATTERS", "FORMAT_NAMES", "BOM_FORMATS", "FormatOptions", "Formatter", "Result", "formatter_class"]
