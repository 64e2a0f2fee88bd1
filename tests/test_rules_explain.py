"""``scriptcheck rules explain``: what a rule checks, and on a call whether it applies, fired, and why."""
import json
import re

import pytest

import scriptcheck
from conftest import dialogue, run_cli
from scriptcheck.engine import prepare
from scriptcheck.authoring.examples import read_example
from scriptcheck.authoring.explain import explain_call, find_rule
from scriptcheck.checks.phrase_hits import find_hits

INBOUND_OPENING = "客户:我想交燃气费。\n"


def run(capsys, *argv):
    return run_cli(capsys, *argv)


@pytest.mark.parametrize("rule_id, pack, expected", [
    ("forbidden.dismissive", "default",
     ["type:         forbidden — expressions an agent must never say", "「不知道」  not inside: 不知道您,",
      "「这是规定，就不行」", "10 points per finding", "no fine", "not fatal",
      "message:      使用服务忌语「{evidence}」", "003_5f13d7eb3340499d.txt 服务规范 三、服务忌语例句 1, 2, 4, 5",
      "pack:         default@1.0"]),
    ("opening.inbound", "default",
     ["must say:     「{greeting}{*}请问有什么可以帮助您」", "the agent's first 2 utterances",
      "similarity:   85", "applies to:   calls where direction is inbound and scene is not silent",
      "{greeting} = 您好 | 早上好"]),
    ("forbidden.rude_address", "default",
     ["「喂」  [the hit must start and end on word boundaries (jieba)]"]),
    ("disclosure.fee", "outbound-sales",
     ["FATAL: a finding zeroes the score and fails the call", "no fine",
      "applies to:   calls where direction is outbound and the agent says sales_offer",
      "source:       003_5f13d7eb3340499d.txt 六、外呼制度 7"]),
    ("forbidden.dismissive", "outbound-sales", ["10 points per finding", "fine 10 元 per finding"]),
    ("response.thanks", "default", ["triggers:     「谢谢」", "said by:      customer", "answers:      「不用谢」",
                                    "in the agent's next 2 utterance(s) after the trigger"]),
    ("rate.agent", "default", ["limit:        at most 220 字/分", "a call without timestamps is not judged"]),
    ("hangup.agent", "default", ["fact:         metadata.hangup_by", "when the fact is agent"]),
], ids=lambda value: value if isinstance(value, str) and "." in value else None)
def test_explain_a_rule_in_plain_words(capsys, rule_id, pack, expected):
    code, out, _ = run(capsys, "rules", "explain", rule_id, "--rules", pack)
    assert code == 0
    assert out.startswith(rule_id + "\n")
    for text in expected:
        assert text in out


@pytest.mark.parametrize("argv, message", [
    (["forbiden.dismissive"],
     "no rule 'forbiden.dismissive' in pack default@1.0 (did you mean 'forbidden.dismissive'?)"),
    (["disclosure.fees", "--rules", "outbound-sales"], "(did you mean 'disclosure.fee'?)"),
    (["forbidden.dismissive", "--rules", "nope.yaml"], "nope.yaml: cannot read rule pack"),
    (["forbidden.dismissive", "--transcript", "{tmp}/missing.txt"], "missing.txt: cannot read file"),
])
def test_explain_errors_exit_2(capsys, tmp_path, argv, message):
    code, out, err = run(capsys, "rules", "explain", *(a.format(tmp=tmp_path) for a in argv))
    assert code == 2 and not out
    assert message.format(tmp=tmp_path) in err


