"""Placeholder: replaced by the CSV/TSV reader."""
from __future__ import annotations

from typing import Iterator

from ..errors import TranscriptError
from ..model import ReadFailure, Transcript
from .options import ReadOptions


def iter_csv(text: str, source: str, stem: str, options: ReadOptions, delimiter: str) -> Iterator[Transcript | ReadFailure]:
    yield ReadFailure(source, str(TranscriptError("CSV is not supported yet", file=source)))
