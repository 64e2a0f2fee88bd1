"""Placeholder: replaced by the csv formatter."""
from __future__ import annotations

from typing import TextIO


class CsvFormatter:
    needs_transcripts = "none"

    def __init__(self, out: TextIO, options: object = None) -> None:
        raise NotImplementedError("the csv format is not available yet")
