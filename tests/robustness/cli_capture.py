"""Running the command line in this process with its output captured as bytes, as a pipe receives them.

Standard output and error are UTF-8 streams that pass undecodable file-name bytes through
(``surrogateescape``), as Python's own streams do under the C and POSIX locales: whatever a command
writes that is not valid UTF-8 shows up in the bytes, where a test can see it.
"""
from __future__ import annotations

import io
import sys
from dataclasses import dataclass

from scriptcheck.cli import main


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: bytes
    stderr: bytes

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8")  # strict: raises on invalid UTF-8

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8")


def run(args: list[str], monkeypatch) -> Ran:
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", errors="surrogateescape", newline="", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="surrogateescape", newline="", write_through=True)
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "stderr", stderr)
    code = main(args)
    stdout.flush()
    stderr.flush()
    return Ran(code, out.getvalue(), err.getvalue())
