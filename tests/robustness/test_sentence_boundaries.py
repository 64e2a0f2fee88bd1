"""Normalisation removes punctuation, so 「谢谢您。不知道！」 is matched as 谢谢您不知道. An exception
(「您不知道」 excuses 不知道) must not reach across the end of a sentence of the original text (。！？!?；;
or a line break): the sentence after it is a new one, and a forbidden expression there is found. Within
one sentence (commas, spaces) exceptions apply as before.

not_preceded_by / not_followed_by contexts are different: they name what changes the meaning of the
phrase next to it, and that is often said as a sentence of its own — a decline 「不用了。谢谢」, data
handed over 「订单号123。谢谢」. They keep reading their ``context`` characters across sentence ends (on
the labelled conversations, stopping them there made two thanks-answer findings false and none true)."""
from __future__ import annotations

import pytest
from robustness_support import record_tried, robustness_tally  # noqa: F401

import scriptcheck
from conftest import dialogue

# (agent's utterance, whether forbidden.dismissive fires) with the default pack.
EXCEPTIONS = {
    "exception across 。": ("谢谢您。不知道！", True),
    "exception across ！": ("谢谢您！不知道。", True),
    "exception across ？": ("是您？不知道。", True),
    "exception across ASCII !": ("谢谢您!不知道", True),
    "exception across ASCII ?": ("谢谢您?不知道", True),
    "exception across ；": ("谢谢您；不知道", True),
    "exception across ;": ("谢谢您;不知道", True),
    "exception across a line break": ("谢谢您\n不知道", True),
    "exception across full-width space and 。": ("谢谢您　。　不知道", True),
    "exception within a sentence (comma)": ("您，不知道这个情况吗？", False),
    "exception within a sentence (nothing between)": ("您不知道这个情况吗？", False),
    "exception within a sentence (space)": ("您 不知道这个情况吗？", False),
    "plain forbidden expression": ("不知道。", True),
}


@pytest.fixture(scope="module")
def default_pack():
    return scriptcheck.load_rules()


@pytest.mark.parametrize("name", sorted(EXCEPTIONS))
def test_an_exception_does_not_span_the_end_of_a_sentence(default_pack, name):
    said, fires = EXCEPTIONS[name]
    record_tried("sentence boundaries", name)
    call = scriptcheck.Transcript((scriptcheck.Utterance("agent", said),))
    report = scriptcheck.check(call, default_pack)
    hits = [f for f in report.findings if f.rule == "forbidden.dismissive"]
    assert bool(hits) == fires, [(f.rule, f.evidence) for f in report.findings]
    if fires:
        assert hits[0].evidence == "不知道"


CONTEXT_PACK = """
pack: contexts
rules:
  - id: test.complaint
    type: forbidden
    category: forbidden
    message: 「{evidence}」
    phrases:
      - {text: 投诉, not_preceded_by: [不是], not_followed_by: [电话]}
"""
# (utterance, fires): contexts are read across sentence ends, unlike exceptions.
CONTEXTS = {
    "not_preceded_by in the same sentence": ("我不是投诉", False),
    "not_preceded_by across 。": ("我不是。投诉", False),
    "not_followed_by across ！": ("我要投诉！电话给我", False),
    "not_preceded_by across a comma": ("我不是，投诉", False),
    "neither context": ("我要投诉你们", True),
}


@pytest.mark.parametrize("name", sorted(CONTEXTS))
def test_a_context_is_read_across_the_end_of_a_sentence(pack_from, name):
    said, fires = CONTEXTS[name]
    record_tried("sentence boundaries", name)
    pack = pack_from(CONTEXT_PACK)
    call = scriptcheck.Transcript((scriptcheck.Utterance("agent", said),))
    hits = [f for f in scriptcheck.check(call, pack).findings if f.rule == "test.complaint"]
    assert bool(hits) == fires, hits


def test_rules_explain_tells_the_same(default_pack):
    call = dialogue("客服:谢谢您。不知道！")
    report = scriptcheck.check(call, default_pack)
    assert [f.span for f in report.findings if f.rule == "forbidden.dismissive"] == [(4, 7)]
