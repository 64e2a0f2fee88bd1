"""Every rule of every bundled pack carries examples that must hit and must not, and they hold."""
import re

import pytest

import scriptcheck
from conftest import dialogue
from scriptcheck.checks.phrase_hits import PhraseSpec

STANDARDS = ("000_a1ec612fb541be75.txt", "001_8b5444d061145ccf.txt", "002_3bbc69e3c3c38058.txt",
             "003_5f13d7eb3340499d.txt", "004_99fd23da75bb1f7f.txt")
PACKS = sorted(scriptcheck.bundled_packs())
_HAN = re.compile(r"[\u4e00-\u9fff]")


def test_both_packs_are_bundled():
    assert {"default", "outbound-sales"} <= set(PACKS)


def _rules():
    for name in PACKS:
        pack = scriptcheck.load_rules(name)
        for rule in pack.rules:
            yield pytest.param(pack, rule, id=f"{name}:{rule.id}")


@pytest.mark.parametrize("pack, rule", list(_rules()))
def test_rule_is_documented_and_sourced(pack, rule):
    assert _HAN.search(rule.message), "messages quote the standard in Chinese"
    assert any(rule.source.startswith(s) or s in rule.source for s in STANDARDS), rule.source
    assert rule.examples.get("hit") and rule.examples.get("pass"), "needs at least one hit and one pass example"


@pytest.mark.parametrize("pack, rule", list(_rules()))
def test_rule_examples_hold(pack, rule):
    for text in rule.examples["hit"]:
        report = scriptcheck.check(dialogue(text, f"{rule.id}-hit"), pack)
        assert rule.id in {f.rule for f in report.findings}, f"must hit:\n{text}"
    for text in rule.examples["pass"]:
        report = scriptcheck.check(dialogue(text, f"{rule.id}-pass"), pack)
        assert rule.id not in {f.rule for f in report.findings}, f"must not hit:\n{text}"


def _forbidden_phrases():
    pack = scriptcheck.load_rules("default")
    for rule in pack.rules:
        if rule.type != "forbidden" or rule.when is not None:
            continue  # a rule under a condition (time of day, direction…) is shown by its own examples
        for spec in rule.phrases:
            if isinstance(spec, PhraseSpec) and spec.template is not None and spec.template.literal:
                yield pytest.param(pack, rule, spec.label, id=f"{rule.id}:{spec.label}")


@pytest.mark.parametrize("pack, rule, phrase", list(_forbidden_phrases()))
def test_every_forbidden_expression_is_caught_as_written(pack, rule, phrase):
    report = scriptcheck.check(dialogue(f"客户:请问一下。\n客服:{phrase}"), pack)
    caught = [f for f in report.findings if f.category == rule.category and f.utterance == 1]
    assert caught, f"「{phrase}」 was not caught"
    assert any(f.rule == rule.id for f in caught) or all(
        (f.span[1] - f.span[0]) >= len(phrase) - 2 for f in caught)
