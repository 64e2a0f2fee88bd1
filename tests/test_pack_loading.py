import pytest

import scriptcheck
from scriptcheck import PackError

RULE = """\
rules:
  - id: closing.inbound
    type: required
    category: closing
    message: 缺少标准结束语
    phrases: ["感谢您的来电{*}再见"]
"""


@pytest.mark.parametrize("yaml_text, expected", [
    ("rules: [\n", "pack.yaml:2:1: invalid YAML"),
    ("rules:\n  - id: a\n    type: forbidden\n    category: forbidden\n    message: m\n    phrse: [x]\n",
     "pack.yaml:6:5: rules[0].phrse: unknown key (did you mean 'phrases'?)"),
    ("scoring:\n  pass_mrk: 80\n", "pack.yaml:2:3: scoring.pass_mrk: unknown key (did you mean 'pass_mark'?)"),
    ("rulez: []\n", "pack.yaml:1:1: rulez: unknown key (did you mean 'rules'?)"),
    ("rules:\n  - id: a\n    type: forbidden\n    category: forbidden\n    message: m\n    phrases: [x]\n"
     "    fine: lots\n", "pack.yaml:7:5: rules[0].fine: expected a number, got 'lots'"),
    ("rules:\n  - id: a\n    type: forbidden\n    category: forbidden\n    message: m\n    patterns: ['(unclosed']\n",
     "rules[0].patterns[0]: invalid regular expression '(unclosed'"),
    ("rules:\n  - id: a\n    type: forbidden\n    category: forbidden\n    phrases: [x]\n",
     "pack.yaml:2:5: rules[0]: missing required key 'message'"),
    ("rules:\n  - id: a\n    type: forbiden\n", "rules[0].type: unknown rule type 'forbiden'; expected one of "
     "required, forbidden, count, response, sequence, address, rate, hold, silence, interruption, duration, fact, readback, privacy, "
     "hangup_wait, declined "
     "(did you mean 'forbidden'?)"),
    ("rules:\n  - id: a\n    type: forbidden\n    category: forbidden\n    message: m\n    severity: huge\n"
     "    phrases: [x]\n", "rules[0].severity: must be one of minor, major, critical, got 'huge'"),
    ("rules:\n  - id: a\n    type: required\n    category: opening\n    message: m\n    phrases: ['{company}您好']\n",
     "rules[0].phrases[0]: unknown slot {company}"),
    ("rules:\n  - id: a\n    type: required\n    category: opening\n    message: m\n    phrases: [x]\n"
     "    window: {middle: 2}\n", "rules[0].window: expected {first: N} or {last: N}"),
    ("rules:\n  - id: a\n    type: forbidden\n    category: forbidden\n    message: m\n    phrases: [x]\n"
     "    when: {directon: outbound}\n", "rules[0].when.directon: unknown call fact"),
    ("rules:\n  - id: a\n    type: forbidden\n    category: forbidden\n    message: m\n    phrases: [x]\n"
     "    when: {direction: sideways}\n", "rules[0].when.direction: direction must be inbound or outbound"),
    ("rules:\n  - id: a\n    type: count\n    category: filler\n    message: m\n    phrases: [x]\n",
     "a count rule needs 'max' or 'min'"),
    ("rules:\n  - id: a\n    type: count\n    category: filler\n    message: m\n    phrases: [x]\n    max: 2\n"
     "    per_turns: 2\n", "rules[0].per_turns: 'per_turns' needs 'min'"),
    ("rules:\n  - id: a\n    type: count\n    category: filler\n    message: m\n    phrases: [x]\n    min: 2\n"
     "    per_turns: 0\n", "rules[0].per_turns: must be at least 1, got 0"),
    ("rules:\n  - id: a\n    type: response\n    category: response\n    message: m\n    triggers: [谢谢]\n"
     "    phrases: []\n", "pack.yaml:7:5: rules[0].phrases: must not be empty"),
    ("rules:\n  - id: a\n    type: sequence\n    category: closing\n    message: m\n    phrases: [再见]\n"
     "    before: []\n", "rules[0].before: must not be empty"),
    ("rules:\n  - id: a\n    type: required\n    category: opening\n    message: m\n    phrases: []\n",
     "rules[0].phrases: must not be empty"),
    ("rules:\n  - id: a\n    type: forbidden\n    category: forbidden\n    message: '{score}'\n    phrases: [x]\n",
     "rules[0].message: message placeholder {score} is not available"),
    ("slots:\n  agent_no: {pattern: '[0-9'}\n", "slots.agent_no.pattern: invalid regular expression"),
    ("rules: !!python/object/apply:os.system ['true']\n", "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
     "is not allowed"),
    ("- just\n- a list\n", "pack.yaml:1:1: a rule pack must be a mapping"),
    ("scoring: false\n", "pack.yaml:1:1: scoring: expected a mapping, got False"),
    ("", "pack.yaml:1:1: rule pack is empty"),
    (RULE + RULE[7:], "rules[1].id: duplicate rule id 'closing.inbound'"),
    ("extends: nowhere.yaml\n", "nowhere.yaml: cannot read rule pack"),
    ("disable: [closing.inbnd]\n" + RULE, "disable[0]: no rule 'closing.inbnd' to disable (did you mean 'closing.inbound'?)"),
])
def test_pack_errors_name_file_line_col_and_key(pack_from, yaml_text, expected):
    with pytest.raises(PackError) as caught:
        pack_from(yaml_text)
    assert expected in str(caught.value)


