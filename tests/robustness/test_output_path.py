"""``--output`` can never replace an input: naming a transcript being scored or the rule pack — by the same
path, another spelling of it, a symbolic or hard link — is refused with one line on stderr and exit 2
before any call is checked, and the input is untouched. An output path that names a directory (or ends
with a slash) is refused the same way, instead of writing a file with the directory's name.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_capture import run
from robustness_support import record_tried, robustness_tally  # noqa: F401

import scriptcheck.worker as worker

CALL = json.dumps({"id": "c1", "utterances": [{"speaker": "客服", "text": "您好"}]}, ensure_ascii=False)
PACK = "extends: default\npack: mine\n"


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    (tmp_path / "calls").mkdir()
    (tmp_path / "calls" / "a.json").write_text(CALL, encoding="utf-8")
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / "old-report.json").write_text("[]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def never_scored(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("a call was checked")

    monkeypatch.setattr(worker, "check", fail)


def _symlink(ws: Path) -> None:
    os.symlink(ws / "calls" / "a.json", ws / "link.json")


def _hardlink(ws: Path) -> None:
    os.link(ws / "calls" / "a.json", ws / "hard.json")


def _linked_folder(ws: Path) -> None:
    os.symlink(ws / "calls", ws / "alias")


def _nothing(ws: Path) -> None:
    pass


# (what, setup, inputs, extra arguments, output)
NAMING_AN_INPUT = [
    ("the input file itself", _nothing, ["calls/a.json"], [], "calls/a.json"),
    ("the input with ./", _nothing, ["calls/a.json"], [], "./calls/a.json"),
    ("the input by its absolute path", _nothing, ["calls/a.json"], [], "{ws}/calls/a.json"),
    ("the input through ..", _nothing, ["calls/a.json"], [], "calls/../calls/a.json"),
    ("a file in a directory given", _nothing, ["calls"], [], "calls/a.json"),
    ("a symbolic link to the input", _symlink, ["calls"], [], "link.json"),
    ("a hard link to the input", _hardlink, ["calls"], [], "hard.json"),
    ("the input through a linked directory", _linked_folder, ["alias"], [], "calls/a.json"),
    ("the rule pack", _nothing, ["calls"], ["--rules", "pack.yaml"], "pack.yaml"),
    ("the rule pack by another path", _nothing, ["calls"], ["--rules", "pack.yaml"], "./calls/../pack.yaml"),
]


@pytest.mark.parametrize("fmt", ["json", "html"])
@pytest.mark.parametrize("what, setup, inputs, extra, output", NAMING_AN_INPUT, ids=[c[0] for c in NAMING_AN_INPUT])
def test_output_naming_an_input_is_refused(workspace, never_scored, monkeypatch, what, setup, inputs, extra, output,
                                           fmt):
    record_tried("output paths", f"--output naming {what}: refused")
    setup(workspace)
    before = {path: path.read_bytes() for path in (workspace / "calls" / "a.json", workspace / "pack.yaml")}
    ran = run(["score", *inputs, *extra, "--format", fmt, "--no-progress", "--jobs", "1",
               "--output", output.format(ws=workspace)], monkeypatch)
    assert ran.code == 2
    assert ran.out == ""
    assert len(ran.err.splitlines()) == 1 and ran.err.startswith("error: --output "), ran.err
    assert "input" in ran.err
    assert {path: path.read_bytes() for path in before} == before


DIRECTORIES = [
    ("a new directory with a slash", "newdir/", "newdir"),
    ("an existing directory", "calls", "calls"),
    ("an existing directory with a slash", "calls/", "calls"),
]


@pytest.mark.parametrize("what, output, left", DIRECTORIES, ids=[d[0] for d in DIRECTORIES])
def test_output_naming_a_directory_is_refused(workspace, never_scored, monkeypatch, what, output, left):
    record_tried("output paths", f"--output naming {what}: refused")
    existed = (workspace / left).exists()
    ran = run(["score", "calls", "--format", "json", "--no-progress", "--jobs", "1", "--output", output],
              monkeypatch)
    assert ran.code == 2
    assert len(ran.err.splitlines()) == 1 and ran.err.startswith("error: --output "), ran.err
    assert "directory" in ran.err
    assert (workspace / left).is_dir() if existed else not (workspace / left).exists()
    assert sorted(p.name for p in (workspace / "calls").iterdir()) == ["a.json"]


ALLOWED = [
    ("a new report inside the directory given", "calls/report.html", "html"),
    ("a report that exists but is not an input", "old-report.json", "json"),
    ("a new report with a transcript's extension", "new-report.json", "json"),
    ("a device", os.devnull, "json"),
]


@pytest.mark.parametrize("what, output, fmt", ALLOWED, ids=[a[0] for a in ALLOWED])
def test_other_outputs_are_written(workspace, monkeypatch, what, output, fmt):
    ran = run(["score", "calls", "--format", fmt, "--no-progress", "--jobs", "1", "--output", output], monkeypatch)
    assert ran.code == 0, ran.err
    if output != os.devnull:
        assert "c1" in (workspace / output).read_text(encoding="utf-8")


def test_an_existing_report_beside_an_unreadable_entry_is_still_compared_and_written(workspace, monkeypatch):
    # The walk reports a named pipe in its place; the output check must skip it, not stat it.
    os.mkfifo(workspace / "calls" / "pipe.json")
    (workspace / "old-report.json").write_text("[]", encoding="utf-8")
    ran = run(["score", "calls", "--format", "json", "--no-progress", "--jobs", "1", "--output", "old-report.json"],
              monkeypatch)
    assert ran.code == 2 and "pipe.json" in ran.err and "named pipe" in ran.err, ran.err
    assert "c1" in (workspace / "old-report.json").read_text(encoding="utf-8")
