"""docs/coverage.md stays in step with docs/coverage.yaml and with the bundled packs.

The coverage table names, for every requirement of the standards that a transcript can show, the rules
that enforce it. Readers use it as the checklist of what the packs do and do not check, so a rule that
is renamed, removed or added without the table noticing must fail here.
"""
from __future__ import annotations

import importlib.util
import re

import pytest

import scriptcheck
from conftest import REPO

_HAN = re.compile(r"[\u4e00-\u9fff]")
STATUSES = {"full", "partial", "none"}


def _renderer():
    spec = importlib.util.spec_from_file_location("render_coverage", REPO / "scripts" / "render-coverage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RENDER = _renderer()
DATA = RENDER.load()
REQUIREMENTS = DATA["requirements"]
PACKS = {name: scriptcheck.load_rules(name) for name in sorted(scriptcheck.bundled_packs())}
BUNDLED_RULES = {rule.id for pack in PACKS.values() for rule in pack.rules}
NAMED_RULES = sorted({rule for req in REQUIREMENTS for rule in req.get("rules") or ()})
UNMAPPED = {item["rule"]: item["why"] for item in DATA.get("unmapped_rules") or ()}


def test_markdown_is_rendered_from_the_yaml():
    assert (REPO / "docs" / "coverage.md").read_text(encoding="utf-8") == RENDER.render(DATA), (
        "docs/coverage.md is out of date: run python scripts/render-coverage.py")


def test_stated_share_of_full_is_the_computed_one():
    doc = (REPO / "docs" / "coverage.md").read_text(encoding="utf-8")
    stated = re.search(r"\*\*Full: (\d+) of (\d+) checkable requirements \((\d+\.\d) %\)\.\*\*", doc)
    assert stated, "the summary line is missing from docs/coverage.md"
    full = sum(req["status"] == "full" for req in REQUIREMENTS)
    total = len(REQUIREMENTS)
    assert (int(stated[1]), int(stated[2])) == (full, total)
    assert float(stated[3]) == round(100 * full / total, 1)
    print(f"coverage: {full} of {total} checkable requirements full ({100 * full / total:.1f} %)")


def test_at_least_nine_in_ten_requirements_are_fully_enforced():
    full = sum(req["status"] == "full" for req in REQUIREMENTS)
    assert full / len(REQUIREMENTS) >= 0.9, (
        f"{full} of {len(REQUIREMENTS)} requirements full: the packs must enforce at least 90 % in full")


@pytest.mark.parametrize("rule", NAMED_RULES)
def test_every_named_rule_exists_in_a_bundled_pack(rule):
    assert rule in BUNDLED_RULES


@pytest.mark.parametrize("pack, rule", [(name, rule.id) for name, pack in PACKS.items() for rule in pack.rules])
def test_every_bundled_rule_is_tied_to_a_requirement(pack, rule):
    assert rule in NAMED_RULES or rule in UNMAPPED, (
        f"{pack}:{rule} is in no requirement of docs/coverage.yaml (or in unmapped_rules with a reason)")


def test_unmapped_rules_exist_and_say_why():
    for rule, why in UNMAPPED.items():
        assert rule in BUNDLED_RULES and rule not in NAMED_RULES, rule
        assert why.strip(), rule


def test_ids_are_unique_and_use_a_known_prefix():
    ids = [req["id"] for req in REQUIREMENTS]
    assert len(ids) == len(set(ids))
    prefixes = {str(p) for p in DATA["prefixes"]}
    for req_id in ids:
        assert any(req_id == p or req_id.startswith(p + "-") or req_id.startswith(p + ".") for p in prefixes), req_id
    used = {p for p in prefixes if any(i.startswith(p + "-") or i.startswith(p + ".") for i in ids)}
    assert used == prefixes, f"prefixes no id uses: {sorted(prefixes - used)}"


@pytest.mark.parametrize("req", REQUIREMENTS, ids=[req["id"] for req in REQUIREMENTS])
def test_requirement_is_well_formed(req):
    assert req["topic"] in DATA["topics"]
    assert str(req["file"]) in DATA["sources"]
    assert req["id"].startswith(str(req["file"]))
    assert req["section"].strip() and _HAN.search(req["quote"]), "a section and a quote of the standard"
    assert req["why"].strip()
    assert req["status"] in STATUSES
    enforced = list(req.get("rules") or ()) + list(req.get("mechanisms") or ())
    if req["status"] == "none":
        assert not enforced, "a requirement nothing enforces names no rule"
    else:
        assert enforced, "a full or partial requirement names what enforces it"


@pytest.mark.parametrize("req", [r for r in REQUIREMENTS if r.get("mechanisms")], ids=lambda r: r["id"])
def test_named_scoring_mechanisms_are_set(req):
    for mechanism in req["mechanisms"]:
        pack, setting = mechanism.split(" ")
        section, key = setting.split(".")
        assert section == "scoring" and getattr(PACKS[pack].scoring, key), mechanism


def test_not_checkable_items_say_why():
    assert DATA["not_checkable"]
    for item in DATA["not_checkable"]:
        assert item["source"][:3] in DATA["sources"] and _HAN.search(item["what"]) and item["why"].strip()
