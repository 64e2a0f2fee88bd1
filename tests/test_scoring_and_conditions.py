import pytest

import scriptcheck
from conftest import dialogue, module_pack

PACK = """\
scoring: {base: 100, pass_mark: 80, unqualified_fine: 50}
rules:
  - id: forbidden.minor
    type: forbidden
    category: forbidden
    severity: minor
    message: 「{evidence}」
    phrases: [嗯哼]
  - id: forbidden.capped
    type: forbidden
    category: forbidden
    message: 「{evidence}」
    phrases: [不知道]
    deduction: 10
    max_deduction: 25
    fine: 10
    max_fine: 30
  - id: forbidden.abusive
    type: forbidden
    category: forbidden
    severity: critical
    message: 骂人「{evidence}」
    phrases: [神经病]
    fatal: true
    fine: 30
  - id: disclosure.fee
    type: forbidden
    category: disclosure
    message: 未说明资费
    phrases: [资费保密]
    fatal: true
  - id: disclosure.cancellation
    type: forbidden
    category: disclosure
    message: 未说明取消方式
    phrases: [取消不了]
    fatal: true
  - id: forbidden.heavy
    type: forbidden
    category: forbidden
    message: 「{evidence}」
    phrases: [你自己看着办]
    deduction: 100
  - id: disclosure.risk
    type: required
    category: disclosure
    message: 未提示风险
    phrases: [投资有风险]
    when: {direction: outbound, metadata.risk_product: ["true", "yes"]}
    fatal: true
  - id: vip.only
    type: forbidden
    category: forbidden
    message: 「{evidence}」
    phrases: [排队]
    when: {customer.level: vip, speakers: [customer]}
"""


pack = module_pack(PACK)


@pytest.mark.parametrize("agent_text, score, passed, fatal, fine", [
    ("您好。", 100, True, False, 0),
    ("嗯哼。", 98, True, False, 0),                                  # minor severity default: 2 points
    ("不知道。不知道。", 80, True, False, 20),                       # 10 per occurrence, 10 元/次
    ("不知道。" * 4, 75, False, False, 30),                          # capped at 25 points and 30 元
    ("神经病！", 0, False, True, 30 + 50),                           # fatal: zero, failed, 不合格工单 fine
    # 不合格工单 50 元/起: once per call, however many fatal findings made it one
    ("资费保密。", 0, False, True, 50),
    ("资费保密。取消不了。", 0, False, True, 50),
    ("资费保密。取消不了。资费保密。", 0, False, True, 50),
    ("你自己看着办。", 0, False, False, 50),                          # scored 0 without a fatal rule
    ("你自己看着办。不知道。", 0, False, False, 10 + 50),            # a rule's own fine comes on top
])
def test_scoring(pack, agent_text, score, passed, fatal, fine):
    report = scriptcheck.check(dialogue(f"客服:{agent_text}"), pack)
    assert (report.score, report.passed, report.fatal, report.fine) == (score, passed, fatal, fine)


def test_capped_findings_show_the_deduction_actually_taken(pack):
    report = scriptcheck.check(dialogue("客服:" + "不知道。" * 4), pack)
    assert [(f.deduction, f.fine) for f in report.findings] == [(10, 10), (10, 10), (5, 10), (0, 0)]


@pytest.mark.parametrize("headers, customer_speaks, applies", [
    ("# direction: outbound\n# risk_product: true\n", True, True),
    ("# direction: outbound\n# risk_product: no\n", True, False),
    ("# direction: inbound\n# risk_product: yes\n", True, False),
    ("# direction: outbound\n", True, False),
])
def test_when_conditions(pack, headers, customer_speaks, applies):
    call = dialogue(headers + "客服:您好\n客户:嗯")
    rules = {f.rule for f in scriptcheck.check(call, pack).findings}
    assert ("disclosure.risk" in rules) is applies


@pytest.mark.parametrize("headers, lines, hit", [
    ("# customer.level: vip\n", "客服:请排队\n客户:好", True),
    ("# customer.level: vip\n", "客服:请排队", False),          # speakers: customer must have spoken
    ("# customer.level: normal\n", "客服:请排队\n客户:好", False),
])
def test_when_customer_fact_and_speakers(pack, headers, lines, hit):
    rules = {f.rule for f in scriptcheck.check(dialogue(headers + lines), pack).findings}
    assert ("vip.only" in rules) is hit


