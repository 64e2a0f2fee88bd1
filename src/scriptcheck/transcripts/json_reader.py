"""Canonical JSON (one call per file) and JSONL (one call per line) transcripts."""
from __future__ import annotations

import json
from typing import Iterator

from ..errors import TranscriptError
from ..model import ReadFailure, Transcript
from .canonical import transcript_from_dict


def read_json(text: str, source: str, stem: str) -> Transcript:
    if not text.strip():
        raise TranscriptError("empty file", file=source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TranscriptError(f"invalid JSON: {exc.msg}", file=source, line=exc.lineno, col=exc.colno) from None
    return transcript_from_dict(data, source=source, default_id=stem)


def iter_jsonl(text: str, source: str, stem: str) -> Iterator[Transcript | ReadFailure]:
    """One transcript per non-blank line; a bad line is a ReadFailure and the others are still read."""
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = True
        try:
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise TranscriptError(f"invalid JSON: {exc.msg}", file=source, line=number, col=exc.colno) from None
            yield transcript_from_dict(data, source=source, default_id=f"{stem}:{number}", line=number)
        except TranscriptError as exc:
            yield ReadFailure(source, str(exc))
    if not found:
        yield ReadFailure(source, str(TranscriptError("empty file", file=source)))
