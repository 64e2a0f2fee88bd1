"""The `scriptcheck-lint` hook of .pre-commit-hooks.yaml, run by the real pre-commit tool.

pre-commit builds the hook's virtualenv from this repository (dependencies from PyPI), which takes about
a minute, so the environment is built once per module and shared by the cases.
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytest.importorskip("pre_commit")

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 600


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def init_repo(folder: Path) -> Path:
    git("init", "-q", cwd=folder)
    git("config", "user.email", "author@example.com", cwd=folder)
    git("config", "user.name", "Script Author", cwd=folder)
    return folder


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """This repository's working tree as a commit of its own.

    try-repo snapshots changes to tracked files only; new files (a hook, a module) would be missing
    until committed, so the tree is copied — tracked and untracked, minus what .gitignore excludes.
    """
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs git and a git checkout of scriptcheck")
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO).split("\0")
    copy = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            target = copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    init_repo(copy)
    git("add", "-A", cwd=copy)
    git("commit", "-q", "-m", "snapshot", cwd=copy)
    return copy


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.mark.parametrize("script, status, output", [
    ("# 结束语\n\n- 客服：不知道。\n", 1, "script.md:3:6: forbidden.dismissive: 使用服务忌语「不知道」"),
    ("# 结束语\n\n- 客服：请问还有其它问题吗？\n- 客服：感谢您的来电，再见！\n", 0, "Passed"),
])
def test_lint_hook_fails_a_commit_with_a_forbidden_phrase(hook_repo, pre_commit_home, tmp_path, script, status,
                                                          output):
    work = init_repo(tmp_path)
    (work / "script.md").write_text(script, encoding="utf-8")
    git("add", "script.md", cwd=work)
    environment = {**os.environ, "PRE_COMMIT_HOME": str(pre_commit_home)}
    ran = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "scriptcheck-lint",
                          "--files", "script.md"], cwd=work, env=environment, capture_output=True, text=True,
                         timeout=TIMEOUT)
    assert ran.returncode == status, ran.stdout + ran.stderr
    assert output in ran.stdout


def _hook(hook_id: str) -> dict:
    """A hook as .pre-commit-hooks.yaml declares it to pre-commit."""
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    return next(hook for hook in hooks if hook["id"] == hook_id)


@pytest.mark.parametrize("path, linted", [
    ("scripts/opening.md", True),
    ("话术/结束语.markdown", True),
    ("notes.txt", True),
    ("calls/outbound.yml", True),
    ("scripts/call.yaml", True),
    (".pre-commit-config.yaml", False),
    (".scriptcheck.yaml", False),
    ("scripts/.scriptcheck.yaml", False),
    (".github/workflows/ci.yml", False),
    ("rules/house.yaml", False),
    ("pyproject.toml", False),
    ("scripts/call.json", False),
])
def test_lint_hook_selects_script_files(path, linted):
    hook = _hook("scriptcheck-lint")
    assert (hook["entry"], hook["language"]) == ("scriptcheck lint", "python")
    selected = bool(re.search(hook["files"], path)) and not re.search(hook["exclude"], path)
    assert selected is linted


@pytest.mark.parametrize("path, checked", [
    ("rules/house.yaml", True),
    ("packs/rules/outbound.yml", True),
    ("scripts/opening.yaml", False),
    ("rules/README.md", False),
])
def test_rules_hook_selects_rule_packs(path, checked):
    hook = _hook("scriptcheck-rules")
    assert (hook["entry"], hook["language"]) == ("scriptcheck rules check", "python")
    assert bool(re.search(hook["files"], path)) is checked
