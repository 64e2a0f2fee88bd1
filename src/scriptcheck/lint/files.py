"""Which files to lint: the paths given, directories searched recursively, minus the ignored ones."""
from __future__ import annotations

import os
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Iterable

from ..walk import Unwalkable, walk
from .reader import READERS


@dataclass(frozen=True)
class Ignore:
    """Path globs relative to ``root``. As in .gitignore, a glob without '/' matches a name at any depth,
    and a glob that matches a directory ignores everything in it."""

    root: Path
    globs: tuple[str, ...] = ()
    never: frozenset[Path] = frozenset()  # the config file and rule packs are never scripts

    def __call__(self, file: Path) -> bool:
        resolved = file.resolve()
        if resolved in self.never:
            return True
        try:
            relative = PurePosixPath(resolved.relative_to(self.root).as_posix())
        except ValueError:
            return False
        return any(_matches(relative, glob) for glob in self.globs)


def _matches(relative: PurePosixPath, glob: str) -> bool:
    glob = glob.strip().rstrip("/")
    if glob.startswith("/"):
        glob = glob[1:]
    elif "/" not in glob:
        return any(fnmatchcase(part, glob) for part in relative.parts)
    prefixes = [PurePosixPath(*relative.parts[:n]).as_posix() for n in range(1, len(relative.parts) + 1)]
    return any(fnmatchcase(prefix, glob) for prefix in prefixes)


@dataclass(frozen=True)
class Found:
    files: list[tuple[Path, str]]  # (file, path as shown) of every script to lint
    missing: list[str]  # paths given that do not exist
    unreadable: list[tuple[str, str]]  # (path as shown, what is wrong): folders, links and special files


def script_files(paths: Iterable[str], ignored: Ignore) -> Found:
    """Every script to lint, the paths that do not exist, and what a folder's walk could not read.

    A file named on the command line is linted whatever its extension (an unsupported one is reported);
    in a directory, only script extensions count, and hidden files and folders (.git, .venv, the config)
    are skipped.
    """
    found = Found([], [], [])
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            candidates = _walk(path, given)
        elif path.exists():
            candidates = [(path, os.path.normpath(given))]
        else:
            found.missing.append(given)
            continue
        for file, shown in candidates:
            if ignored(file.path if isinstance(file, Unwalkable) else file):
                continue
            if isinstance(file, Unwalkable):
                found.unreadable.append((shown, file.message))
            elif file.resolve() not in seen:
                seen.add(file.resolve())
                found.files.append((file, shown))
    return found


def _walk(folder: Path, given: str) -> list[tuple[Path | Unwalkable, str]]:
    files: list[tuple[Path | Unwalkable, str]] = []
    for file in walk(folder, _is_script_name, skip_hidden=True):
        place = file.path if isinstance(file, Unwalkable) else file
        files.append((file, os.path.normpath(os.path.join(given, os.path.relpath(place, folder)))))
    return files


def _is_script_name(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in READERS
