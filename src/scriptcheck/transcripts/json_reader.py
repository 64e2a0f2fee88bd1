"""Canonical JSON (one call per file) and JSONL (one call per line) transcripts."""
from __future__ import annotations

import codecs
import io
import json
import math
import re
from typing import Any, BinaryIO, Iterable, Iterator

from ..errors import TranscriptError, shown
from ..model import ReadFailure, Transcript
from .canonical import transcript_from_dict
from .decode import mixed_encodings

# The longest JSONL line (one call) read; as MAX_FILE_BYTES for the formats read whole.
MAX_LINE_BYTES = 256 * 1024 * 1024
# How much more of an over-long line is skipped to find the next line. A line that has not ended by then
# (``/dev/zero``, a pipe that never sends a newline) ends the reading of its input: it may never end.
MAX_LINE_SKIP_BYTES = 1024 * 1024 * 1024
_PIECE = 1024 * 1024  # bytes read at a time of a line longer than that


def _size(count: int) -> str:
    if count % (1024 ** 3) == 0:
        return f"{count // 1024 ** 3} GiB"
    return f"{count // (1024 * 1024)} MiB" if count % (1024 * 1024) == 0 else f"{count:,} bytes"


# An escaped UTF-16 surrogate (\ud800-\udfff) in the JSON text: the only way a lone surrogate, which no
# output encoding can write, gets into a string read from a file.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# What a float literal too large for a float needs: a long exponent or a long run of digits. Only text
# with one is parsed with a check of every float (NaN and Infinity are checked always, at no cost).
_MAYBE_HUGE = re.compile(r"[eE][+-]?\d{3}|\d{300}")
# JSON's strings and numbers (with Python's NaN and Infinity), to find where a refused number is.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|-?(?:Infinity|NaN)|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?')


class _NotFinite(ValueError):
    """A number in the JSON text that is not a finite float: NaN, Infinity, or a literal that overflows."""

    def __init__(self, literal: str) -> None:
        super().__init__(literal)
        self.literal = literal


def _refuse_constant(literal: str) -> Any:
    raise _NotFinite(literal)


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise _NotFinite(literal)
    return value


def load_json(text: str, source: str, line: int | None = None) -> Any:
    """``json.loads`` whose every failure is a TranscriptError naming the place.

    Besides syntax errors: nesting too deep for the parser, integers too long to convert. An escaped
    surrogate that is not half of a pair (``"\\ud800"``) is read as U+FFFD, as other JSON tools do.
    """
    try:
        data = json.loads(text, parse_constant=_refuse_constant,
                          parse_float=_finite_float if _MAYBE_HUGE.search(text) else None)
        if _SURROGATE_ESCAPE.search(text):
            data = _without_lone_surrogates(data)
    except _NotFinite as exc:
        at_line, col = _place_of(text, exc.literal)
        raise TranscriptError(f"invalid JSON: {shown(exc.literal)} is not a finite number", file=source,
                              line=(line or 1) + at_line - 1, col=col) from None
    except json.JSONDecodeError as exc:
        raise TranscriptError(f"invalid JSON: {exc.msg}", file=source, line=line or exc.lineno,
                              col=exc.colno) from None
    except RecursionError:
        raise TranscriptError("invalid JSON: nested too deeply", file=source, line=line) from None
    except ValueError as exc:  # an integer with more digits than int() converts
        what = "a number with too many digits" if "digits" in str(exc) else " ".join(str(exc).split())
        raise TranscriptError(f"invalid JSON: {what}", file=source, line=line) from None
    return data


def _place_of(text: str, literal: str) -> tuple[int, int]:
    """(line, column) in ``text`` of the first number written ``literal`` outside a string."""
    for token in _TOKEN.finditer(text):
        if token.group() == literal:
            offset = token.start()
            return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
    return 1, 1


def _without_lone_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_lone_surrogates(key): _without_lone_surrogates(item) for key, item in value.items()}
    return value


def read_json(text: str, source: str, stem: str) -> Transcript:
    if not text.strip():
        raise TranscriptError("empty file", file=source)
    return transcript_from_dict(load_json(text, source), source=source, default_id=stem)


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
        data = load_json(line, source, number)
        return transcript_from_dict(data, source=source, default_id=f"{stem}:{number}", line=number)
    except TranscriptError as exc:
        return ReadFailure(source, str(exc))


