"""Placeholder: replaced by the SRT / WebVTT reader."""
from __future__ import annotations

from ..errors import TranscriptError
from ..model import Transcript
from .options import ReadOptions


def read_srt(text: str, source: str, stem: str, options: ReadOptions) -> Transcript:
    raise TranscriptError("SRT is not supported yet", file=source)


def read_vtt(text: str, source: str, stem: str, options: ReadOptions) -> Transcript:
    raise TranscriptError("WebVTT is not supported yet", file=source)
