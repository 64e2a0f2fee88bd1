"""Intents and phrase operators: defined once, used by any rule type, errors at load with file:line:col."""
import pytest

import scriptcheck
from conftest import dialogue, module_pack, rule_findings, run_cli
from scriptcheck.errors import PackErrors

PACK = """\
intents:
  declining:
    phrases: [不需要, 不用了]
  thanks:
    phrases: [谢谢, 多谢]
    not_preceded_by: [{intent: declining}, 给我]
    context: 10
  thanks_answer:
    phrases: [不客气, 应该的, {near: [客气, 亲], within: 3}]
  apology:
    phrases: [不好意思, 抱歉]
    not_followed_by: [有什么用, 请问]
    context: 5
  attitude:
    phrases: [{near: [态度, 差], within: 4}, 投诉]
    not_preceded_by: [不是]
    context: 3
  nested:
    phrases: [{intent: attitude}, 坑人]
rules:
  - id: response.thanks
    type: response
    category: response
    message: 致谢「{evidence}」未回应
    triggers: [{intent: thanks}]
    phrases: [{intent: thanks_answer}]
  - id: forbidden.word
    type: forbidden
    category: forbidden
    message: 忌语「{evidence}」
    phrases: [{intent: apology}]
    speaker: customer
  - id: count.complaints
    type: count
    category: response
    message: 投诉{count}次
    speaker: customer
    phrases: [{intent: nested}]
    max: 0
"""
pack = module_pack(PACK)


@pytest.mark.parametrize("customer, agent, fires", [
    ("好的，谢谢", "不客气", False),
    ("好的，谢谢", "您客气啦亲", False),           # near: 客气 … 亲
    ("好的，谢谢", "应该的", False),
    ("好的，谢谢", "好的", True),
    ("你给我发个链接。谢谢", "好的", False),       # not_preceded_by: a request
    ("这个不需要了，谢谢", "好的", False),         # not_preceded_by: {intent: declining}
])
def test_intent_triggers_and_answers(pack, customer, agent, fires):
    call = dialogue(f"客户:{customer}\n客服:{agent}")
    assert bool(rule_findings(scriptcheck.check(call, pack), "response.thanks")) is fires


@pytest.mark.parametrize("text, evidence", [
    ("不好意思，我说错了", ["不好意思"]),
    ("不好意思请问几点下班", []),                   # not_followed_by within 5 characters
    ("抱歉有什么用", []),
    ("抱歉，我刚才说得太快，请问", ["抱歉"]),         # 请问 is farther than the context
])
def test_not_followed_by(pack, text, evidence):
    found = rule_findings(scriptcheck.check(dialogue(f"客户:{text}"), pack), "forbidden.word")
    assert [f.evidence for f in found] == evidence


@pytest.mark.parametrize("text, evidence", [
    ("你们态度太差了", ["态度太差"]),                # near: the span covers both words
    ("差劲的态度", ["差劲的态度"]),                  # in any order
    ("态度还可以，就是物流太慢了，真的很差", []),     # too far apart
    ("我不是投诉", []),
    ("这是坑人", ["坑人"]),                         # an intent inside an intent
])
def test_near_negation_and_nesting(pack, text, evidence):
    found = rule_findings(scriptcheck.check(dialogue(f"客户:{text}"), pack), "count.complaints")
    assert [o.evidence for f in found for o in f.occurrences] == evidence


@pytest.mark.parametrize("yaml_text, expected", [
    ("intents: {a: {phrases: [x]}}\nrules:\n  - {id: r, type: forbidden, category: c, message: m, phrases: [{intent: b}]}\n",
     "pack.yaml:3:66: rules[0].phrases[0].intent: unknown intent 'b'"),
    ("intents: {thanks: {phrases: [x]}}\nrules:\n  - {id: r, type: forbidden, category: c, message: m, "
     "phrases: [{intent: thank}]}\n", "unknown intent 'thank' (did you mean 'thanks'?)"),
    ("intents:\n  a: {phrases: [{intent: b}]}\n  b: {phrases: [{intent: a}]}\nrules: []\n",
     "intents refer to each other in a cycle: a -> b -> a"),
    ("intents:\n  a: {phrases: [x], not_preceded_by: [{intent: a}]}\nrules: []\n",
     "intents refer to each other in a cycle: a -> a"),
    ("intents:\n  a: {phrases: []}\nrules: []\n", "pack.yaml:2:7: intents.a.phrases: must not be empty"),
    ("intents:\n  a: {phrases: [{near: [x]}]}\nrules: []\n", "expected a list of two or more words"),
    ("intents:\n  a: {phrases: [x], contxt: 3}\nrules: []\n", "unknown key (did you mean 'context'?)"),
    ("rules:\n  - {id: r, type: forbidden, category: c, message: m, phrases: [{text: x, within: 3}]}\n",
     "'within' goes with 'near'"),
])
def test_intent_errors_are_pack_errors_with_position(pack_from, yaml_text, expected):
    with pytest.raises(PackErrors) as refused:
        pack_from(yaml_text)
    assert expected in str(refused.value)


