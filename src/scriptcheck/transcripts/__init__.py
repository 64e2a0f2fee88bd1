"""Reading transcripts: every input format, chosen by ``--input-format``, extension or content.

Readers never raise for bad input: a call that cannot be read comes out as a ReadFailure naming the
file (and line/column where known), and the other calls of the batch are still read.
"""
from __future__ import annotations

import os
import sys
from importlib import import_module
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import TranscriptError, TranscriptTypeError
from ..model import ReadFailure, Transcript
from .canonical import transcript_from_dict
from .decode import decode
from .json_reader import iter_jsonl, iter_jsonl_lines, load_json, parse_jsonl_lines, read_json
from .options import INPUT_FORMATS, ReadOptions
from ..walk import Unwalkable, walk

MAX_FILE_BYTES = 256 * 1024 * 1024
STDIN = "-"
# Vendor JSON shapes, tried in this order when a .json file is not the canonical shape. Each reader
# module (like the csv, text and subtitle readers) is imported when a file needs it, not at start-up.
VENDOR_NAMES = ("aliyun", "tencent", "funasr", "whisper")
EXTENSION_FORMATS = {".json": "json", ".jsonl": "jsonl", ".txt": "text", ".csv": "csv", ".tsv": "tsv",
                     ".srt": "srt", ".vtt": "vtt"}
EXTENSIONS = tuple(EXTENSION_FORMATS)

__all__ = ["ReadOptions", "INPUT_FORMATS", "read_transcript", "iter_file", "iter_inputs", "expand_paths",
           "STDIN", "EXTENSIONS"]


def _load(path: Path) -> str:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TranscriptError(f"file larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB", file=source)
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)  # not a file's size: a device or pipe may never end
    except OSError as exc:
        raise TranscriptError(f"cannot read file: {exc.strerror or exc}", file=source) from None
    if len(raw) > MAX_FILE_BYTES:
        raise TranscriptError(f"file larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB", file=source)
    return decode(raw, source)


def read_transcript(path: str | os.PathLike, options: ReadOptions | None = None) -> Transcript:
    """Read one call (the first of a multi-call file); raises TranscriptError "file:line:col: what", and
    TranscriptTypeError (also a TypeError) when ``path`` is not a path or ``options`` not ReadOptions."""
    _check_arguments("read_transcript", path, options)
    for item in iter_file(path, options):
        if isinstance(item, ReadFailure):
            raise TranscriptError(item.error)  # already reads "file:line:col: what"
        return item
    raise TranscriptError("no call in file", file=str(path))


def _check_arguments(function: str, path: object, options: object) -> None:
    if not isinstance(path, (str, os.PathLike)):
        raise TranscriptTypeError(f"{function}() expects a path (str or os.PathLike), got {type(path).__name__}")
    if options is not None and not isinstance(options, ReadOptions):
        raise TranscriptTypeError(f"{function}() expects options as a scriptcheck.ReadOptions, "
                                  f"got {type(options).__name__}")


def format_of(path: Path, options: ReadOptions) -> str:
    if options.input_format:
        return options.input_format
    suffix = path.suffix.lower()
    if suffix not in EXTENSION_FORMATS:
        raise TranscriptError(f"unknown transcript format {suffix or '(no extension)'!r}; expected one of "
                              f"{', '.join(EXTENSIONS)} or --input-format", file=str(path))
    return EXTENSION_FORMATS[suffix]


def iter_file(path: str | os.PathLike, options: ReadOptions | None = None) -> Iterator[Transcript | ReadFailure]:
    """Every call in one file; problems come out as ReadFailure, never as exceptions — but for arguments of
    the wrong type (TranscriptTypeError, also a TypeError)."""
    _check_arguments("iter_file", path, options)
    options = options or ReadOptions()
    path = Path(path)
    source = str(path)
    try:
        fmt = format_of(path, options)
        if fmt == "jsonl":
            yield from _stream_jsonl(path)
            return
        text = _load(path)
        yield from iter_text(text, source, path.stem, fmt, options)
    except TranscriptError as exc:
        yield ReadFailure(source, str(exc))


