"""A one-line progress display on a terminal's standard error (never in pipes, files or CI logs)."""
from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = self.stream.isatty() and not os.environ.get("CI")
        self.enabled = enabled
        self.calls = 0
        self.unreadable = 0
        self.started = time.monotonic()
        self.shown_at = 0.0

    def update(self, unreadable: bool) -> None:
        self.calls += not unreadable
        self.unreadable += unreadable
        if self.enabled and time.monotonic() - self.shown_at > 0.2:
            self._show()

    def _show(self) -> None:
        self.shown_at = time.monotonic()
        rate = self.calls / max(self.shown_at - self.started, 1e-9)
        extra = f", {self.unreadable} unreadable" if self.unreadable else ""
        self.stream.write(f"\rscored {self.calls} calls{extra} ({rate:,.0f} calls/s)")
        self.stream.flush()

    def message(self, text: str) -> None:
        """A line of its own on the stream (the progress line, if shown, goes on below it)."""
        if self.enabled:
            self.stream.write("\r\033[K")
        print(text, file=self.stream, flush=True)
        if self.enabled:
            self._show()

    def close(self) -> None:
        if self.enabled:
            self._show()
            self.stream.write("\n")
            self.stream.flush()
