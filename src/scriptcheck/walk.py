"""Walking the folders named on a command line: the files below them, and what could not be walked.

``score`` and ``lint`` walk the same way. A folder that cannot be listed, a symbolic link that leads back
to a folder it is in, and a named pipe, socket or device where a wanted file would be are reported as
``Unwalkable`` in their place, never skipped in silence; a special file is never opened (opening a pipe
blocks until something writes to it). A symbolic link to a directory is followed, as a link to a file
is: the folders being walked are known by device and inode, so a loop is seen the first time round.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

_SPECIAL_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                  (stat.S_ISBLK, "a block device"))


@dataclass(frozen=True)
class Unwalkable:
    path: Path
    message: str  # what is wrong, without the path


def walk(folder: Path, wanted: Callable[[str], bool], skip_hidden: bool = False) -> Iterator[Path | Unwalkable]:
    """Files below ``folder`` whose name ``wanted`` accepts, in the order of their sorted paths.

    A dangling symbolic link with a wanted name is given as a file too: reading it reports it.
    """
    try:
        identity = _identity(os.stat(folder))
    except OSError as exc:
        yield Unwalkable(folder, f"cannot read directory: {exc.strerror or exc}")
        return
    yield from _walk(folder, wanted, skip_hidden, frozenset({identity}))


def _walk(folder: Path, wanted: Callable[[str], bool], skip_hidden: bool,
          ancestors: frozenset[tuple[int, int]]) -> Iterator[Path | Unwalkable]:
    try:
        with os.scandir(folder) as listing:
            names = sorted(entry.name for entry in listing)
    except OSError as exc:
        yield Unwalkable(folder, f"cannot read directory: {exc.strerror or exc}")
        return
    for name in names:
        if skip_hidden and name.startswith("."):
            continue
        path = folder / name
        try:
            status = os.stat(path)  # through a symbolic link: what it points to
        except OSError:
            if wanted(name) and os.path.islink(path):
                yield path  # dangling
            continue  # gone since the listing
        if stat.S_ISDIR(status.st_mode):
            identity = _identity(status)
            if identity in ancestors:
                yield Unwalkable(path, "symbolic link loop: leads back to a directory it is in; not followed")
            else:
                yield from _walk(path, wanted, skip_hidden, ancestors | {identity})
        elif wanted(name):
            if stat.S_ISREG(status.st_mode):
                yield path
            else:
                kind = next((what for test, what in _SPECIAL_KINDS if test(status.st_mode)), "special")
                yield Unwalkable(path, f"not a regular file ({kind}): not read")


def _identity(status: os.stat_result) -> tuple[int, int]:
    return status.st_dev, status.st_ino
