"""Read one script file by its extension: bytes → text (UTF-8, BOM, GBK) → Script."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..transcripts.decode import decode
from .markdown import read_markdown
from .plaintext import read_plain_text
from .script import Script, ScriptError
from .yamlscript import read_yaml_script

MAX_SCRIPT_BYTES = 10 * 1024 * 1024
READERS: dict[str, Callable[[str, str], Script]] = {
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".txt": read_plain_text,
    ".yaml": read_yaml_script,
    ".yml": read_yaml_script,
}


def is_script(path: Path) -> bool:
    return path.suffix.lower() in READERS


def read_script(file: Path, shown_as: str) -> Script:
    """Parse ``file``; errors name ``shown_as`` (the path as the user sees it) with line and column."""
    reader = READERS.get(file.suffix.lower())
    if reader is None:
        raise ScriptError(f"not a script: expected one of {', '.join(READERS)}", file=shown_as, line=1, col=1)
    try:
        with file.open("rb") as stream:
            raw = stream.read(MAX_SCRIPT_BYTES + 1)  # not the whole of a huge file, device or pipe
    except OSError as exc:
        raise ScriptError(f"cannot read: {exc.strerror or exc}", file=shown_as, line=1, col=1) from None
    if len(raw) > MAX_SCRIPT_BYTES:
        raise ScriptError(f"larger than {MAX_SCRIPT_BYTES // (1024 * 1024)} MiB: not a script", file=shown_as,
                          line=1, col=1)
    return reader(decode(raw, shown_as), shown_as)
