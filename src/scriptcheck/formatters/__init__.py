"""Output formats. Each formatter writes results as they come (a batch is never held in memory)."""
from __future__ import annotations

from typing import Callable, TextIO

from ..model import ReadFailure, Report
from .json import JsonFormatter, JsonLinesFormatter
from .text import TextFormatter

Result = Report | ReadFailure
FORMATTERS: dict[str, Callable[[TextIO], "object"]] = {
    "text": TextFormatter,
    "json": JsonFormatter,
    "jsonl": JsonLinesFormatter,
}

__all__ = ["FORMATTERS", "Result"]
