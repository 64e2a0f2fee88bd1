"""Every rule type declares all it needs in one place, and ``rules explain`` works for a rule of each type."""
import importlib
import json
import pkgutil
import re

import pytest

import scriptcheck.checks
from conftest import run_cli
from scriptcheck.checks import RULE_TYPES, RuleType
from scriptcheck.schema import Option

# Timed, with a customer who gives their surname and thanks, a hold of 30 s and the agent hanging up 2 s after
# the goodbye.
CALL = {"id": "t1", "direction": "inbound", "metadata": {"hangup_by": "agent", "call_seconds": 50.0}, "utterances": [
    {"speaker": "agent", "text": "您好，请问有什么可以帮助您？", "start": 0.0, "end": 3.0},
    {"speaker": "customer", "text": "我姓王，燃气费交了还显示欠费，谢谢。", "start": 3.5, "end": 8.0},
    {"speaker": "agent", "text": "不知道，请您稍等。", "start": 8.0, "end": 10.0},
    {"speaker": "agent", "text": "王先生，感谢您的等待，已经帮您查到了。", "start": 40.0, "end": 44.0},
    {"speaker": "customer", "text": "好的好的", "start": 43.0, "end": 45.0},
    {"speaker": "agent", "text": "请问还有其他问题吗？再见。", "start": 45.5, "end": 48.0}]}

# type: (the rule's own keys, a line of its description, a line of why it fired or not on CALL)
EXPLAINED = {
    "required": ("phrases: [请问有什么可以帮助您], window: {first: 1}", "window:       the agent's first 1 utterances",
                 "said exactly: #0 [3:13] 「请问有什么可以帮助您」"),
    "forbidden": ("phrases: [不知道]", "a hit inside a longer hit of another forbidden rule is dropped too",
                  "hit: #2 [0:3] 「不知道」"),
    "count": ("phrases: [请], max: 1", "more than 1 occurrences in a call is a finding",
              "count 3 > max 1: a finding at occurrence 2"),
    "response": ("triggers: [谢谢], phrases: [不用谢]", "answers:      「不用谢」",
                 "missing; closest: #2 agent 「不知道，请您稍等。」 vs phrase 「不用谢」"),
    "sequence": ("phrases: [再见], before: [还有其他问题]", "before it:    「还有其他问题」",
                 "said before it: #5 [2:8] 「还有其他问题」"),
    "address": ("min: 1", "minimum:      surname + title at least 1 times", "count 1, at least 1 required: enough"),
    "rate": ("max: 100", "limit:        at most 100 字/分", "whole call: 246.3 字/分 (limit: at most 100 字/分)"),
    "hold": ("triggers: [请您稍等], returns: [感谢您的等待], max_total: 20", "limit:        longest hold 20 s",
             "longest hold: 30 s (limit 20 s)"),
    "silence": ("max: 10", "limit:        at most 10 s of silence", "longest silence before the speaker spoke: 30 s"),
    "interruption": ("speaker: customer", "limit:        overlap allowed 1 s",
                     "longest overlap: 1 s at #4 (tolerance 1 s)"),
    "duration": ("max: 30", "limit:        at most 30 s of call length", "call length: 48 s (limit: at most 30 s)"),
    "fact": ("fact: metadata.hangup_by, equals: agent", "fact:         metadata.hangup_by",
             "metadata.hangup_by = agent; a finding when equal to agent: a finding"),
    "readback": ("kinds: [mobile]", "read back:    its digits (or its last four) in the agent's next 2 utterance(s)",
                 "the customer gives no number of the kinds mobile: nothing to read back"),
    "hangup_wait": ("after: [再见], min: 5", "limit:        at least 5 s before the agent hangs up",
                    "hung up 2 s after #5 (at least 5 s)"),
    "privacy": ("public: ['4008123456']", "public:       4008123456",
                "the agent says no number of the kinds mobile, id_card, bank_card"),
    "declined": ("phrases: [已经帮您查到], declines: [不知道], accepts: [我姓王]", "accepts:      「我姓王」",
                 "#1 「我姓王」 accepted: no finding"),
}


def test_every_registered_type_has_an_explain_case():
    assert set(EXPLAINED) == set(RULE_TYPES)


def test_every_module_declaring_a_rule_type_is_registered():
    declared = set()
    for info in pkgutil.iter_modules(scriptcheck.checks.__path__):
        module = importlib.import_module(f"scriptcheck.checks.{info.name}")
        if isinstance(getattr(module, "RULE_TYPE", None), RuleType):
            declared.add(module.RULE_TYPE.name)
    assert declared == set(RULE_TYPES)


@pytest.mark.parametrize("name", sorted(RULE_TYPES))
def test_a_rule_type_declares_every_part(name):
    rule_type = RULE_TYPES[name]
    assert rule_type.name == name
    assert re.match(rf"``type: {name}`` — \S", rule_type.doc.strip()), "doc must open with ``type: NAME`` — summary"
    assert "Example::" in rule_type.doc
    assert rule_type.summary and "``" not in rule_type.summary
    assert all(isinstance(option, Option) and option.doc for option in rule_type.options.values())
    assert isinstance(rule_type.message_fields, tuple) and all(isinstance(f, str) for f in rule_type.message_fields)
    for part in ("build", "describe", "why", "in_script", "as_fragment"):
        assert callable(getattr(rule_type, part)), part
    assert rule_type.merge_findings is None or callable(rule_type.merge_findings)
    assert isinstance(rule_type.timed, bool)


@pytest.mark.parametrize("name", sorted(RULE_TYPES))
def test_rules_explain_works_for_a_rule_of_every_type(capsys, write, name):
    keys, described, why = EXPLAINED[name]
    pack = write("pack.yaml", f"rules:\n  - {{id: t.{name}, type: {name}, category: {name}, message: m, {keys}}}\n")
    call = write("call.json", json.dumps(CALL, ensure_ascii=False))
    code, out, err = run_cli(capsys, "rules", "explain", f"t.{name}", "--rules", str(pack), "--transcript", str(call))
    assert code == 0, err
    assert f"type:         {name} — {RULE_TYPES[name].summary}\n" in out
    assert described in out
    assert "applies: yes" in out
    assert why in out.split("\nwhy:\n", 1)[1]

