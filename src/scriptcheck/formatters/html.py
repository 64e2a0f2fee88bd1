"""Placeholder: replaced by the html formatter."""
from __future__ import annotations

from typing import TextIO


class HtmlFormatter:
    needs_transcripts = "none"

    def __init__(self, out: TextIO, options: object = None) -> None:
        raise NotImplementedError("the html format is not available yet")
