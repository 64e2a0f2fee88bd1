"""The example script repository lints as examples/scripts/README.md says."""
import re

import pytest

from conftest import REPO
from scriptcheck.cli import main

SCRIPTS = REPO / "examples" / "scripts"
README = (SCRIPTS / "README.md").read_text(encoding="utf-8")


def documented_output() -> str:
    (block,) = re.findall(r"```text\n(.*?)```", README, re.S)
    return block


def lint(capsys, *args):
    code = main(["lint", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_output_in_the_script_repository_is_as_documented(monkeypatch, capsys):
    monkeypatch.chdir(SCRIPTS)
    assert lint(capsys) == (1, documented_output(), "")


def test_from_the_repository_root_with_the_settings_named(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    code, out, _ = lint(capsys, "examples/scripts", "--config", "examples/scripts/.scriptcheck.yaml")
    expected = "".join("examples/scripts/" + line for line in documented_output().splitlines(keepends=True))
    assert (code, out) == (1, expected)


@pytest.mark.parametrize("name", ["inbound-opening.md", "outbound-call.yaml", "complaint.txt"])
def test_clean_scripts_have_no_findings(monkeypatch, capsys, name):
    monkeypatch.chdir(SCRIPTS)
    assert lint(capsys, name) == (0, "", "")


def test_without_the_settings_the_disabled_rule_is_reported(monkeypatch, capsys, tmp_path):
    no_settings = tmp_path / ".scriptcheck.yaml"
    no_settings.write_text("", encoding="utf-8")
    monkeypatch.chdir(SCRIPTS)
    code, out, _ = lint(capsys, "outbound-call.yaml", "--config", str(no_settings))
    assert code == 1 and out.startswith("outbound-call.yaml:7:26: forbidden.ask_name: ")
    assert "`outbound-call.yaml:7:26` is reported too (`forbidden.ask_name`" in README


DOC = (REPO / "docs" / "lint.md").read_text(encoding="utf-8")


def doc_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC, re.S)


@pytest.mark.parametrize("name, script", [
    ("front-matter.md", next(b for b in doc_blocks("markdown") if b.startswith("---\ndirection"))),
    ("script.yaml", next(b for b in doc_blocks("yaml") if b.startswith("direction"))),
    ("suppressed.md", next(b for b in doc_blocks("markdown") if "disable=forbidden" in b)),
    ("suppressed.yaml", next(b for b in doc_blocks("yaml") if "disable=forbidden" in b)),
])
def test_scripts_in_the_docs_lint_as_described(tmp_path, monkeypatch, capsys, name, script):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(script, encoding="utf-8")
    assert lint(capsys, name) == (0, "", "")
    if "disable=" in script:
        (tmp_path / name).write_text(re.sub(r"\s*(<!--|#) scriptcheck:.*", "", script), encoding="utf-8")
        assert lint(capsys, name)[0] == 1
