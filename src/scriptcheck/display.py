"""Untrusted text made safe to show: valid UTF-8 in every output, and one line where output is read by lines.

File names reach scriptcheck as the file system stores them, as bytes; Python hands over the bytes that
are not UTF-8 as lone surrogates (U+DC80–U+DCFF), which no UTF-8 report, pipe or terminal can hold.
``readable`` writes such a byte as ``\\xff``, so the name stays recognisable and the report valid.

Call ids, file names and what customers said also reach terminals and logs that are read line by line,
where a newline or a carriage return forges a line (``PASS``), an ESC sequence drives the terminal and a
bidi control reorders what the reader sees. ``one_line`` escapes all of them as well. Every command
passes each line of its line-oriented output through it, rather than each place guessing what to escape.
"""
from __future__ import annotations

import re
from typing import Any

_SURROGATES = re.compile("[\ud800-\udfff]")
# C0 and C1 controls and DEL; the Unicode line and paragraph separators; the bidi controls (marks,
# embeddings, overrides, isolates); and lone surrogates.
_UNSAFE_IN_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                               "\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode passes it on
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return _NAMED.get(char) or f"\\x{code:02x}"
    return f"\\u{code:04x}"


def readable(text: str) -> str:
    """``text`` that any UTF-8 output can hold: undecodable bytes (lone surrogates) written as ``\\xNN``."""
    if not _SURROGATES.search(text):
        return text
    return _SURROGATES.sub(_escaped, text)


def readable_data(value: Any) -> Any:
    """A JSON-shaped value (dicts, lists, strings …) with every string, key or value, made ``readable``."""
    if isinstance(value, str):
        return readable(value)
    if isinstance(value, dict):
        return {readable_data(key): readable_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [readable_data(item) for item in value]
    return value


def has_surrogates(text: str) -> bool:
    return _SURROGATES.search(text) is not None


def one_line(text: str) -> str:
    """``text`` as one line of a terminal or a log: ``readable``, with controls, line separators and bidi
    controls escaped (``\\n``, ``\\x1b``, ``\\u202e``)."""
    if not _UNSAFE_IN_A_LINE.search(text):
        return text
    return _UNSAFE_IN_A_LINE.sub(_escaped, text)
