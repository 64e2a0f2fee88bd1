"""``scriptcheck rules check | test | list``: what a rule author sees and the exit codes a hook relies on."""
import json
import re

import pytest

import scriptcheck
from conftest import REPO, run_cli

BUNDLED = ("default", "outbound-sales")
PROBLEM_LINE = re.compile(r"^.+\.yaml:\d+:\d+: \S+: .+$")

SEVERAL_ERRORS = """\
pack: several
disable: [courtesy.nim]
rules:
  - id: forbidden.x
    type: forbiden
    category: forbidden
    message: 「{evidence}」
  - id: forbidden.y
    type: forbidden
    category: forbidden
    message: 「{evidence}」
    phrse: [你等着]
    severity: huge
"""

# A standalone pack: one rule whose hit example does not hit (喂 inside 喂奶 is not on a word boundary).
BROKEN_EXAMPLE = """\
pack: broken
rules:
  - id: forbidden.hold_music
    type: forbidden
    category: forbidden
    message: 使用服务忌语「{evidence}」
    phrases: [你等着, {text: 喂, boundary: word}]
    examples:
      hit:
        - |
          客服:您好！请问有什么可以帮助您？
          客户:我家燃气灶坏了。
          客服:您等一下，我在给孩子喂奶呢。
        - "客服:你等着。"
      pass: ["客服:让您久等了。"]
"""

# Script-line examples: no speaker labels, so every line is the agent's; headers still apply.
SCRIPT_LINES = """\
pack: script
rules:
  - id: opening.outbound_script
    type: required
    category: opening
    message: 缺少「{phrase}」
    when: {direction: outbound}
    window: {first: 1}
    phrases: ["我是{*}客服中心"]
    examples:
      hit:
        - |
          # direction: outbound
          喂，明天上午师傅上门安检。
      pass:
        - |
          # direction: outbound
          您好！我是中邑燃气客服中心1024号，请问您是王先生吗？
        - "喂：说吧！"
"""

MISSED_REQUIRED = """\
pack: missed
rules:
  - id: opening.simple
    type: required
    category: opening
    message: 缺少「{phrase}」
    window: {first: 1}
    phrases: [请问有什么可以帮助您]
    examples:
      hit: ["客服:喂，中邑燃气。"]
      pass: ["客服:您好，中邑燃气，有什么事？"]
"""

TYPO_IN_DIALOGUE = """\
pack: typo
rules:
  - id: forbidden.wait
    type: forbidden
    category: forbidden
    message: 「{evidence}」
    phrases: [你等着]
    examples:
      hit: ["客服:你好\\n客fu:你等着。"]
      pass: ["客服:让您久等了。"]
"""


def run(capsys, *argv):
    return run_cli(capsys, *argv)


def example_count(pack) -> int:
    rules = sum(len(rule.examples.get("hit", ())) + len(rule.examples.get("pass", ())) for rule in pack.rules)
    intents = sum(len(texts) for intent in pack.intents.values() for texts in intent.examples.values())
    return rules + intents + sum(len(texts) for scene in pack.scenes for texts in scene.examples.values())


# ------------------------------------------------------------------ rules check

@pytest.mark.parametrize("files, packs, code, expected", [
    ({}, list(BUNDLED), 0, ["default: ok ({default} rules)", "outbound-sales: ok ({outbound} rules)"]),
    ({}, ["rules/default.yaml", "rules/outbound-sales.yaml"], 0,
     ["rules/default.yaml: ok ({default} rules)", "rules/outbound-sales.yaml: ok ({outbound} rules)"]),
    ({"bad.yaml": SEVERAL_ERRORS}, ["{tmp}/bad.yaml", "default"], 1,
     ["{tmp}/bad.yaml:2:11: disable[0]: no rule 'courtesy.nim' to disable",
      "{tmp}/bad.yaml:5:5: rules[0].type: unknown rule type 'forbiden'",
      "{tmp}/bad.yaml:12:5: rules[1].phrse: unknown key (did you mean 'phrases'?)",
      "{tmp}/bad.yaml:13:5: rules[1].severity: must be one of minor, major, critical, got 'huge'",
      "default: ok ({default} rules)"]),
    ({}, ["{tmp}/missing.yaml"], 1, ["{tmp}/missing.yaml: cannot read rule pack: No such file or directory"]),
    ({}, ["defualt"], 1, ["no rule pack named 'defualt'", "(did you mean 'default'?)"]),
], ids=["bundled names", "bundled files", "several errors", "missing file", "misspelt name"])
def test_check(capsys, tmp_path, monkeypatch, files, packs, code, expected):
    monkeypatch.chdir(REPO)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    got, out, _ = run(capsys, "rules", "check", *(p.format(tmp=tmp_path) for p in packs))
    counts = {"default": len(scriptcheck.load_rules("default").rules),
              "outbound": len(scriptcheck.load_rules("outbound-sales").rules)}
    assert got == code
    for line in expected:
        assert line.format(tmp=tmp_path, **counts) in out
    for line in out.splitlines():
        assert line.endswith(" rules)") or PROBLEM_LINE.match(line) or "rule pack" in line


def test_check_prints_every_problem_exactly_as_loading_reports_them(capsys, write):
    path = write("bad.yaml", SEVERAL_ERRORS)
    with pytest.raises(scriptcheck.PackErrors) as raised:
        scriptcheck.load_rules(path)
    _, out, _ = run(capsys, "rules", "check", str(path))
    assert out.splitlines() == [str(e) for e in raised.value.errors]
    assert len(raised.value.errors) == 4