def test_all_problems_of_a_pack_are_reported_at_once(pack_from):
    with pytest.raises(PackError) as caught:
        pack_from("rules:\n  - id: a\n    type: forbidden\n    category: f\n    message: m\n    phrases: [x]\n"
                  "    fien: 1\n  - id: b\n    type: count\n    category: f\n    message: m\n    phrases: [y]\n")
    lines = str(caught.value).splitlines()
    assert len(lines) == 2
    assert "rules[0].fien: unknown key (did you mean 'fine'?)" in lines[0]
    assert "rules[1]: a count rule needs 'max' or 'min'" in lines[1]


def test_alias_bomb_is_refused(pack_from):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefgh":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, " \
                f"*{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
    with pytest.raises(PackError, match="document too large"):
        pack_from(bomb)


def test_extends_overrides_and_disables_single_rules(write, pack_from):
    write("base.yaml", """
        pack: base
        rules:
          - id: forbidden.a
            type: forbidden
            category: forbidden
            message: 忌语「{evidence}」
            phrases: [不知道]
            fine: 10
          - id: forbidden.b
            type: forbidden
            category: forbidden
            message: 忌语「{evidence}」
            phrases: [不清楚]
          - id: forbidden.c
            type: forbidden
            category: forbidden
            message: 忌语「{evidence}」
            phrases: [没办法]
        """)
    pack = pack_from("""
        extends: base.yaml
        pack: child
        version: "2.1"
        disable: [forbidden.c]
        rules:
          - id: forbidden.a
            fine: 50
          - id: forbidden.b
            disabled: true
        """, name="child.yaml")
    assert pack.label == "child@2.1"
    assert [r.id for r in pack.rules] == ["forbidden.a"]
    assert pack.rule("forbidden.a").fine == 50 and pack.rule("forbidden.a").message == "忌语「{evidence}」"


def test_override_error_points_at_the_child_file(write, pack_from):
    write("base.yaml", RULE)
    with pytest.raises(PackError) as caught:
        pack_from("extends: base.yaml\nrules:\n  - id: closing.inbound\n    similarty: 90\n", name="child.yaml")
    assert "child.yaml:4:5: rules[0].similarty: unknown key (did you mean 'similarity'?)" in str(caught.value)


def test_extends_cycle_is_an_error(write, pack_from):
    write("a.yaml", "extends: b.yaml\n")
    write("b.yaml", "extends: a.yaml\n")
    with pytest.raises(PackError, match="cycle"):
        scriptcheck.load_rules(write("c.yaml", "extends: a.yaml\n"))


def test_unknown_bundled_pack_name_suggests(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PackError, match="no rule pack named 'defualt'.*did you mean 'default'"):
        scriptcheck.load_rules("defualt")


def test_pack_in_gbk_is_refused_with_offset(write):
    path = write("gbk.yaml", "rules: []\n# 注释\n".encode("gbk"))
    with pytest.raises(PackError, match=r"gbk.yaml:2: rule pack is not UTF-8 \(bad byte at offset \d+\)"):
        scriptcheck.load_rules(path)
