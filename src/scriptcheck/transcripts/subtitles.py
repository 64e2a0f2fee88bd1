"""Subtitle files: SRT and WebVTT, as Whisper, WhisperX and most ASR tools write them.

    1
    00:00:00,340 --> 00:00:02,365
    客服：您好，请问有什么可以帮您？

    WEBVTT

    00:03.000 --> 00:05.100 align:start
    <v 客户>我想查一下燃气费。

The speaker of a cue is a ``客服:``-style prefix (any alias ``speaker_of`` knows) or WhisperX's
``[SPEAKER_00]:`` prefix, else the WebVTT voice tag, else unknown (``speakers`` says what that means).
A cue whose lines start with different speakers becomes one utterance per speaker.
"""
from __future__ import annotations

import html
import re
from typing import Iterator

from ..errors import TranscriptError
from ..model import Transcript
from .canonical import speaker_of
from .options import ReadOptions
from .speakers import Sentence, join_pieces, transcript_from_sentences

NumberedLine = tuple[int, str]

_TIME = r"(?:(\d{1,6}):)?(\d{1,2}):(\d{1,2}(?:[,.]\d{1,3})?)"  # hours bounded: a float holds them
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s+.*)?$")  # cue settings / SRT coordinates may follow
_VTT_SIGNATURE = re.compile(r"^\ufeff?WEBVTT(?:[ \t].*)?$")
_VTT_NOTE = re.compile(r"^NOTE(?:[ \t].*)?$")
_VTT_SKIPPED_BLOCKS = ("STYLE", "REGION")
# The name is bounded: with '[^>]+', every '<v ' of a long line without '>' would scan to its end.
_VOICE = re.compile(r"<v(?:\.[^\s>]{1,100})?[ \t]{1,100}([^<>]{1,200})>")
_MARKUP = re.compile(r"<(?:/?[A-Za-z][^<>]*|\d[\d:.]*)>|\{\\[^{}]*\}")  # tags, VTT timestamps, {\an8}
_QUOTED_LIMIT = 60  # characters of a bad line quoted in an error
_LABELLED = re.compile(r"^\s*(?:-\s*)?(?:\[([^\]]{1,40})\]|([^\s:：\[\]]{1,10}))\s*[:：]\s*(.*)$")


def read_srt(text: str, source: str, stem: str, options: ReadOptions) -> Transcript:
    sentences: list[Sentence] = []
    for block in _blocks(text):
        if block[0][1].strip().isdigit() and len(block) > 1:
            block = block[1:]  # the cue number
        sentences.extend(_cue(block[0], block[1:], source, "HH:MM:SS,mmm --> HH:MM:SS,mmm", unescape=False))
    return transcript_from_sentences(sentences, source=source, stem=stem, options=options)


def read_vtt(text: str, source: str, stem: str, options: ReadOptions) -> Transcript:
    blocks = _blocks(text)
    if not blocks or blocks[0][0][0] != 1 or not _VTT_SIGNATURE.match(blocks[0][0][1]):
        raise TranscriptError("expected 'WEBVTT' on the first line", file=source, line=1, col=1)
    sentences: list[Sentence] = []
    for block in blocks[1:]:  # the first block is the header
        first = block[0][1].strip()
        if _VTT_NOTE.match(first) or first in _VTT_SKIPPED_BLOCKS:
            continue
        if "-->" not in first and len(block) > 1:
            block = block[1:]  # the cue identifier
        sentences.extend(_cue(block[0], block[1:], source, "[HH:]MM:SS.mmm --> [HH:]MM:SS.mmm", unescape=True))
    return transcript_from_sentences(sentences, source=source, stem=stem, options=options)


def _blocks(text: str) -> list[list[NumberedLine]]:
    """Runs of non-blank lines, each line with its 1-based number."""
    blocks: list[list[NumberedLine]] = []
    current: list[NumberedLine] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _cue(timing: NumberedLine, payload: list[NumberedLine], source: str, expected: str,
         unescape: bool) -> Iterator[Sentence]:
    number, line = timing
    match = _TIMING.match(line)
    if match is None:
        raise TranscriptError(f"expected a timing line '{expected}', got {line.strip()[:_QUOTED_LIMIT]!r}",
                              file=source, line=number, col=1)
    start = _seconds(*match.group(1, 2, 3))
    end = _seconds(*match.group(4, 5, 6))
    if end < start:
        raise TranscriptError(f"cue ends ({end:g} s) before it starts ({start:g} s)", file=source, line=number,
                              col=1)
    for speaker, lines in _turns(payload, unescape):
        yield Sentence(speaker=speaker, text=join_pieces(lines), start=start, end=end, where=f"line {number}")


def _turns(payload: list[NumberedLine], unescape: bool) -> list[tuple[str | None, list[str]]]:
    """The cue's lines grouped by speaker: a line that names a speaker starts a new group."""
    turns: list[tuple[str | None, list[str]]] = []
    for _, raw in payload:
        voice = _VOICE.search(raw)
        text = _MARKUP.sub("", raw)
        if unescape:
            text = html.unescape(text)
        speaker, text = _labelled(text)
        if speaker is None and voice is not None:
            speaker = voice.group(1).strip()
        if speaker is not None or not turns:
            turns.append((speaker, [text]))
        else:
            turns[-1][1].append(text)
    return turns


def _labelled(text: str) -> tuple[str | None, str]:
    """A ``客服:`` / ``[SPEAKER_00]:`` prefix split off the text; (None, text) when there is none."""
    match = _LABELLED.match(text)
    if match is None:
        return None, text
    bracketed, alias, rest = match.groups()
    if bracketed is not None:
        return bracketed.strip(), rest
    if speaker_of(alias) is not None:
        return alias, rest
    return None, text


def _seconds(hours: str | None, minutes: str, seconds: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds.replace(",", "."))
