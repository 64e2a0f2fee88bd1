"""Canonical JSON (one call per file) and JSONL (one call per line) transcripts."""
from __future__ import annotations

import codecs
import json
from typing import BinaryIO, Iterable, Iterator

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
    yield from parse_jsonl_lines(enumerate(text.splitlines(), start=1), source, stem, whole_file=True)


def parse_jsonl_lines(lines: Iterable[tuple[int, str | TranscriptError]], source: str, stem: str,
                      whole_file: bool = False) -> Iterator[Transcript | ReadFailure]:
    """Parse numbered JSONL lines (a whole file, or one chunk of it when ``whole_file`` is false)."""
    found = False
    for number, line in lines:
        if isinstance(line, TranscriptError):
            found = True
            yield ReadFailure(source, str(line))
            continue
        if not line.strip():
            continue
        found = True
        yield parse_jsonl_line(line, number, source, stem)
    if whole_file and not found:
        yield ReadFailure(source, str(TranscriptError("empty file", file=source)))


def parse_jsonl_line(line: str, number: int, source: str, stem: str) -> Transcript | ReadFailure:
    try:
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TranscriptError(f"invalid JSON: {exc.msg}", file=source, line=number, col=exc.colno) from None
        return transcript_from_dict(data, source=source, default_id=f"{stem}:{number}", line=number)
    except TranscriptError as exc:
        return ReadFailure(source, str(exc))


def iter_jsonl_lines(stream: BinaryIO, source: str) -> Iterator[tuple[int, str | TranscriptError]]:
    """Numbered lines of a JSONL byte stream, decoded one by one: memory stays flat for any file size.

    A line that is neither UTF-8 nor GB18030 comes out as a TranscriptError naming line and column.
    """
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                yield number, raw.decode("gb18030")
            except UnicodeDecodeError as exc:
                yield number, TranscriptError(
                    f"cannot decode text: neither UTF-8 nor GB18030/GBK (byte 0x{raw[exc.start]:02x})",
                    file=source, line=number, col=exc.start + 1)
