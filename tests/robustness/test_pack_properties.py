"""The rule-pack loader, fed broken and hostile YAML, compiles a pack or raises PackError — nothing else.

Inputs: a pack with one rule of every type whose values are replaced, removed or added at any place
(wrong types, unknown keys, bad regexes, unknown slots, missing packs to extend …); YAML's own tricks
(aliases, tags, merge keys, duplicate keys, deep nesting); the bundled pack cut short or with a piece
cut out; arbitrary text. A pack that compiles checks every sample call without failing.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from robustness_strategies import CANONICAL, YAML_TRICKS, pieces, with_huge, yaml_documents, yaml_values
from robustness_support import (REPO, assert_pack_error_lines, check_and_write, fuzz, record_case,
                                robustness_tally)  # noqa: F401  (robustness_tally: autouse fixture)

import scriptcheck
from scriptcheck import PackError
from scriptcheck.transcripts.canonical import transcript_from_dict

DEFAULT_TEXT = (REPO / "rules" / "default.yaml").read_text(encoding="utf-8")


def _one_rule_of_each_type() -> dict:
    default = yaml.safe_load(DEFAULT_TEXT)
    rules, types = [], set()
    for rule in default["rules"]:
        if rule["type"] not in types:
            types.add(rule["type"])
            rules.append(rule)
    return {"pack": "fuzz", "version": "1.0", "description": "每种规则一条",
            "scoring": {"base": 100, "pass_mark": 60, "zero_score_fine": 50,
                        "deductions": {"minor": 2, "major": 5, "critical": 10}},
            "slots": default["slots"], "disable": [], "rules": rules}


BASE_PACK = _one_rule_of_each_type()
SAMPLE_CALLS = [
    transcript_from_dict(CANONICAL, source="sample.json"),
    transcript_from_dict({"direction": "outbound", "started_at": "2026-10-01T20:00:00",
                          "metadata": {"hangup_by": "agent", "ring_seconds": 30, "risk_product": True},
                          "utterances": [{"speaker": "客服", "text": "喂？喂？请问能听到吗？", "start": 0, "end": 3},
                                         {"speaker": "客服", "text": "您好，再见。", "start": 40, "end": 41}]},
                         source="silent.json"),
    transcript_from_dict({"utterances": [{"speaker": "C", "text": "你好"}, {"speaker": "A", "text": "嘛喽嘛喽嘛"}]},
                         source="untimed.json"),
]


def load_and_check(reader: str, raw: bytes, tmp_path: Path) -> None:
    path = tmp_path / "pack.yaml"
    path.write_bytes(raw)
    try:
        pack = scriptcheck.load_rules(path)
    except PackError as exc:
        record_case(reader, "refused")
        in_this_file = all(line.startswith(str(path)) for line in str(exc).split("\n"))
        assert_pack_error_lines(exc, str(path) if in_this_file else _allowed_files(raw, path))
        return
    record_case(reader, "compiled")
    for call in SAMPLE_CALLS:
        check_and_write(call, pack)


def _allowed_files(raw: bytes, path: Path) -> tuple[str, ...]:
    """Where an error may be: the pack itself, or the pack it extends (missing, unreadable, broken)."""
    try:
        data = yaml.safe_load(raw)  # the pure-Python parser: a deep document raises RecursionError, no crash
    except Exception:  # YAML the loader refuses: the error is in the pack itself
        return (str(path),)
    parent = data.get("extends") if isinstance(data, dict) else None
    if not isinstance(parent, str):
        return (str(path),)
    shown = [parent, str(path.parent / parent)]
    return (str(path), *shown, *(repr(name)[1:-1] for name in shown), *map(str, scriptcheck.bundled_packs().values()))


@fuzz(600)
@given(raw=yaml_documents(BASE_PACK, yaml_values))
def test_mutated_pack(raw, tmp_path):
    load_and_check("rule pack", raw, tmp_path)


@fuzz(150)
@given(text=with_huge(pieces(YAML_TRICKS, [":", "- ", "[", "]", "{", "}", "&a ", "*a", "!", "|", ">", "rules:",
                                            "  - id: x", "    type: forbidden", "    phrases: [喂]", "pack: p"])))
def test_arbitrary_yaml_text(text, tmp_path):
    load_and_check("rule pack (text)", text.encode("utf-8"), tmp_path)


@fuzz(60)
@given(start=st.integers(0, len(DEFAULT_TEXT)), length=st.integers(0, 400), cut=st.booleans())
def test_bundled_pack_cut_short_or_with_a_piece_missing(start, length, cut, tmp_path):
    text = DEFAULT_TEXT[:start] if cut else DEFAULT_TEXT[:start] + DEFAULT_TEXT[start + length:]
    load_and_check("rule pack (cut)", text.encode("utf-8"), tmp_path)


@pytest.mark.parametrize("pack_name", sorted(scriptcheck.bundled_packs()))
def test_bundled_packs_check_the_samples(pack_name):
    pack = scriptcheck.load_rules(pack_name)
    for call in SAMPLE_CALLS:
        check_and_write(call, pack)