CALLS = [
    # (case, rule, pack, transcript, expected lines, fired)
    ("required phrase missed", "opening.inbound", "default",
     "客服:喂，中邑燃气。\n" + INBOUND_OPENING,
     ["window (first 2 of the agent's utterances): #0",
      re.compile(r"missing; closest: #0 agent 「喂，中邑燃气。」 vs phrase 「.+」, similarity [\d.]+ < 85")], True),
    ("required phrase accepted by fuzzy match", "opening.inbound", "default",
     "客服:您好，请问有什么可以帮住您？\n" + INBOUND_OPENING,
     [re.compile(r"no exact match; accepted by fuzzy matching: #0 agent 「您好，请问有什么可以帮住您？」 "
                 r"vs phrase 「\{greeting\}\{\*\}请问有什么可以帮.*您」, similarity (\d+(\.\d)?) ≥ 85")], False),
    ("required phrase said exactly", "opening.inbound", "default",
     "客服:您好！请问有什么可以帮助您？\n" + INBOUND_OPENING,
     ["said exactly: #0 [0:13] 「您好！请问有什么可以帮助您」 in 「您好！请问有什么可以帮助您？」 "
      "matches 「{greeting}{*}请问有什么可以帮助您」"], False),
    ("forbidden phrase inside an exception", "forbidden.dismissive", "default",
     "# direction: outbound\n客服:您好！我是中邑燃气客服中心1024号，请问您是王先生吗？不知道您现在方便吗？\n客户:方便。",
     ["not counted: #0 [28:31] 「不知道」 in 「您好！我是中邑燃气客服中心1024号，请问您是王先生吗？不知道您现在方便吗？」 "
      "(phrase 「不知道」): inside exception 「不知道您」"], False),
    ("forbidden phrase off a word boundary", "forbidden.rude_address", "default",
     "客服:您好！请问有什么可以帮助您？\n客户:师傅下午再来吧，我在给孩子喂奶。\n客服:好的，您先给宝宝喂奶。",
     ["not counted: #2 [8:9] 「喂」 in 「好的，您先给宝宝喂奶。」 (phrase 「喂」): not on a word boundary (jieba: 喂奶)"],
     False),
    ("forbidden letters inside a longer run of letters and digits", "forbidden.abusive", "default",
     "客服:您好！请问有什么可以帮助您？\n客户:报警器怎么充电？\n客服:用USB线充电就可以。",
     ["not counted: #2 [2:4] 「SB」 in 「用USB线充电就可以。」 (phrase 「sb」): inside a longer run of letters and "
      "digits (USB)"], False),
    ("forbidden phrase said by the other speaker", "forbidden.dismissive", "default",
     "客服:您好！请问有什么可以帮助您？\n客户:我也不知道怎么回事，燃气灶打不着火。\n客服:请您先检查一下电池。",
     ["not counted: #1 [2:5] 「不知道」 in 「我也不知道怎么回事，燃气灶打不着火。」 (phrase 「不知道」): "
      "other speaker (customer)"], False),
    ("forbidden phrase that is not a whole clause", "forbidden.curt_command", "default",
     "客服:您好！请问有什么可以帮助您？\n客户:……\n客服:请您拿起话筒说话好吗？",
     ["(phrase 「说话」): not a whole clause"], False),
    ("forbidden phrase inside a longer one of the rule", "forbidden.dismissive", "default",
     "客服:您好！请问有什么可以帮助您？\n客户:能便宜点吗？\n客服:不知道就别说了。",
     ["hit: #2 [0:7] 「不知道就别说了」 in 「不知道就别说了。」 (phrase 「不知道就别说了」)",
      "(phrase 「不知道」): inside a longer hit 「不知道就别说了」 of this rule"], True),
    ("forbidden phrase inside a longer one of another rule", "forbidden.dismissive", "default",
     "客服:您好！请问有什么可以帮助您？\n客户:燃气表坏了。\n客服:不是我的事，我不知道。",
     ["not counted: #2 [7:10] 「不知道」 in 「不是我的事，我不知道。」 (phrase 「不知道」): inside a longer "
      "forbidden expression 「不是我的事，我不知道」 of rule forbidden.shirking"], False),
    ("forbidden phrase hit", "forbidden.dismissive", "default",
     "客服:您好！请问有什么可以帮助您？\n客户:燃气价格会涨吗？\n客服:不知道。",
     ["#2 agent [0:3] 「不知道」 (-10): 使用服务忌语「不知道」", "hit: #2 [0:3] 「不知道」 in 「不知道。」"], True),
    ("forbidden phrase hit under the outbound fines", "forbidden.dismissive", "outbound-sales",
     "# direction: outbound\n客服:您好！我是中邑燃气客服中心1024号，请问您是王先生吗？\n客户:燃气价格会涨吗？\n客服:不知道。",
     ["#2 agent [0:3] 「不知道」 (-10, 10 元): 使用服务忌语「不知道」"], True),
    ("rule that does not apply", "opening.outbound", "default",
     "客服:喂，燃气公司的。\n" + INBOUND_OPENING,
     ["applies: no — needs direction is outbound, this call has direction = inbound", "fired: no (not judged)"], False),
    ("outbound-only rule of outbound-sales on an inbound call", "disclosure.fee", "outbound-sales",
     "客服:您好！请问有什么可以帮助您？\n" + INBOUND_OPENING,
     ["applies: no — needs direction is outbound, this call has direction = inbound"], False),
    ("disclosure rule of outbound-sales on a service callback", "disclosure.fee", "outbound-sales",
     "# direction: outbound\n客服:您好！我是中邑燃气客服中心1024号，请问您是王先生吗？\n客户:是我。\n"
     "客服:您上周报修的燃气灶已经修好了，想回访一下您对维修服务是否满意？",
     ["applies: no — needs the agent says sales_offer, this call has agent_said = false"], False),
    ("timing rule on an untimed call", "rate.agent", "default",
     "客服:您好！请问有什么可以帮助您？\n" + INBOUND_OPENING, ["why:\n  no timestamps: not judged"], False),
    ("timing rule on a timed call", "rate.agent", "default",
     "[00:00.0-00:05.0] 客服:您好！请问有什么可以帮助您？\n[00:05.5-00:07.0] 客户:我想交燃气费。\n"
     "[00:07.5-00:13.0] 客服:好的，请您提供一下您家的燃气户号。",
     [re.compile(r"whole call: [\d.]+ 字/分 \(limit: at most 220 字/分\)")], False),
    ("fact rule without the fact", "hangup.agent", "default",
     "客服:您好！请问有什么可以帮助您？\n" + INBOUND_OPENING, ["the call has no metadata.hangup_by: not judged"], False),
    ("fact rule with the fact", "hangup.agent", "default",
     "# hangup_by: agent\n客服:您好！请问有什么可以帮助您？\n" + INBOUND_OPENING,
     ["metadata.hangup_by = agent; a finding when equal to agent: a finding"], True),
    ("response not given", "response.thanks", "default",
     "客服:您好！请问有什么可以帮助您？\n客户:好的，谢谢。\n客服:嗯。",
     ["trigger: #1 [3:5] 「谢谢」 in 「好的，谢谢。」 (phrase 「谢谢」 (intent thanks, checked for context 30 "
      "characters around))", "answer window: #2",
      re.compile(r"missing; closest: #2 agent 「嗯。」 vs phrase 「.+」 \(intent thanks_answer\), similarity [\d.]+ < 85")], True),
    ("sequence anchor without the question", "closing.anything_else", "default",
     "客服:您好！请问有什么可以帮助您？\n客户:好的。\n客服:感谢您的来电，再见！",
     ["anchor: #2 [7:9] 「再见」", re.compile(r"missing; closest: #0 .+ < 100")], True),
    ("count over its maximum", "filler.particles", "default",
     "客服:好嘛。\n客户:嗯。\n客服:对嘛，就这样喽，交了就行呗。",
     ["counted: #0 [1:2] 「嘛」", "count 4 > max 2: a finding at occurrence 3"], True),
    ("address counted", "address.surname", "default",
     "# customer.surname: 王\n客服:王先生您好！请问有什么可以帮助您？\n客户:交费。\n客服:好的，王先生。",
     ["surname 「王」 from the call fact customer.surname", "addressed: #2 [3:6] 「王先生」",
      "count 2, at least 2 required: enough"], False),
]


