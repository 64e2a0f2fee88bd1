"""Project settings: found from the current directory up to the repository root, validated with positions."""
import pytest

from scriptcheck.cli import main
from scriptcheck.lint.files import Ignore
from scriptcheck.lint.config import discover

# A script with a major forbidden phrase (line 1) and a minor filler over-use (line 2).
SCRIPT = "不知道。\n这个嘛，好喽，行呗。\n"
BOTH = {"forbidden.dismissive", "filler.particles"}


def lint(capsys, *args):
    code = main(["lint", *args])
    out, err = capsys.readouterr()
    rules = {line.split(": ")[1] for line in out.splitlines() if ": error: " not in line}
    return code, rules, out + err


@pytest.fixture
def repo(tmp_path, write, monkeypatch):
    """A script repository (with .git) inside tmp_path, the current directory being its `scripts/` folder."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    write("repo/scripts/a.md", SCRIPT)
    monkeypatch.chdir(tmp_path / "repo" / "scripts")
    return tmp_path / "repo"


@pytest.mark.parametrize("files, reported", [
    ({}, BOTH),
    ({"repo/scripts/.scriptcheck.yaml": "disable: [filler.*]\n"}, {"forbidden.dismissive"}),
    ({"repo/.scriptcheck.yaml": "disable: [filler.*]\n"}, {"forbidden.dismissive"}),
    ({"repo/pyproject.toml": "[tool.scriptcheck]\ndisable = ['forbidden.*']\n"}, {"filler.particles"}),
    # A pyproject.toml without the table does not stop the search.
    ({"repo/scripts/pyproject.toml": "[project]\nname = 'x'\n",
      "repo/.scriptcheck.yaml": "min_severity: major\n"}, {"forbidden.dismissive"}),
    # The nearest settings win; in one folder, .scriptcheck.yaml before pyproject.toml.
    ({"repo/.scriptcheck.yaml": "disable: [filler.*]\n",
      "repo/scripts/.scriptcheck.yaml": "disable: [forbidden.*]\n"}, {"filler.particles"}),
    ({"repo/.scriptcheck.yaml": "disable: [filler.*]\n",
      "repo/pyproject.toml": "[tool.scriptcheck]\ndisable = ['forbidden.*']\n"}, {"forbidden.dismissive"}),
    # The search stops at the repository root.
    ({".scriptcheck.yaml": "disable: [filler.*]\n"}, BOTH),
])
def test_settings_are_found_upwards_to_the_repository_root(repo, write, capsys, files, reported):
    for name, text in files.items():
        write(name, text)
    code, rules, _ = lint(capsys, "a.md")
    assert (code, rules) == (1, reported)


def test_explicit_config_file(repo, write, capsys):
    write("repo/.scriptcheck.yaml", "disable: [filler.*]\n")
    write("elsewhere/settings.toml", "[tool.scriptcheck]\nmin_severity = 'critical'\n")
    assert lint(capsys, "a.md", "--config", str(repo.parent / "elsewhere" / "settings.toml"))[:2] == (0, set())


@pytest.mark.parametrize("settings, args, reported", [
    ("min_severity: major\n", [], {"forbidden.dismissive"}),
    ("min_severity: major\n", ["--min-severity", "minor"], BOTH),
    ("", ["--min-severity", "critical"], set()),
])
def test_min_severity_from_settings_and_command_line(repo, write, capsys, settings, args, reported):
    write("repo/.scriptcheck.yaml", settings)
    code, rules, _ = lint(capsys, "a.md", *args)
    assert (code, rules) == (1 if reported else 0, reported)


def test_rules_path_is_relative_to_the_settings_file(repo, write, capsys):
    write("repo/rules/house.yaml", """
        extends: default
        disable: [forbidden.dismissive]
    """)
    write("repo/.scriptcheck.yaml", "rules: rules/house.yaml\n")
    assert lint(capsys, "a.md")[:2] == (1, {"filler.particles"})
    # --rules on the command line wins over the settings.
    assert lint(capsys, "a.md", "--rules", "default")[:2] == (1, BOTH)


def test_linting_the_repository_skips_its_settings_and_rule_pack(repo, write, capsys, monkeypatch):
    write("repo/rules/house.yaml", "extends: default\n")
    write("repo/settings/scriptcheck.yaml", "rules: ../rules/house.yaml\n")
    monkeypatch.chdir(repo)
    code, rules, output = lint(capsys, ".", "--config", "settings/scriptcheck.yaml")
    assert (code, rules) == (1, BOTH) and "error" not in output


@pytest.mark.parametrize("globs, path, ignored", [
    (["README.md"], "README.md", True),
    (["README.md"], "scripts/README.md", True),
    (["drafts/"], "drafts/a.md", True),
    (["drafts"], "drafts/old/a.md", True),
    (["drafts/*.md"], "drafts/a.md", True),
    (["drafts/*.md"], "scripts/drafts.md", False),
    (["/a.md"], "scripts/a.md", False),
    (["scripts/*.txt"], "scripts/a.md", False),
    (["*.txt"], "scripts/a.txt", True),
])
def test_ignore_globs_are_relative_to_the_settings_folder(tmp_path, globs, path, ignored):
    assert Ignore(tmp_path, tuple(globs))(tmp_path / path) is ignored


def test_ignored_files_are_skipped_even_when_named(repo, write, capsys):
    write("repo/.scriptcheck.yaml", "ignore: [scripts/a.md, drafts/]\n")
    write("repo/drafts/b.md", SCRIPT)
    write("repo/scripts/c.md", "不清楚。\n")
    code, _, output = lint(capsys, "a.md", "../drafts", "c.md")
    assert code == 1 and output.startswith("c.md:1:1: forbidden.dismissive") and output.count("\n") == 1


@pytest.mark.parametrize("name, text, problem", [
    (".scriptcheck.yaml", "rules: default\nignre: [README.md]\n",
     ".scriptcheck.yaml:2:1: error: ignre: unknown key (did you mean 'ignore'?)"),
    (".scriptcheck.yaml", "min_severity: high\n",
     ".scriptcheck.yaml:1:1: error: min_severity: must be one of minor, major, critical, got 'high'"),
    (".scriptcheck.yaml", "disable: [filler.*, forbiden.dismissive]\n",
     ".scriptcheck.yaml:1:21: error: disable[1]: no rule matches 'forbiden.dismissive' "
     "(did you mean 'forbidden.dismissive'?)"),
    (".scriptcheck.yaml", "disable: filler.particles\n", ".scriptcheck.yaml:1:1: error: disable: expected a list"),
    (".scriptcheck.yaml", "rules: [default\n", ".scriptcheck.yaml:2:1: error: invalid YAML"),
    (".scriptcheck.yaml", "rules: defualt\n", ".scriptcheck.yaml:1:1: error: rules: no rule pack named 'defualt' "
     "(bundled: chat, default, outbound-sales) (did you mean 'default'?)"),
    (".scriptcheck.yaml", "rules: packs/nosuch.yaml\n", "nosuch.yaml: error: cannot read rule pack"),
    ("pyproject.toml", "[project]\nname = 'x'\n\n[tool.scriptcheck]\nrules = 'default'\nmin_severty = 'major'\n",
     "pyproject.toml:6:1: error: min_severty: unknown key (did you mean 'min_severity'?)"),
    ("pyproject.toml", "[tool.scriptcheck]\ndisable = 'x'\n", "pyproject.toml:2:1: error: disable: expected a list"),
    ("pyproject.toml", "[tool.scriptcheck]\nrules = \n", "pyproject.toml:2:9: error: invalid TOML"),
])
def test_bad_settings_stop_the_run_with_their_position(repo, write, capsys, name, text, problem):
    write(f"repo/scripts/{name}", text)
    code, rules, output = lint(capsys, "a.md")
    assert (code, rules) == (2, set())
    assert problem in output


def test_missing_config_file_is_a_usage_error(repo, capsys):
    code, rules, output = lint(capsys, "a.md", "--config", "nosuch.yaml")
    assert (code, rules) == (2, set()) and "nosuch.yaml: error: no such config file" in output


def test_discover_returns_none_outside_any_settings(tmp_path):
    (tmp_path / ".git").mkdir()
    assert discover(tmp_path) is None
