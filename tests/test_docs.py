"""The YAML shown in the README and in docs/rule-packs.md loads, so the documentation cannot drift."""
import re

import pytest

import scriptcheck
from conftest import REPO, dialogue
from scriptcheck.callfacts import DERIVED_FACTS
from scriptcheck.checks import COMMON_OPTIONS, RULE_TYPES
from scriptcheck.checks.phrase_compile import PHRASE_KEYS
from scriptcheck.conditions import SAID_FACTS
from scriptcheck.pack.intents import INTENT_OPTIONS
from scriptcheck.pack.loader import SCORING_OPTIONS, SLOT_OPTIONS, TOP_OPTIONS
from scriptcheck.pack.scene_signs import SIGN_OPTIONS
from scriptcheck.pack.scenes import SCENE_OPTIONS

FENCE = re.compile(r"```yaml\n(.*?)```", re.S)


@pytest.mark.parametrize("doc", ["README.md", "docs/rule-packs.md"])
def test_yaml_examples_in_docs_load(doc, write):
    blocks = FENCE.findall((REPO / doc).read_text(encoding="utf-8"))
    assert blocks
    for i, block in enumerate(blocks):
        pack = scriptcheck.load_rules(write(f"doc{i}.yaml", block))
        for rule in pack.rules:
            for text in rule.examples.get("hit", ()):
                assert rule.id in {f.rule for f in scriptcheck.check(dialogue(text), pack).findings}


def test_schema_doc_lists_every_key():
    doc = (REPO / "docs" / "rule-packs.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", doc, re.M))
    keys = (set(TOP_OPTIONS) | set(SCORING_OPTIONS) | set(SLOT_OPTIONS) | set(COMMON_OPTIONS) | set(PHRASE_KEYS)
            | set(INTENT_OPTIONS) | set(SCENE_OPTIONS) | set(SIGN_OPTIONS))
    for rule_type in RULE_TYPES.values():
        keys |= set(rule_type.options)
    assert keys - documented == set(), "keys missing from docs/rule-packs.md"
    when_facts = {"direction", "channel", "speakers", "scene", *DERIVED_FACTS, *SAID_FACTS}
    assert documented - keys - when_facts == set(), "documented keys the code does not know"