@pytest.mark.parametrize("scoring, fine", [
    ("{unqualified_fine: 50}", 50),
    ("{zero_score_fine: 50}", 50),                                    # the former name still reads
    ("{}", 0),
])
def test_the_unqualified_fine_is_set_in_scoring(write, scoring, fine):
    path = write("pack.yaml", f"scoring: {scoring}\n" + PACK.split("\n", 1)[1])
    report = scriptcheck.check(dialogue("客服:资费保密。取消不了。"), scriptcheck.load_rules(path))
    assert (report.fatal, report.fine) == (True, fine)


@pytest.mark.parametrize("scoring, error", [
    ("{unqualified_fine: 50, zero_score_fine: 50}",
     "scoring.zero_score_fine: zero_score_fine is the former name of unqualified_fine: set only unqualified_fine"),
    ("{unqualified_fine: -50}", "scoring.unqualified_fine: must not be negative"),
    ("{unqualified_fine: lots}", "scoring.unqualified_fine: expected a number"),
    ("{unqualifed_fine: 50}", "scoring.unqualifed_fine: unknown key (did you mean 'unqualified_fine'?)"),
])
def test_the_unqualified_fine_is_validated_at_load(write, scoring, error):
    path = write("pack.yaml", f"scoring: {scoring}\nrules: []\n")
    with pytest.raises(scriptcheck.PackError) as raised:
        scriptcheck.load_rules(path)
    assert error in str(raised.value)


SAID_PACK = """\
intents:
  offer:
    phrases: [为您推荐, 需要办理吗, {near: [优惠, 活动], within: 4}]
    not_preceded_by: [不是]
  refusal:
    phrases: [不需要, 不要了]
rules:
  - id: disclosure.fee
    type: required
    category: disclosure
    message: 未说明资费
    phrases: ["每月{*}元"]
    when: {direction: outbound, agent_said: offer}
  - id: closing.refused
    type: required
    category: closing
    message: 客户拒绝后未致谢
    phrases: [感谢您的接听]
    when: {customer_said: [offer, refusal]}
"""

said_pack = module_pack(SAID_PACK)


@pytest.mark.parametrize("lines, fired", [
    ("# direction: outbound\n客服:为您推荐一款燃气保险，需要办理吗？\n客户:好", {"disclosure.fee"}),
    ("# direction: outbound\n客服:为您推荐一款燃气保险，每月3元。\n客户:好", set()),                  # disclosed
    ("# direction: outbound\n客服:现在有个优惠的充值活动。\n客户:好", {"disclosure.fee"}),             # near
    ("# direction: outbound\n客服:回访一下您上周的报修。\n客户:好", set()),                            # nothing sold
    ("# direction: outbound\n客服:这不是为您推荐产品，是回访。\n客户:好", set()),                      # not_preceded_by
    ("# direction: inbound\n客服:为您推荐一款燃气保险。\n客户:好", set()),                             # every key must hold
    ("# direction: outbound\n客服:您好\n客户:有什么优惠的活动吗？需要办理吗？", {"closing.refused"}),  # the customer's words
    ("客服:您好\n客户:不需要", {"closing.refused"}),                                                   # any intent of a list
])
def test_a_rule_can_apply_only_where_a_party_said_an_intent(said_pack, lines, fired):
    rules = {f.rule for f in scriptcheck.check(dialogue(lines), said_pack).findings}
    assert rules == fired


@pytest.mark.parametrize("when, error", [
    ("{agent_said: ofer}", "rules[0].when.agent_said: unknown intent 'ofer' (did you mean 'offer'?)"),
    ("{agent_said: []}", "rules[0].when.agent_said: expected an intent name or a list of them, got an empty list"),
    ("{customer_said: [offer, 3]}", "rules[0].when.customer_said: expected an intent name or a list of them, got 3"),
    ("{agent_sayd: offer}", "rules[0].when.agent_sayd: unknown call fact"),
])
def test_a_said_condition_is_validated_at_load(write, when, error):
    text = ("intents:\n  offer: {phrases: [为您推荐]}\nrules:\n  - id: a\n    type: required\n    category: c\n"
            f"    message: m\n    phrases: [x]\n    when: {when}\n")
    with pytest.raises(scriptcheck.PackError) as raised:
        scriptcheck.load_rules(write("pack.yaml", text))
    assert error in str(raised.value)


def test_a_said_condition_needs_intents_in_the_pack(write):
    text = "rules:\n  - id: a\n    type: required\n    category: c\n    message: m\n    phrases: [x]\n" \
           "    when: {agent_said: offer}\n"
    with pytest.raises(scriptcheck.PackError) as raised:
        scriptcheck.load_rules(write("pack.yaml", text))
    assert "unknown intent 'offer' (the pack defines no intents)" in str(raised.value)
