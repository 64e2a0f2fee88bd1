"""Which rules a script is checked with, by its scene, and where findings about the whole script land."""
import pytest

import scriptcheck
from scriptcheck.lint.checker import lint_script
from scriptcheck.lint.reader import read_script
from scriptcheck.lint.scenes import SceneRules

TIMING_AND_FACTS = {"rate", "hold", "silence", "interruption", "duration", "fact"}


@pytest.fixture(scope="module")
def rules():
    return SceneRules(scriptcheck.load_rules())


@pytest.fixture
def lint(write, rules):
    def _lint(name: str, text: str):
        return lint_script(read_script(write(name, text), name), rules)

    return _lint


def front(scene: str | None, direction: str = "inbound") -> str:
    return f"---\ndirection: {direction}\n" + (f"scene: {scene}\n" if scene else "") + "---\n"


OPENING = "您好！请问有什么可以帮助您？\n"
CLOSING = "感谢您的来电，再见！\n"


@pytest.mark.parametrize("scene, body, direction, reported", [
    # No scene: forbidden phrases and over-use only; a script without an opening is fine.
    (None, "好的，我帮您查一下。\n", "inbound", set()),
    (None, "不知道。\n", "inbound", {"forbidden.dismissive"}),
    (None, "这个嘛，好喽，行呗。\n", "inbound", {"filler.particles"}),
    # Opening and closing scenes add the required phrases of that category (by direction).
    ("opening", "好的，我帮您查一下。\n", "inbound", {"opening.inbound"}),
    ("opening", OPENING, "inbound", set()),
    ("opening", OPENING, "outbound", {"opening.outbound", "opening.purpose", "outbound.apology_disturb"}),
    ("opening", "请问您要办什么？\n" + CLOSING, "inbound", {"opening.inbound"}),
    ("closing", OPENING, "inbound", {"closing.inbound"}),
    ("closing", CLOSING, "inbound", set()),
    ("closing", "打扰您了，感谢您的支持，再见！\n", "outbound", set()),
    # A fragment is part of a conversation: never judged as a silent line, never for too few courtesy words.
    ("opening", "喂？喂？\n", "inbound", {"opening.inbound", "forbidden.rude_address"}),
    ("opening", OPENING + "你好，你说，你讲，你来，你看。\n", "inbound", {"courtesy.nin"}),
    # Any other scene: forbidden phrases and over-use only.
    ("complaint", "我也没有办法。\n", "inbound", {"forbidden.dismissive"}),
    ("complaint", "请问您要办什么？\n", "inbound", set()),
    # A whole call: every rule that can apply without timestamps.
    ("call", "客服：您好！请问有什么可以帮助您？\n客户：我想交燃气费。\n客服：好的。\n客户：交多少？\n客服：五十。\n", "inbound",
     {"closing.inbound", "courtesy.words", "address.ask_surname"}),
    ("call", "客服：您好！请问有什么可以帮助您？\n客户：我要投诉，太慢了。\n客服：请您说一下户号，再见。\n",
     "inbound", {"closing.inbound", "closing.anything_else", "response.complaint_apology",
                 "response.complaint_closing", "complaint.name", "complaint.contact"}),
    # A whole call in which the customer says nothing is a silent line (无声电话).
    ("call", "客服：您好！您的电话已接通，请讲话。\n", "inbound", {"silent.prompt_repeat", "silent.closing"}),
])
def test_rules_by_scene(lint, scene, body, direction, reported):
    assert {f.rule for f in lint("script.md", front(scene, direction) + body)} == reported


@pytest.mark.parametrize("scene, included, excluded", [
    (None, {"forbidden.dismissive", "filler.particles", "courtesy.nin"},
     {"opening.inbound", "closing.inbound", "courtesy.words", "response.thanks", "silent.prompt"}),
    ("opening", {"opening.inbound", "opening.outbound", "forbidden.abusive"},
     {"closing.inbound", "silent.prompt", "silent.prompt_repeat", "address.surname"}),
    ("closing", {"closing.inbound", "closing.outbound"},
     {"opening.inbound", "closing.anything_else", "response.complaint_closing", "silent.closing"}),
    ("call", {"opening.inbound", "closing.anything_else", "courtesy.words", "address.surname", "response.thanks",
              "hold.return", "silent.prompt"}, set()),
])
def test_scene_views_of_the_default_pack(rules, scene, included, excluded):
    view = rules.for_scene(scene)
    ids = {rule.id for rule in view.rules}
    assert included <= ids and not excluded & ids
    assert not {rule.type for rule in view.rules} & TIMING_AND_FACTS


def test_config_disable_removes_rules_from_every_scene():
    rules = SceneRules(scriptcheck.load_rules(), ["forbidden.*", "opening.inbound"])
    for scene in (None, "opening", "call"):
        ids = {rule.id for rule in rules.for_scene(scene).rules}
        assert not {i for i in ids if i.startswith("forbidden.")} and "opening.inbound" not in ids


@pytest.mark.parametrize("name, text, place, closest_line", [
    ("script.md", front("opening") + "# 开场\n- 喂，中邑燃气。\n", (3, 1), 6),
    ("script.yaml", "lines:\n  - 中邑燃气，什么事？\nscene: opening\n", (3, 1), 2),
])
def test_missing_phrase_at_the_scene_line_with_the_closest_candidate(lint, name, text, place, closest_line):
    (missing,) = [f for f in lint(name, text) if f.rule == "opening.inbound"]
    assert (missing.line, missing.col) == place
    assert missing.closest is not None and missing.closest.line == closest_line
    assert f"closest: line {closest_line} 「{missing.closest.text}」" in missing.message


@pytest.mark.parametrize("name, text, rule, place", [
    ("a.md", "# 话术\n\n1. 好的，不知道。\n", "forbidden.dismissive", (3, 7, 10)),
    ("a.md", "> **客服**：您别急，不清楚的我帮您问。\n", "forbidden.dismissive", (1, 14, 17)),
    ("a.txt", "客户：你好\n客服：   你问我，我问谁\n", "forbidden.dismissive", (2, 7, 14)),
    ("a.yaml", "- 客服: 您好\n- 客服: '喂，说吧'\n", "forbidden.rude_address", (2, 8, 12)),
    ("a.md", "这个嘛，好喽，行呗。\n", "filler.particles", (1, 9, 10)),
])
def test_findings_point_at_the_words(lint, name, text, rule, place):
    findings = [f for f in lint(name, text) if f.rule == rule]
    assert [(f.line, f.col, f.end_col) for f in findings] == [place]
