"""Bytes → text for transcript files: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK."""
from __future__ import annotations

import codecs

from ..errors import TranscriptError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(raw: bytes, file: str) -> str:
    """Decode a transcript file; a file that is neither UTF-8 nor GB18030 is an error naming the offset."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _strict(raw, encoding, file)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            # GB18030 is a superset of GBK and GB2312, the encodings Chinese call-centre exports use.
            return raw.decode("gb18030")
        except UnicodeDecodeError as gb_error:
            # The encoding that read further is the file's: name the byte where it stopped.
            error = gb_error if gb_error.start > utf8_error.start else utf8_error
            raise _error(raw, error, file, "neither UTF-8 nor GB18030/GBK") from None


def _strict(raw: bytes, encoding: str, file: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _error(raw, exc, file, f"invalid {encoding}", encoding) from None


def _error(raw: bytes, exc: UnicodeDecodeError, file: str, what: str, encoding: str = "") -> TranscriptError:
    if encoding == "utf-16":  # count lines in characters: a 0x0a byte may be half of any character
        before = raw[:exc.start].decode(encoding, "replace")
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
    else:
        line = raw[:exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
    return TranscriptError(f"cannot decode text: {what} (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                           file=file, line=line, col=col)
