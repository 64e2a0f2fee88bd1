"""What every command shares: printing untrusted text safely, stopping quietly when the reader goes away."""
from __future__ import annotations

import argparse
import functools
import sys
from typing import Callable, TextIO

from .display import one_line
from .errors import PackErrors

EXIT_OK = 0


def say(line: str, stream: TextIO | None = None) -> None:
    """Print one line that holds untrusted text (a file name, a call id, what was said) as one safe line."""
    print(one_line(line), file=sys.stdout if stream is None else stream)


def error_lines(exc: Exception) -> list[str]:
    """The lines of an error: one per problem (a pack may have several), each to be shown with ``say``."""
    return [str(e) for e in exc.errors] if isinstance(exc, PackErrors) else [str(exc)]


def quiet_when_the_reader_leaves(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A command whose output pipe closes (`| head`) stops quietly and succeeds, as other tools do."""
    @functools.wraps(run)
    def wrapped(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except BrokenPipeError:
            sys.stderr.close()
            return EXIT_OK

    return wrapped