def test_a_child_pack_redefines_an_intent_for_the_parents_rules(pack_from, write):
    write("parent.yaml", PACK)
    child = pack_from("extends: parent.yaml\nintents:\n  thanks_answer: {phrases: [谢谢夸奖]}\n", "child.yaml")
    call = dialogue("客户:好的，谢谢\n客服:不客气")
    assert rule_findings(scriptcheck.check(call, child), "response.thanks")  # 不客气 is no longer an answer


def test_intent_threshold_is_the_rules_default(pack_from):
    compiled = pack_from("""\
        intents:
          closing: {phrases: [感谢您的来电再见], similarity: 70}
        rules:
          - {id: r, type: required, category: c, message: m, phrases: [{intent: closing}]}
          - {id: s, type: required, category: c, message: m, phrases: [{intent: closing}], similarity: 95}
        """)
    assert (compiled.rule("r").similarity, compiled.rule("s").similarity) == (70.0, 95.0)


def test_rules_test_runs_intent_examples(capsys, write):
    path = write("pack.yaml", """\
        intents:
          thanks:
            phrases: [谢谢]
            not_preceded_by: [不用了]
            examples:
              hit: [好的谢谢, 不用了谢谢]
              pass: [不用了，谢谢]
        rules: []
        """)
    code, out, _ = run_cli(capsys, "rules", "test", str(path))
    assert code == 1
    assert out.splitlines()[-1] == "2 passed, 1 failed"
    assert "FAIL intent thanks hit[1]: expected the intent to match, it did not" in out
    assert "preceded by 「不用了」 (not_preceded_by)" in out


def test_explain_names_the_intent_and_alternative(capsys, write):
    path = write("pack.yaml", PACK)
    call = write("call.txt", "客户:好的，谢谢\n客服:您客气啦亲\n")
    code, out, _ = run_cli(capsys, "rules", "explain", "response.thanks", "--rules", str(path),
                           "--transcript", str(call))
    assert code == 0
    assert "(phrase 「谢谢」 (intent thanks, checked for context 10 characters around))" in out
    assert "「客气…亲」 (intent thanks_answer, near, within 3)" in out


def test_bundled_intents_all_have_hit_and_pass_examples():
    for name in ("default", "outbound-sales"):
        for intent in scriptcheck.load_rules(name).intents.values():
            assert intent.examples.get("hit") and intent.examples.get("pass"), intent.name


@pytest.mark.parametrize("text, hits", [
    ("不好意思，我刚才看错了", True),          # an item of any words: 看错
    ("实在不好意思我没注意", True),             # an intent's phrases as a near item: 没注意
    ("不好意思，请问几点下班", False),           # no own fault near
    ("不用了 我看错了，不好意思", True),         # the context is read around 不好意思, not the fault before it
])
def test_near_items_may_be_lists_and_intents(pack_from, text, hits):
    compiled = pack_from("""\
        intents:
          fault: {phrases: [没注意, 忘了]}
          apology:
            phrases: [{near: [不好意思, [看错, 说错, {intent: fault}]], within: 12}]
            not_preceded_by: [不用了]
            context: 4
        rules:
          - {id: r, type: count, category: c, message: m, speaker: customer, max: 0, phrases: [{intent: apology}]}
        """)
    assert bool(rule_findings(scriptcheck.check(dialogue(f"客户:{text}"), compiled), "r")) is hits


THANKS_AFTER_HOLD = """\
rules:
  - id: response.thanks
    type: response
    category: response
    message: m
    triggers: [谢谢]
    trigger_not_after: [请稍等]
    phrases: [不客气]
  - id: hold.return
    type: response
    category: hold
    message: m
    trigger_speaker: agent
    hold: true
    triggers: [请稍等]
    finished: [查到了, 帮您看了]
    phrases: [感谢您的等待]
"""


@pytest.mark.parametrize("text, rules", [
    ("客服:好的，请稍等\n客户:谢谢\n客服:您的快递明天到。", {"hold.return"}),   # 谢谢 acknowledges the wait
    ("客服:明天到。\n客户:谢谢\n客服:嗯。", {"response.thanks"}),
    ("客服:请稍等，帮您看了\n客户:嗯\n客服:明天到。", set()),                  # finished at once: no hold
    ("客服:请稍等，查到了，明天到\n客户:好\n客服:嗯。", set()),
])
def test_trigger_not_after_and_finished(pack_from, text, rules):
    compiled = pack_from(THANKS_AFTER_HOLD)
    assert {f.rule for f in scriptcheck.check(dialogue(text), compiled).findings} == rules


@pytest.mark.parametrize("text, hits", [
    ("亲，您的订单明天到", True),
    ("您的订单明天到亲", False),       # 亲 in passing does not greet
])
def test_at_start(pack_from, text, hits):
    compiled = pack_from("""\
        rules:
          - {id: r, type: count, category: c, message: m, max: 0, phrases: [{text: 亲, at_start: true}]}
        """)
    assert bool(rule_findings(scriptcheck.check(dialogue(f"客服:{text}"), compiled), "r")) is hits
