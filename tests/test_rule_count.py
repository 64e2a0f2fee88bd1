import pytest

import scriptcheck
from conftest import dialogue, module_pack, rule_findings

PACK = """\
rules:
  - id: filler.particles
    type: count
    category: filler
    severity: minor
    message: 频繁使用语气助词（{count} 次，上限 {limit} 次）
    phrases: [{text: 嘛, boundary: word}, {text: 喽, boundary: word}]
    max: 2
  - id: courtesy.words
    type: count
    category: courtesy
    severity: minor
    message: 礼貌用语不足（{count} 次，至少 {limit} 次）
    phrases: [您好, 请, 谢谢, 对不起, 再见]
    min: 2
"""


pack = module_pack(PACK)


@pytest.mark.parametrize("agent_lines, count", [
    (["好嘛。", "就这样喽。"], None),                          # at the limit: no finding
    (["好嘛。", "就这样喽。", "对嘛，您放心。"], 3),
    (["您干嘛呢？", "干嘛不早说", "干嘛", "干嘛"], None),        # 干嘛 is a word, not the particle
    (["好嘛", "是嘛", "对嘛", "行嘛"], 4),
])
def test_too_many_fillers(pack, agent_lines, count):
    call = dialogue("\n".join(f"客服:您好请{line}" for line in agent_lines) + "\n客户:谢谢")
    found = rule_findings(scriptcheck.check(call, pack), "filler.particles")
    if count is None:
        assert found == []
        return
    (finding,) = found
    assert finding.message == f"频繁使用语气助词（{count} 次，上限 2 次）"
    assert len(finding.occurrences) == count
    third = finding.occurrences[2]
    assert (finding.utterance, finding.span, finding.evidence) == (third.utterance, third.span, third.evidence)
    assert finding.evidence in ("嘛", "喽") and finding.deduction == 2


@pytest.mark.parametrize("agent_text, missing", [
    ("您好，请讲。", False),
    ("嗯。说。", True),
    ("谢谢", True),
])
def test_too_few_courtesy_words(pack, agent_text, missing):
    found = rule_findings(scriptcheck.check(dialogue(f"客服:{agent_text}\n客户:谢谢您"), pack), "courtesy.words")
    assert bool(found) is missing
    if missing:
        assert found[0].utterance is None and "至少 2 次" in found[0].message


SCALED = """\
rules:
  - id: courtesy.scaled
    type: count
    category: courtesy
    speaker: agent
    message: 礼貌用语不足（{count} 次，至少 {limit} 次）
    phrases: [请, 谢谢]
    min: 2
    per_turns: 2
"""

scaled_pack = module_pack(SCALED)


@pytest.mark.parametrize("agent_lines, limit", [
    (["请稍等。"], None),                            # one reply: one courtesy word is enough
    (["在的。"], 1),
    (["请稍等。", "查到了。"], None),                  # two replies still need one
    (["请稍等。", "查到了。", "明天发货。"], 2),         # three replies need the full minimum
    (["请稍等。", "查到了。", "明天发货，谢谢。"], None),
    (["请稍等。", "", "查到了。"], None),              # an empty turn is no turn
    (["好。"] * 20 + ["请", "谢谢"], None),            # the minimum is also the most ever needed
])
def test_minimum_scales_down_for_short_conversations(scaled_pack, agent_lines, limit):
    call = dialogue("\n".join(f"客户:在吗\n客服:{line}" for line in agent_lines))
    found = rule_findings(scriptcheck.check(call, scaled_pack), "courtesy.scaled")
    if limit is None:
        assert found == []
    else:
        (finding,) = found
        assert f"至少 {limit} 次" in finding.message
