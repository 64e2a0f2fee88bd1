"""Reading transcripts from files: format by extension, encoding detected, errors with file:line."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import TranscriptError
from ..model import ReadFailure, Transcript
from .decode import decode
from .json_reader import iter_jsonl, read_json
from .text_reader import read_text

EXTENSIONS = (".json", ".jsonl", ".txt")
MAX_FILE_BYTES = 256 * 1024 * 1024


def _load(path: Path) -> str:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TranscriptError(f"file larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB", file=source)
        raw = path.read_bytes()
    except OSError as exc:
        raise TranscriptError(f"cannot read file: {exc.strerror or exc}", file=source) from None
    return decode(raw, source)


def read_transcript(path: str | os.PathLike) -> Transcript:
    """Read one call from a ``.json`` or ``.txt`` file (the first call of a ``.jsonl``); raises TranscriptError."""
    for item in iter_file(path):
        if isinstance(item, ReadFailure):
            raise TranscriptError(item.error)  # already reads "file:line:col: what"
        return item
    raise TranscriptError("no call in file", file=str(path))


def iter_file(path: str | os.PathLike) -> Iterator[Transcript | ReadFailure]:
    """Every call in one file; problems come out as ReadFailure, never as exceptions."""
    path = Path(path)
    source = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix not in EXTENSIONS:
            raise TranscriptError(f"unknown transcript format {suffix or '(no extension)'!r}; "
                                  f"expected one of {', '.join(EXTENSIONS)}", file=source)
        text = _load(path)
        if suffix == ".jsonl":
            yield from iter_jsonl(text, source, path.stem)
            return
        yield (read_json if suffix == ".json" else read_text)(text, source, path.stem)
    except TranscriptError as exc:
        yield ReadFailure(source, str(exc))


def expand_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files named, and transcript files found recursively in directories named, in a stable order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and found.suffix.lower() in EXTENSIONS:
                    yield found
        else:
            yield path