def _stream_jsonl(path: Path) -> Iterator[Transcript | ReadFailure]:
    try:
        with path.open("rb") as stream:
            yield from parse_jsonl_lines(iter_jsonl_lines(stream, str(path)), str(path), path.stem, whole_file=True)
    except OSError as exc:
        raise TranscriptError(f"cannot read file: {exc.strerror or exc}", file=str(path)) from None


def iter_text(text: str, source: str, stem: str, fmt: str, options: ReadOptions) -> Iterator[Transcript | ReadFailure]:
    """Every call in ``text`` read as format ``fmt``."""
    try:
        if fmt == "jsonl":
            yield from iter_jsonl(text, source, stem)
        elif fmt in ("csv", "tsv"):
            from .csv_reader import iter_csv

            yield from iter_csv(text, source, stem, options, "," if fmt == "csv" else "\t")
        elif fmt == "text":
            from .text_reader import read_text

            yield _directed(read_text(text, source, stem), options)
        elif fmt == "srt":
            from .subtitles import read_srt

            yield _given(read_srt(text, source, stem, options), options)
        elif fmt == "vtt":
            from .subtitles import read_vtt

            yield _given(read_vtt(text, source, stem, options), options)
        elif fmt == "json":
            yield _read_any_json(text, source, stem, options)
        elif fmt in VENDOR_NAMES:
            yield _given(_vendor(fmt).from_data(_parse_json(text, source), source, stem, options), options)
        else:
            raise TranscriptError(f"unknown input format {fmt!r}; expected one of {', '.join(INPUT_FORMATS)}",
                                  file=source)
    except TranscriptError as exc:
        yield ReadFailure(source, str(exc))


def _parse_json(text: str, source: str) -> Any:
    if not text.strip():
        raise TranscriptError("empty file", file=source)
    return load_json(text, source)


def _read_any_json(text: str, source: str, stem: str, options: ReadOptions) -> Transcript:
    """A .json file: the canonical shape, or a vendor's ASR output recognised by its keys."""
    data = _parse_json(text, source)
    if isinstance(data, dict) and "utterances" in data:
        return transcript_from_dict(data, source=source, default_id=stem)
    for name in VENDOR_NAMES:
        vendor = _vendor(name)
        if vendor.looks_like(data):
            return _given(vendor.from_data(data, source, stem, options), options)
    return read_json(text, source, stem)  # reports what the canonical shape is missing


def _vendor(name: str) -> Any:
    return import_module(f".{name}", __name__)


def __getattr__(name: str) -> Any:
    if name == "VENDORS":  # name -> reader module, for callers that want every vendor's reader
        return {vendor: _vendor(vendor) for vendor in VENDOR_NAMES}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _directed(call: Transcript, options: ReadOptions) -> Transcript:
    if options.direction and options.direction != call.direction:
        from dataclasses import replace

        return replace(call, direction=options.direction)
    return call


def _given(call: Transcript, options: ReadOptions) -> Transcript:
    """A call of a format that cannot say its direction or channel (ASR output, subtitles), with those given."""
    call = _directed(call, options)
    if options.channel and options.channel != call.channel:
        from dataclasses import replace

        return replace(call, channel=options.channel)
    return call


def iter_inputs(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Transcript | ReadFailure]:
    """Every call of every path (files, directories recursively, ``-`` for JSONL on standard input)."""
    options = options or ReadOptions()
    for path in expand_paths(paths):
        if isinstance(path, ReadFailure):
            yield path
        elif str(path) == STDIN:
            yield from parse_jsonl_lines(iter_jsonl_lines(sys.stdin.buffer, "<stdin>"), "<stdin>", "stdin",
                                         whole_file=True)
        else:
            yield from iter_file(path, options)


def expand_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Path | ReadFailure]:
    """Files named, and transcript files found recursively in directories named, in a stable order; what a
    directory walk could not read (see ``walk``) comes out as a ReadFailure in its place."""
    for given in paths:
        path = Path(given)
        if str(given) == STDIN:
            yield Path(STDIN)
        elif _is_dir(path):
            for found in walk(path, _is_transcript_name):
                if isinstance(found, Unwalkable):
                    source = str(found.path)
                    yield ReadFailure(source, f"{source}: {found.message}")
                else:
                    yield found
        else:
            yield path  # reading it reports what is wrong (missing, unreadable, too long a name …)


def _is_transcript_name(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in EXTENSIONS


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False
