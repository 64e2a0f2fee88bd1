"""Placeholder: replaced by the funasr reader."""
from __future__ import annotations

from typing import Any

from ..errors import TranscriptError
from ..model import Transcript
from .options import ReadOptions


def looks_like(data: Any) -> bool:
    return False


def from_data(data: Any, source: str, stem: str, options: ReadOptions) -> Transcript:
    raise TranscriptError("funasr transcripts are not supported yet", file=source)