def test_check_without_a_pack_is_a_usage_error(capsys):
    code, _, err = run(capsys, "rules", "check")
    assert code == 2 and "PACK" in err


# ------------------------------------------------------------------ rules test

@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_examples_all_pass(capsys, name):
    code, out, _ = run(capsys, "rules", "test", name)
    assert code == 0
    assert out.splitlines()[-1] == f"{example_count(scriptcheck.load_rules(name))} passed, 0 failed"
    assert "FAIL" not in out


@pytest.mark.parametrize("pack, verbose, code, closing, expected", [
    (BROKEN_EXAMPLE, False, 1, "2 passed, 1 failed",
     ["FAIL forbidden.hold_music hit[0]: expected a finding, got none",
      "    | 客服:您好！请问有什么可以帮助您？",
      "not on a word boundary (jieba: 喂奶)", "\nF..\n"]),
    (SCRIPT_LINES, False, 0, "3 passed, 0 failed", ["..."]),
    (SCRIPT_LINES, True, 0, "3 passed, 0 failed",
     ["PASS opening.outbound_script hit[0]", "PASS opening.outbound_script pass[0]",
      "PASS opening.outbound_script pass[1]"]),
    (MISSED_REQUIRED, False, 1, "1 passed, 1 failed",
     ["FAIL opening.simple pass[0]: expected no finding, got 1",
      "missing; closest: #0 agent 「您好，中邑燃气，有什么事？」 vs phrase 「请问有什么可以帮助您」, similarity"]),
    (TYPO_IN_DIALOGUE, False, 1, "1 passed, 1 failed",
     ["FAIL forbidden.wait hit[0]: cannot read the example: ", ":2:1: unknown speaker '客fu'"]),
    (SEVERAL_ERRORS, False, 1, "0 passed, 1 failed",
     ["cannot load the pack", "rules[1].phrse: unknown key (did you mean 'phrases'?)"]),
], ids=["hit that does not hit", "script lines", "script lines verbose", "pass that misses a phrase",
        "typo in a speaker label", "pack that does not load"])
def test_examples(capsys, write, pack, verbose, code, closing, expected):
    path = write("pack.yaml", pack)
    got, out, _ = run(capsys, "rules", "test", str(path), *(["-v"] if verbose else []))
    assert got == code
    assert out.splitlines()[-1] == closing
    for text in expected:
        assert text in out


def test_failure_says_why_a_condition_kept_the_rule_from_applying(capsys, write):
    path = write("pack.yaml", SCRIPT_LINES.replace("# direction: outbound\n          喂", "喂"))
    code, out, _ = run(capsys, "rules", "test", str(path))
    assert code == 1
    assert "applies: no — needs direction is outbound, this call has direction = inbound" in out


# ------------------------------------------------------------------ rules list

def _table(out: str) -> list[list[str]]:
    return [re.split(r" {2,}", line, maxsplit=7) for line in out.splitlines()]


@pytest.mark.parametrize("name", BUNDLED)
def test_list_text_has_a_row_per_rule_with_its_fields(capsys, name):
    pack = scriptcheck.load_rules(name)
    code, out, _ = run(capsys, "rules", "list", name)
    rows = _table(out)
    assert code == 0
    assert rows[0] == ["id", "type", "category", "severity", "deduction", "fine", "fatal", "source"]
    assert [row[0] for row in rows[1:]] == [rule.id for rule in pack.rules]
    for rule, row in zip(pack.rules, rows[1:]):
        assert row[1:7] == [rule.type, rule.category, rule.severity, f"{rule.deduction:g}", f"{rule.fine:g}",
                            "yes" if rule.fatal else "no"]
        assert row[7] == rule.source
    starts = {line.index(" " + line.split()[1] + " ") for line in out.splitlines()}
    assert len(starts) == 1, "the type column is aligned"


@pytest.mark.parametrize("argv, name", [(["--format", "json"], "default"),
                                        (["outbound-sales", "--format", "json"], "outbound-sales")])
def test_list_json_has_an_object_per_rule(capsys, argv, name):
    pack = scriptcheck.load_rules(name)
    code, out, _ = run(capsys, "rules", "list", *argv)
    rows = json.loads(out)
    assert code == 0
    assert rows == [{"id": r.id, "type": r.type, "category": r.category, "severity": r.severity,
                     "deduction": r.deduction, "fine": r.fine, "fatal": r.fatal, "source": r.source}
                    for r in pack.rules]


def test_list_shows_the_fatal_disclosure_rules_of_outbound_sales(capsys):
    _, out, _ = run(capsys, "rules", "list", "outbound-sales", "--format", "json")
    fatal = {row["id"]: row["fine"] for row in json.loads(out) if row["fatal"]}
    # 致命性问题 only; the 不合格工单 is fined once per call by the pack's scoring, not per finding
    assert fatal == {"disclosure.activation_time": 0.0, "disclosure.fee": 0.0, "disclosure.cancellation": 0.0}


def test_list_of_a_broken_pack_is_an_error(capsys, write):
    code, out, err = run(capsys, "rules", "list", str(write("bad.yaml", SEVERAL_ERRORS)))
    assert code == 2 and not out and "rules[1].phrse" in err