def iter_jsonl_lines(stream: BinaryIO, source: str) -> Iterator[tuple[int, str | TranscriptError]]:
    """Numbered lines of a JSONL byte stream, decoded one by one: memory stays flat for any file size.

    UTF-8 (with or without BOM), GB18030 line by line, or UTF-16 when the stream starts with its BOM. A
    line that cannot be decoded, or that is longer than MAX_LINE_BYTES, comes out as a TranscriptError
    naming line and column; reading goes on with the next line. An over-long line that has not ended
    MAX_LINE_SKIP_BYTES further on is the last thing read: its error says where reading stopped.
    """
    peek = getattr(stream, "peek", None)
    if peek is not None and peek(2)[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        yield from _utf16_lines(stream, source)
        return
    limit = MAX_LINE_BYTES
    first = min(_PIECE, limit + 1)
    number = offset = 0
    while raw := stream.readline(first):
        if len(raw) == first and not raw.endswith(b"\n"):  # a line longer than a piece: rare
            raw = _rest_of_line(stream, raw, limit + 1)
        number += 1
        offset += len(raw)
        if len(raw) > limit and not raw.endswith(b"\n"):
            skipped, ended = _skip_line(stream, MAX_LINE_SKIP_BYTES - 1)
            offset += skipped
            yield number, _too_long(source, number, ended, offset)
            if not ended:
                return
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as utf8_error:
            mixed = mixed_encodings(raw, utf8_error.start)  # each line is in one encoding, as a file is
            if mixed is not None:
                at, what = mixed
                yield number, TranscriptError(f"cannot decode text: {what} (byte 0x{raw[at]:02x})", file=source,
                                              line=number, col=at + 1)
                continue
            try:
                yield number, raw.decode("gb18030")
            except UnicodeDecodeError as exc:
                yield number, TranscriptError(
                    f"cannot decode text: neither UTF-8 nor GB18030/GBK (byte 0x{raw[exc.start]:02x})",
                    file=source, line=number, col=exc.start + 1)


def _rest_of_line(stream: BinaryIO, start: bytes, limit: int) -> bytes | bytearray:
    """The line that begins with ``start``, newline included, or its first ``limit`` bytes; held once."""
    line = bytearray(start)
    while len(line) < limit and (piece := stream.readline(min(_PIECE, limit - len(line)))):
        line += piece
        if piece.endswith(b"\n"):
            break
    return line


def _skip_line(stream: BinaryIO | io.TextIOBase, budget: int) -> tuple[int, bool]:
    """Reads past the rest of a line without holding it, at most ``budget`` more units (bytes or characters).

    Returns how many were read and whether the line ended (a newline, or the end of the input).
    """
    skipped = 0
    while skipped < budget:
        piece = stream.readline(min(_PIECE, budget - skipped))
        skipped += len(piece)
        if not piece or piece.endswith(b"\n" if isinstance(piece, bytes) else "\n"):
            return skipped, True
    return skipped, False


def _too_long(source: str, number: int, ended: bool, offset: int | None = None) -> TranscriptError:
    what = f"line longer than {_size(MAX_LINE_BYTES)}"
    if not ended:
        what += f", not ended {_size(MAX_LINE_SKIP_BYTES)} further on: stopped reading"
        what += f" at byte {offset:,}" if offset is not None else " there"
    return TranscriptError(what, file=source, line=number)


def _utf16_lines(stream: BinaryIO, source: str) -> Iterator[tuple[int, str | TranscriptError]]:
    # Bad code units are marked, not raised: the decoder reads ahead, so an exception would name the wrong line.
    text = io.TextIOWrapper(stream, encoding="utf-16", errors=_MARK_BAD_UTF16, newline="\n")
    limit = MAX_LINE_BYTES // 2  # characters: two bytes each, or four
    number = 0
    try:
        while line := text.readline(limit + 1):
            number += 1
            if len(line) > limit and not line.endswith("\n"):
                _, ended = _skip_line(text, MAX_LINE_SKIP_BYTES // 2 - 1)
                yield number, _too_long(source, number, ended)
                if not ended:
                    return
                continue
            bad = line.find(_BAD_UTF16)
            if bad >= 0:
                yield number, TranscriptError("cannot decode text: invalid UTF-16", file=source, line=number,
                                              col=bad + 1)
            else:
                yield number, line
    finally:
        text.detach()  # the caller owns the byte stream


# A lone surrogate, which strict UTF-16 decoding never gives, stands for a code unit it could not decode.
_BAD_UTF16 = "\udfff"
_MARK_BAD_UTF16 = "scriptcheck-mark-bad-utf16"
codecs.register_error(_MARK_BAD_UTF16, lambda error: (_BAD_UTF16, error.end))
