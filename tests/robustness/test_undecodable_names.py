"""File names that are not UTF-8 (bytes such as 0xff, which the file system allows): the call is still scored,
and every report format, every error line and every lint format stays valid UTF-8 and shows the name with
its undecodable bytes escaped (``x\\xff.json``).
"""
from __future__ import annotations

import csv
import io
import json
import os

import pytest
from cli_capture import run
from robustness_support import record_tried, robustness_tally  # noqa: F401

GOOD = os.fsdecode(b"x\xff.json")  # as Python names it: a lone surrogate for the byte
BROKEN = os.fsdecode(b"y\xfe.json")
GOOD_SHOWN, BROKEN_SHOWN = "x\\xff.json", "y\\xfe.json"
CALL = json.dumps({"utterances": [{"speaker": "agent", "text": "不知道"}]}, ensure_ascii=False)

SCORE_FORMATS = ["text", "json", "jsonl", "csv", "html"]


@pytest.fixture
def calls(tmp_path):
    folder = tmp_path / "calls"
    folder.mkdir()
    (folder / GOOD).write_text(CALL, encoding="utf-8")
    (folder / BROKEN).write_text("{not json", encoding="utf-8")
    return folder


def _scored_names(fmt: str, report: str) -> list[str]:
    """The file names of the calls the report scored (not of the files it could not read)."""
    if fmt == "json":
        sources = [r["source"] for r in json.loads(report) if "score" in r]
    elif fmt == "jsonl":
        sources = [r["source"] for r in map(json.loads, report.splitlines()) if "score" in r]
    elif fmt == "csv":
        sources = [row["source"] for row in csv.DictReader(io.StringIO(report.lstrip("\ufeff"))) if row["score"]]
    else:
        sources = [line.split()[0] for line in report.splitlines() if line.startswith("/") and " score " in line]
    return sorted({os.path.basename(source) for source in sources})


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "output-file"])
@pytest.mark.parametrize("fmt", SCORE_FORMATS)
def test_score_reports_an_undecodable_file_name_readably(calls, tmp_path, monkeypatch, fmt, to_file):
    record_tried("undecodable file names", f"score --format {fmt} to {'a file' if to_file else 'stdout'}")
    report_file = tmp_path / f"report.{fmt}"
    ran = run(["score", str(calls), "--format", fmt, "--no-progress", "--jobs", "1"]
              + (["--output", str(report_file)] if to_file else []), monkeypatch)
    assert ran.code == 2, ran.err  # the broken file; the good one was still scored
    report = report_file.read_bytes().decode("utf-8") if to_file else ran.out
    errors = ran.err if (to_file or fmt != "text") else report
    assert BROKEN_SHOWN in errors
    if fmt == "html":
        assert GOOD_SHOWN in report
    else:
        assert _scored_names(fmt, report) == [GOOD_SHOWN]


@pytest.mark.parametrize("fmt", SCORE_FORMATS)
def test_an_undecodable_name_given_as_an_argument(tmp_path, monkeypatch, fmt):
    (tmp_path / GOOD).write_text(CALL, encoding="utf-8")
    ran = run(["score", str(tmp_path / GOOD), "--format", fmt, "--no-progress", "--jobs", "1"], monkeypatch)
    assert ran.code == 0, ran.err
    assert (GOOD_SHOWN in ran.out) if fmt == "html" else (_scored_names(fmt, ran.out) == [GOOD_SHOWN])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_undecodable_names_in_workers(calls, monkeypatch, jobs):
    ran = run(["score", str(calls), "--format", "jsonl", "--no-progress", "--jobs", jobs], monkeypatch)
    results = [json.loads(line) for line in ran.out.splitlines()]
    assert sorted(os.path.basename(r["source"]) for r in results) == [GOOD_SHOWN, BROKEN_SHOWN]
    assert [r["id"] for r in results if "id" in r] == ["x\\xff"]


def test_an_undecodable_pack_name_in_an_error(tmp_path, monkeypatch):
    ran = run(["score", str(tmp_path), "--rules", str(tmp_path / os.fsdecode(b"p\xff.yaml"))], monkeypatch)
    assert ran.code == 2
    assert "p\\xff.yaml" in ran.err and len(ran.err.splitlines()) == 1


@pytest.fixture
def scripts(tmp_path, monkeypatch):
    folder = tmp_path / "scripts"
    folder.mkdir()
    (folder / os.fsdecode(b"s\xff.md")).write_text("- 客服：不知道\n", encoding="utf-8")
    (folder / os.fsdecode(b"t\xfe.yaml")).write_text("a: [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return "scripts"


@pytest.mark.parametrize("fmt, shown", [("text", "s\\xff.md"), ("json", "s\\xff.md"), ("sarif", "s%FF.md")])
def test_lint_reports_an_undecodable_file_name_readably(scripts, monkeypatch, fmt, shown):
    record_tried("undecodable file names", f"lint --format {fmt}")
    ran = run(["lint", scripts, "--format", fmt], monkeypatch)
    assert ran.code == 2  # the broken script; the other one was still linted
    assert "forbidden" in ran.out
    if fmt == "json":
        assert {finding["path"] for finding in json.loads(ran.out)} == {"scripts/" + shown}
    else:
        assert shown in ran.out
    assert "t\\xfe.yaml" in (ran.out if fmt == "text" else ran.err)
    ran.err.encode("utf-8")
    if fmt == "sarif":
        log = json.loads(ran.out)
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
        assert uris == {"scripts/s%FF.md"}  # the file's bytes, percent-encoded: a URI that finds the file
