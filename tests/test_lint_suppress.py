"""Inline suppressions: a comment on a line silences the named rules for findings on that line only."""
import pytest

import scriptcheck
from scriptcheck.lint.checker import lint_script
from scriptcheck.lint.reader import read_script
from scriptcheck.lint.scenes import SceneRules
from scriptcheck.lint.suppress import is_suppressed


@pytest.fixture(scope="module")
def rules():
    return SceneRules(scriptcheck.load_rules())


def reported(write, rules, name: str, text: str) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in lint_script(read_script(write(name, text), name), rules)]


@pytest.mark.parametrize("name, text, expected", [
    ("a.md", "不知道。 <!-- scriptcheck: disable=forbidden.dismissive -->\n", []),
    ("a.md", "不知道。<!--scriptcheck:disable=forbidden.*-->\n", []),
    ("a.md", "不知道，这个嘛，好喽，行呗。 <!-- scriptcheck: disable=all -->\n", []),
    ("a.md", "不知道，这个嘛，好喽，行呗。 <!-- scriptcheck: disable=forbidden.dismissive, filler.particles -->\n", []),
    ("a.md", "- 不知道。 <!-- scriptcheck: disable=forbidden.rude_address -->\n", [("forbidden.dismissive", 1)]),
    ("a.md", "<!-- scriptcheck: disable=all -->\n不知道。\n", [("forbidden.dismissive", 2)]),
    ("a.md", "不知道。 <!-- scriptcheck: disable=all -->\n不清楚。\n", [("forbidden.dismissive", 2)]),
    # In Markdown a '#' comment is text, not a suppression.
    ("a.md", "不知道。 # scriptcheck: disable=all\n", [("forbidden.dismissive", 1)]),
    ("a.txt", "客服：不知道。 # scriptcheck: disable=forbidden.dismissive\n", []),
    ("a.txt", "客服：不知道。 # scriptcheck: disable=forbidden.*\n客服：不清楚。\n", [("forbidden.dismissive", 2)]),
    ("a.txt", "客服：不知道。#scriptcheck: disable=all\n", [("forbidden.dismissive", 1)]),  # '#' needs a space before
    ("a.yaml", "lines:\n  - 客服: 不知道。  # scriptcheck: disable=forbidden.dismissive\n", []),
    ("a.yaml", "- 不知道。  # scriptcheck: disable=all\n- 不清楚。\n", [("forbidden.dismissive", 2)]),
    # Findings about the whole script are reported at the `scene:` line, and suppressed there.
    ("a.md", "---\nscene: opening  # scriptcheck: disable=opening.inbound\n---\n请问您办什么业务？\n", []),
    ("a.yaml", "scene: opening  # scriptcheck: disable=opening.*\nlines: [请问您办什么业务？]\n", []),
    ("a.md", "---\nscene: opening\n---\n请问您办什么业务？ <!-- scriptcheck: disable=all -->\n",
     [("opening.inbound", 2)]),
])
def test_suppression_covers_its_own_line(write, rules, name, text, expected):
    assert reported(write, rules, name, text) == expected


@pytest.mark.parametrize("name, text, said", [
    ("a.txt", "客服：您好 # scriptcheck: disable=all\n", "您好"),
    ("a.yaml", "- 您好  # scriptcheck: disable=all\n", "您好"),
    ("a.md", "您好 <!-- scriptcheck: disable=all -->\n", "您好"),
])
def test_the_comment_is_not_part_of_what_is_said(write, name, text, said):
    (line,) = read_script(write(name, text), name).lines
    assert line.text.strip() == said


@pytest.mark.parametrize("rule_id, patterns, suppressed", [
    ("forbidden.dismissive", {"forbidden.dismissive"}, True),
    ("forbidden.dismissive", {"forbidden.*"}, True),
    ("forbidden.dismissive", {"all"}, True),
    ("forbidden.dismissive", {"forbidden"}, False),
    ("forbidden.dismissive", {"filler.*", "opening.inbound"}, False),
    ("filler.particles", {"forbidden.*", "filler.*"}, True),
])
def test_rule_patterns(rule_id, patterns, suppressed):
    assert is_suppressed(rule_id, patterns) is suppressed
