"""What a directory walk meets besides files: ``score`` and ``lint`` read every call or script below the
folders named, and report — one line each, exit status 2 — what they could not read, in the same way:

- a subdirectory that cannot be listed (permissions) is an error naming it, never skipped in silence;
- a symbolic link to a directory is followed, as links to files are; one that leads back to a folder it
  is inside (a loop) is reported and not followed;
- a named pipe, socket or device with a script or transcript extension is reported without being
  opened (opening a pipe blocks until someone writes to it).
"""
from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from robustness_support import record_tried, robustness_tally  # noqa: F401

from scriptcheck.cli import main

CALL = json.dumps({"utterances": [{"speaker": "客服", "text": "不知道。"}]}, ensure_ascii=False)
SCRIPT = "- 客服：不知道\n"
FILES = {"score": ("json", CALL), "lint": ("md", SCRIPT)}


def _tree(root: Path, command: str) -> Path:
    """calls/a.<ext> and calls/sub/b.<ext>, each with one forbidden expression."""
    ext, content = FILES[command]
    folder = root / "calls"
    (folder / "sub").mkdir(parents=True)
    (folder / f"a.{ext}").write_text(content, encoding="utf-8")
    (folder / "sub" / f"b.{ext}").write_text(content, encoding="utf-8")
    return folder


def _run(command: str, folder: Path, cwd: Path) -> subprocess.CompletedProcess:
    args = ["score", str(folder), "--format", "jsonl", "--no-progress", "--jobs", "1"] if command == "score" \
        else ["lint", str(folder), "--format", "json"]
    (cwd / ".git").mkdir(exist_ok=True)  # lint looks for its config up to the repository root
    return subprocess.run([sys.executable, "-m", "scriptcheck", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=60)


def _read(command: str, done: subprocess.CompletedProcess) -> tuple[set[str], list[str]]:
    """(names of the files read, error lines) of a run."""
    if command == "score":
        results = [json.loads(line) for line in done.stdout.splitlines()]
        read = {Path(r["source"]).name for r in results if "error" not in r}
        return read, [r["error"] for r in results if "error" in r]
    return {Path(f["path"]).name for f in json.loads(done.stdout)}, done.stderr.splitlines()


def _special(kind: str, where: Path) -> None:
    if kind == "named pipe":
        os.mkfifo(where)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(where))  # left bound: the process ends it
        _SOCKETS.append(server)
    else:
        where.symlink_to("/dev/null")  # a character device, reached through a link as a walk may meet it


_SOCKETS: list[socket.socket] = []


@pytest.mark.parametrize("command", ["score", "lint"])
@pytest.mark.parametrize("kind", ["named pipe", "socket", "character device"])
def test_a_special_file_in_a_folder_is_reported_without_blocking(tmp_path, command, kind):
    folder = _tree(tmp_path, command)
    special = folder / f"special.{FILES[command][0]}"
    _special(kind, special)
    record_tried("directory walks", f"{command}: a {kind} in a folder")
    try:
        done = _run(command, folder, tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{command} blocked on a {kind}")
    read, errors = _read(command, done)
    assert done.returncode == 2, done.stderr
    assert read == {f"a.{FILES[command][0]}", f"b.{FILES[command][0]}"}
    assert len(errors) == 1 and "special." in errors[0] and "not a regular file" in errors[0], errors
    assert "\n" not in errors[0]


@pytest.mark.parametrize("command", ["score", "lint"])
def test_a_symbolic_link_to_a_directory_is_followed(tmp_path, command):
    folder = _tree(tmp_path, command)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    ext, content = FILES[command]
    (elsewhere / f"c.{ext}").write_text(content, encoding="utf-8")
    (folder / "linked").symlink_to(elsewhere, target_is_directory=True)
    record_tried("directory walks", f"{command}: a symbolic link to a directory")
    done = _run(command, folder, tmp_path)
    read, errors = _read(command, done)
    assert errors == [] and done.returncode == (0 if command == "score" else 1), done.stderr
    assert read == {f"a.{ext}", f"b.{ext}", f"c.{ext}"}


@pytest.mark.parametrize("command", ["score", "lint"])
@pytest.mark.parametrize("target", ["the folder itself", "its parent", "a sibling's link back"])
def test_a_symbolic_link_loop_is_reported_once_and_not_followed(tmp_path, command, target):
    folder = _tree(tmp_path, command)
    ext = FILES[command][0]
    if target == "the folder itself":
        (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    elif target == "its parent":
        (folder / "sub" / "loop").symlink_to("..", target_is_directory=True)
    else:
        (folder / "sub" / "loop").symlink_to("../sub", target_is_directory=True)
    record_tried("directory walks", f"{command}: a symbolic link loop to {target}")
    done = _run(command, folder, tmp_path)
    read, errors = _read(command, done)
    assert done.returncode == 2, done.stderr
    assert read == {f"a.{ext}", f"b.{ext}"}
    assert len(errors) == 1 and "loop" in errors[0] and "sub/loop" in errors[0], errors


@pytest.mark.parametrize("command", ["score", "lint"])
@pytest.mark.parametrize("locked", ["sub", "."])
def test_a_directory_that_cannot_be_listed_is_reported(tmp_path, monkeypatch, capsys, command, locked):
    folder = _tree(tmp_path, command)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    refused = os.path.normpath(folder / locked)
    scandir = os.scandir

    def listing(path="."):  # as for a folder without read permission (which root, running this, ignores)
        if os.path.abspath(os.fspath(path)) == refused:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", listing)
    os.chmod(refused, 0)
    record_tried("directory walks", f"{command}: a folder that cannot be listed ({locked})")
    try:
        if command == "score":
            code = main(["score", "calls", "--format", "jsonl", "--no-progress", "--jobs", "1"])
            results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
            errors = [r["error"] for r in results if "error" in r]
        else:
            code = main(["lint", "calls", "--format", "json"])
            errors = capsys.readouterr().err.splitlines()
    finally:
        os.chmod(refused, stat.S_IRWXU)
    assert code == 2
    assert len(errors) == 1 and "cannot read directory" in errors[0] and "Permission denied" in errors[0], errors