@pytest.mark.parametrize("case, rule_id, pack, text, expected, fired", CALLS, ids=[c[0] for c in CALLS])
def test_explain_on_a_call(capsys, write, case, rule_id, pack, text, expected, fired):
    path = write("call.txt", text)
    code, out, _ = run(capsys, "rules", "explain", rule_id, "--rules", pack, "--transcript", str(path))
    assert code == 0
    assert f"call: {path} (id call," in out
    for line in expected:
        assert (line.search(out) if isinstance(line, re.Pattern) else line in out), line
    assert ("\nfired: yes" in out) == fired
    report = scriptcheck.check(scriptcheck.read_transcript(path), scriptcheck.load_rules(pack))
    assert any(f.rule == rule_id for f in report.findings) == fired, "the explanation agrees with score"


def test_explain_reads_any_transcript_format(capsys, write):
    path = write("call.json", json.dumps({"id": "c-1", "direction": "outbound", "utterances": [
        {"speaker": "agent", "text": "喂，燃气公司的。"}, {"speaker": "customer", "text": "嗯。"}]}, ensure_ascii=False))
    code, out, _ = run(capsys, "rules", "explain", "opening.outbound", "--transcript", str(path))
    assert code == 0
    assert "call: " in out and "(id c-1, outbound, phone, 2 utterances, no timestamps)" in out
    assert "fired: yes, 1 finding" in out and "missing; closest: #0 agent 「喂，燃气公司的。」" in out


def _example_calls():
    for name in scriptcheck.bundled_packs():
        pack = scriptcheck.load_rules(name)
        for rule in pack.rules:
            for kind in ("hit", "pass"):
                for number, text in enumerate(rule.examples.get(kind, ())):
                    yield pytest.param(pack, rule, text, id=f"{name}:{rule.id}:{kind}[{number}]")


@pytest.mark.parametrize("pack, rule, text", list(_example_calls()))
def test_explanation_agrees_with_the_engine_on_every_bundled_example(pack, rule, text):
    call = read_example(text, "example.txt")
    fired = any(f.rule == rule.id for f in scriptcheck.check(call, pack).findings)
    lines = explain_call(pack, rule, call)
    assert ("fired: yes" in "\n".join(lines)) == fired


@pytest.mark.parametrize("pack, rule, text", [p for p in _example_calls()
                                               if p.values[1].type in ("forbidden", "count")])
def test_tracing_suppressed_candidates_leaves_the_hits_unchanged(pack, rule, text):
    context = prepare(dialogue(text), pack)
    index = pack.rules.index(rule)
    trace: list = []
    assert find_hits(context, index, rule.phrases, rule.speaker, trace=trace) == find_hits(
        context, index, rule.phrases, rule.speaker)
    assert all(isinstance(reason, str) and reason for *_, reason in trace)


def test_find_rule_names_the_closest_id():
    pack = scriptcheck.load_rules()
    assert find_rule(pack, "forbidden.dismissive").type == "forbidden"
    with pytest.raises(LookupError, match="did you mean 'closing.inbound'"):
        find_rule(pack, "closing.inbund")
