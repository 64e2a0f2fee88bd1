"""Writing a report file atomically: a crash or Ctrl-C never leaves a half-written report behind; and never
over an input or in place of a directory."""
from __future__ import annotations

import os
import stat
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, TextIO


def directory_problem(path: str) -> str | None:
    """Why a report cannot be written to ``path`` because it names a directory, or None."""
    if path.endswith(("/", os.sep)) or os.path.isdir(path):
        # Without this, "-o reports/" for a directory that does not exist would write a file named "reports".
        return f"{path} names a directory: give the report's file name"
    return None


def replaced_input(path: str, inputs: Iterable[str | os.PathLike]) -> str | None:
    """The input that a report written to ``path`` would replace, or None.

    The report is renamed over ``path`` (over the file a symbolic link points to), so the file is what
    counts, not how it is spelt: the same file reached by ``./``, ``..``, a link or a hard link is found by
    its device and inode. ``inputs`` is only read when ``path`` is an existing regular file: a directory
    of inputs is listed again only when the report could be one of them.
    """
    try:
        target = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(target.st_mode):
        return None  # a device or a pipe is written to, never replaced
    for given in inputs:
        try:
            found = os.stat(given)
        except (OSError, ValueError):
            continue
        if (found.st_dev, found.st_ino) == (target.st_dev, target.st_ino):
            return os.fspath(given)
    return None


@contextmanager
def atomic_output(path: str | None, bom: bool = False) -> Iterator[TextIO]:
    """Standard output when ``path`` is None; otherwise a temporary file renamed into place on success.

    A path that is not a regular file (``/dev/null``, ``/dev/stdout``, a named pipe) is written as it is:
    renaming a file over it would replace the device or pipe. A symbolic link keeps pointing where it did:
    the file it points to is replaced.
    """
    if path is None:
        if bom:
            sys.stdout.write("\ufeff")
        yield sys.stdout
        return
    target = Path(path)
    try:
        mode = os.stat(target).st_mode  # of what a symbolic link points to
    except (OSError, ValueError):
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        with open(target, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            yield handle
        return
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8-sig" if bom else "utf-8", newline="",
                                         dir=target.parent or Path("."), prefix=f".{target.name}.",
                                         suffix=".part", delete=False)
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # A temporary file is private (0600); a report gets the permissions any new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(handle.name, 0o666 & ~umask)
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
