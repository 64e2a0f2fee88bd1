"""OpenAI Whisper JSON output (``--output_format json``), and WhisperX's, whose segments carry a speaker.

    {"text": "…", "language": "zh",
     "segments": [{"start": 0.0, "end": 2.5, "text": " 您好", "speaker": "SPEAKER_00"}]}

Times are seconds. Plain Whisper has no speakers (see ``speakers`` for what that means).
"""
from __future__ import annotations

from typing import Any, Iterator

from ..errors import TranscriptError
from ..model import Transcript
from .options import ReadOptions
from .speakers import SECONDS, Sentence, speaker_id, text_at, to_seconds, transcript_from_sentences

# Keys next to "segments" that only Whisper-style output has (Huawei SIS also has "segments").
_RESULT_KEYS = ("language", "text", "word_segments")


def looks_like(data: Any) -> bool:
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        return False
    segments = data["segments"]
    return (any(key in data for key in _RESULT_KEYS)
            and all(isinstance(s, dict) and "start" in s and "text" in s for s in segments))


def from_data(data: Any, source: str, stem: str, options: ReadOptions) -> Transcript:
    segments = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(segments, list):
        raise TranscriptError("expected Whisper JSON: an object with a 'segments' list", file=source)
    return transcript_from_sentences(_sentences(segments, source), source=source, stem=stem, options=options)


def _sentences(segments: list[Any], source: str) -> Iterator[Sentence]:
    for i, segment in enumerate(segments):
        path = f"segments[{i}]"
        if not isinstance(segment, dict):
            raise TranscriptError("expected a segment object", file=source, path=path)
        yield Sentence(
            speaker=speaker_id(segment.get("speaker")),
            text=text_at(segment.get("text"), f"{path}.text", source),
            start=to_seconds(segment.get("start"), SECONDS, f"{path}.start", source),
            end=to_seconds(segment.get("end"), SECONDS, f"{path}.end", source),
            where=path,
        )
