"""What every command shares: stopping quietly when the reader of its output goes away."""
from __future__ import annotations

import argparse
import functools
import sys
from typing import Callable

EXIT_OK = 0


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
