"""`scriptcheck lint` as hooks and CI use it: output formats, exit codes, files that cannot be read."""
import json
import re

import pytest

from scriptcheck.cli import main

CLEAN = "---\nscene: opening\n---\n您好！请问有什么可以帮助您？\n"
MAJOR = "好的，不知道。\n"  # forbidden.dismissive, major
MINOR = "这个嘛，好喽，行呗。\n"  # filler.particles, minor
CRITICAL = "神经病。\n"  # forbidden.abusive, critical
TEXT_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<rule>[\w.-]+): (?P<message>.+)$")
JSON_FIELDS = {"path", "line", "col", "end_col", "rule", "category", "severity", "message", "evidence"}


def run(capsys, *args):
    code = main(["lint", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def scripts(write, tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    write("scripts/b.md", "# 话术\n" + MINOR + MAJOR)
    write("scripts/a.txt", "客户：不知道在哪交费。\n客服：" + MAJOR)
    write("scripts/sub/c.yaml", "lines:\n  - 客服: " + CRITICAL)
    write("scripts/clean.md", CLEAN)
    write("scripts/.hidden/d.md", MAJOR)
    write("scripts/notes.json", '{"text": "不知道"}')
    return tmp_path / "scripts"


def test_text_output_one_line_per_finding_in_file_order(scripts, capsys):
    code, out, err = run(capsys, "scripts")
    places = [(m["path"], int(m["line"]), int(m["col"]), m["rule"])
              for m in map(TEXT_LINE.match, out.splitlines())]
    assert code == 1 and err == ""
    assert places == [
        ("scripts/a.txt", 2, 7, "forbidden.dismissive"),  # the customer's 不知道 on line 1 is not the agent's
        ("scripts/b.md", 2, 9, "filler.particles"),
        ("scripts/b.md", 3, 4, "forbidden.dismissive"),
        ("scripts/sub/c.yaml", 2, 9, "forbidden.abusive"),
    ]
    assert "使用服务忌语「不知道」" in out


def test_json_output(scripts, capsys):
    code, out, _ = run(capsys, "scripts/a.txt", "--format", "json")
    (finding,) = json.loads(out)
    assert code == 1 and JSON_FIELDS <= set(finding)
    assert {k: finding[k] for k in ("path", "line", "col", "end_col", "rule", "category", "severity", "evidence")} == {
        "path": "scripts/a.txt", "line": 2, "col": 7, "end_col": 10, "rule": "forbidden.dismissive",
        "category": "forbidden", "severity": "major", "evidence": "不知道"}


def test_sarif_output_has_the_required_structure(scripts, capsys):
    code, out, _ = run(capsys, "scripts", "--format", "sarif")
    log = json.loads(out)
    assert code == 1
    assert log["version"] == "2.1.0" and log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "scriptcheck" and driver["version"]
    described = {rule["id"]: rule for rule in driver["rules"]}
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["properties"]["category"]
    levels = {}
    for result in sarif_run["results"]:
        assert result["ruleId"] in described and result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        region = location["region"]
        assert all(isinstance(region[key], int) and region[key] >= 1
                   for key in ("startLine", "startColumn", "endColumn"))
        assert region["endColumn"] > region["startColumn"]
        levels[(location["artifactLocation"]["uri"], region["startLine"], result["ruleId"])] = result["level"]
    assert levels == {
        ("scripts/a.txt", 2, "forbidden.dismissive"): "warning",
        ("scripts/b.md", 2, "filler.particles"): "note",
        ("scripts/b.md", 3, "forbidden.dismissive"): "warning",
        ("scripts/sub/c.yaml", 2, "forbidden.abusive"): "error",
    }
    assert described["forbidden.abusive"]["properties"]["category"] == "forbidden"


def test_sarif_uri_is_relative_with_forward_slashes_and_encoded(write, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write("话术/开场.md", MAJOR)
    _, out, _ = run(capsys, str(tmp_path / "话术"), "--format", "sarif")
    (result,) = json.loads(out)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "%E8%AF%9D%E6%9C%AF/%E5%BC%80%E5%9C%BA.md"


@pytest.mark.parametrize("content, args, expected", [
    (CLEAN, [], 0),
    (MINOR, [], 1),
    (MAJOR, [], 1),
    (MINOR, ["--min-severity", "major"], 0),
    (MAJOR, ["--min-severity", "major"], 1),
    (MAJOR, ["--min-severity", "critical"], 0),
    (CRITICAL, ["--min-severity", "critical"], 1),
    (MAJOR, ["--rules", "nosuch.yaml"], 2),
])
def test_exit_codes(write, tmp_path, monkeypatch, capsys, content, args, expected):
    monkeypatch.chdir(tmp_path)
    write("script.md", content)
    code, out, _ = run(capsys, "script.md", *args)
    assert code == expected
    assert (out != "") is (expected == 1)


def test_findings_below_min_severity_are_not_reported(write, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write("script.md", MINOR + MAJOR)
    _, out, _ = run(capsys, "script.md", "--min-severity", "major")
    assert [m["rule"] for m in map(TEXT_LINE.match, out.splitlines())] == ["forbidden.dismissive"]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_unreadable_script_among_good_ones(scripts, write, capsys, fmt):
    write("scripts/broken.txt", b"\x80\x80\xff\n")
    write("scripts/broken.yaml", "lines: [不知道\n")
    code, out, err = run(capsys, "scripts", "nosuch.md", "--format", fmt)
    assert code == 2
    errors = "scripts/broken.txt:1:1: error: cannot decode text", "scripts/broken.yaml:2:1: error: invalid YAML"
    assert all(error in (out if fmt == "text" else err) for error in errors)
    assert "nosuch.md: error: no such file or directory" in (out if fmt == "text" else err)
    if fmt == "text":
        assert "scripts/b.md:3:4: forbidden.dismissive" in out
    elif fmt == "json":
        assert len(json.loads(out)) == 4
    else:
        sarif_run = json.loads(out)["runs"][0]
        assert len(sarif_run["results"]) == 4
        assert sarif_run["invocations"][0]["executionSuccessful"] is False
        assert len(sarif_run["invocations"][0]["toolExecutionNotifications"]) == 3


def test_a_named_file_of_another_type_is_an_error(write, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write("notes.rst", MAJOR)
    code, out, _ = run(capsys, "notes.rst")
    assert code == 2 and out.startswith("notes.rst:1:1: error: not a script")


def test_default_path_is_the_current_directory(scripts, capsys, monkeypatch):
    monkeypatch.chdir(scripts)
    code, out, _ = run(capsys)
    assert code == 1 and out.splitlines()[0].startswith("a.txt:2:7: forbidden.dismissive")


@pytest.mark.parametrize("args", [["--format", "xml"], ["--min-severity", "high"]])
def test_usage_errors_exit_2(capsys, args):
    with pytest.raises(SystemExit) as exited:
        main(["lint", *args])
    assert exited.value.code == 2


def test_a_script_named_twice_is_reported_once(scripts, capsys):
    code, out, _ = run(capsys, "scripts", "scripts/a.txt", "./scripts/a.txt")
    assert code == 1 and out.count("a.txt:2:7: forbidden.dismissive") == 1
