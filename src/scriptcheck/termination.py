"""SIGTERM and SIGHUP stop a run as Ctrl-C does: the report file is not left half written, worker processes
are stopped, and the exit status is 128 + the signal's number (143, 129; 130 for Ctrl-C)."""
from __future__ import annotations

import os
import signal
from contextlib import contextmanager
from typing import Iterator

SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Terminated(KeyboardInterrupt):
    """Raised in the main thread on SIGTERM or SIGHUP; a KeyboardInterrupt, so that it is cleaned up after
    wherever Ctrl-C is."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def exit_status(interrupt: KeyboardInterrupt) -> int:
    return 128 + (interrupt.signum if isinstance(interrupt, Terminated) else signal.SIGINT)


def name(interrupt: KeyboardInterrupt) -> str:
    return signal.Signals(interrupt.signum).name if isinstance(interrupt, Terminated) else "SIGINT"


@contextmanager
def stop_on_termination() -> Iterator[None]:
    """SIGTERM and SIGHUP raise Terminated in this process while the block runs.

    A signal ignored when the block starts stays ignored (``nohup`` ignores SIGHUP). After the first
    signal, the others are ignored until the block ends: cleaning up (removing the temporary report,
    stopping the workers) is not cut short by the SIGHUP that often follows a SIGTERM.
    """
    main = os.getpid()

    def terminate(signum: int, frame) -> None:
        if os.getpid() != main:  # a worker process forked before it set its own handling
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        for other in installed:
            signal.signal(other, signal.SIG_IGN)
        raise Terminated(signum)

    installed: dict[int, object] = {}
    for signum in SIGNALS:
        try:
            if signal.getsignal(signum) != signal.SIG_IGN:
                installed[signum] = signal.signal(signum, terminate)
        except ValueError:  # not the main thread: signals stay as they are
            break
    try:
        yield
    finally:
        for signum, previous in installed.items():
            signal.signal(signum, signal.SIG_DFL if previous is None else previous)


def default_in_worker() -> None:
    """In a worker process: SIGTERM and SIGHUP end it at once; the main process decides what is lost."""
    for signum in SIGNALS:
        signal.signal(signum, signal.SIG_DFL)
