"""Bytes → text for transcript files: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.

A file is in one encoding. GB18030 reads almost any bytes, UTF-8 ones included (as other characters), so
a file that is not UTF-8 is read as GB18030 only when no UTF-8 text is found in it: a line that is valid
UTF-8 with characters of three bytes or more, or within a line a run of three such characters. Chinese
text in GBK is practically never that (none of 17,000 real dialogue lines in GBK is). A file with both is
refused at its first byte that does not fit the encoding its first non-ASCII text is in, rather than read
with part of its text turned into other characters, where a forbidden phrase would go unseen.
"""
from __future__ import annotations

import codecs
import re

from ..errors import TranscriptError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_WIDE_UTF8 = re.compile(rb"[\xe0-\xf4][\x80-\xbf]{2}")  # the start of a UTF-8 character of 3 or 4 bytes
_WIDE_UTF8_RUN = re.compile(rb"(?:[\xe0-\xef][\x80-\xbf]{2}){3}")  # three such characters in a row
MIXED = "mixes UTF-8 and GB18030/GBK"


def decode(raw: bytes, file: str) -> str:
    """Decode a transcript file; a file that is neither UTF-8 nor GB18030 is an error naming the offset."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _strict(raw, encoding, file)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        mixed = mixed_encodings(raw, utf8_error.start)
        if mixed is not None:
            raise _error_at(raw, *mixed, file) from None
        try:
            # GB18030 is a superset of GBK and GB2312, the encodings Chinese call-centre exports use.
            return raw.decode("gb18030")
        except UnicodeDecodeError as gb_error:
            # The encoding that read further is the file's: name the byte where it stopped.
            error = gb_error if gb_error.start > utf8_error.start else utf8_error
            raise _error(raw, error, file, "neither UTF-8 nor GB18030/GBK") from None


def mixed_encodings(raw: bytes, not_utf8: int) -> tuple[int, str] | None:
    """(offset, what) of the first byte of ``raw`` that does not fit the encoding the text before it is in,
    when ``raw`` mixes UTF-8 and GB18030/GBK text; else None. ``not_utf8`` is the first byte that is not
    UTF-8. A stray byte that is neither (0xff) is no mix: the caller reports it as undecodable."""
    if not _gb_text(raw, not_utf8):
        return None
    utf8_text = utf8_text_at(raw)
    if utf8_text is None:
        return None
    if utf8_text < not_utf8:
        return not_utf8, f"{MIXED}: GB18030/GBK text here, UTF-8 before it"
    return utf8_text, f"{MIXED}: UTF-8 text here, GB18030/GBK before it"


def utf8_text_at(raw: bytes) -> int | None:
    """The offset of the first UTF-8 text in ``raw`` (bytes that are not all UTF-8), or None."""
    start = 0
    for line in raw.split(b"\n"):
        if not line.isascii():
            try:
                line.decode("utf-8")
                found = _WIDE_UTF8.search(line)
            except UnicodeDecodeError:
                found = _WIDE_UTF8_RUN.search(line)
            if found:
                return start + found.start()
        start += len(line) + 1
    return None


def _strict(raw: bytes, encoding: str, file: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _error(raw, exc, file, f"invalid {encoding}", encoding) from None


def _gb_text(raw: bytes, start: int) -> bool:
    """Does GB18030 text (not a stray byte such as 0xff) start at ``start``?"""
    end = raw.find(b"\n", start)
    try:
        raw[start:end if end >= 0 else len(raw)].decode("gb18030")
    except UnicodeDecodeError as exc:
        return exc.start > 0  # at least the first character is GB18030 (UTF-8 text may follow it)
    return True


def _error_at(raw: bytes, offset: int, what: str, file: str) -> TranscriptError:
    return _error(raw, UnicodeDecodeError("utf-8", raw, offset, offset + 1, what), file, what)


def _error(raw: bytes, exc: UnicodeDecodeError, file: str, what: str, encoding: str = "") -> TranscriptError:
    if encoding == "utf-16":  # count lines in characters: a 0x0a byte may be half of any character
        before = raw[:exc.start].decode(encoding, "replace")
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
    else:
        line = raw[:exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
    return TranscriptError(f"cannot decode text: {what} (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                           file=file, line=line, col=col)
