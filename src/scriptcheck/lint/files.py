"""Which files to lint: the paths given, directories searched recursively, minus the ignored ones."""
from __future__ import annotations

import os
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Iterable

from .reader import is_script


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


def script_files(paths: Iterable[str], ignored: Ignore) -> tuple[list[tuple[Path, str]], list[str]]:
    """(file, path as shown) of every script to lint, and the paths that do not exist.

    A file named on the command line is linted whatever its extension (an unsupported one is reported);
    in a directory, only script extensions count, and hidden files and folders (.git, .venv, the config)
    are skipped.
    """
    found: list[tuple[Path, str]] = []
    missing: list[str] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            candidates = _walk(path, given)
        elif path.exists():
            candidates = [(path, os.path.normpath(given))]
        else:
            missing.append(given)
            continue
        for file, shown in candidates:
            if file.resolve() not in seen and not ignored(file):
                seen.add(file.resolve())
                found.append((file, shown))
    return found, missing


def _walk(folder: Path, given: str) -> list[tuple[Path, str]]:
    files = []
    for current, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            file = Path(current) / name
            if not name.startswith(".") and is_script(file):
                shown = os.path.normpath(os.path.join(given, os.path.relpath(file, folder)))
                files.append((file, shown))
    return files
