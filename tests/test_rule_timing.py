import pytest

import scriptcheck
from conftest import dialogue, module_pack, rule_findings

PACK = """\
rules:
  - id: rate.call
    type: rate
    category: rate
    message: 语速 {value} 字/分，上限 {limit}
    per: call
    max: 220
  - id: rate.utterance
    type: rate
    category: rate
    message: 语速 {value} 字/分，上限 {limit}
    per: utterance
    max: 260
    min_chars: 10
  - id: hold.duration
    type: hold
    category: hold
    message: 等待 {value} 秒，上限 {limit} 秒
    triggers: [请您稍等, 请再稍等]
    returns: [感谢您的等待, 让您久等了]
    max_gap: 15
    max_total: 30
  - id: silence.agent
    type: silence
    category: silence
    message: 静默 {value} 秒，上限 {limit} 秒
    max: 15
    except_after: [请您稍等, 请再稍等]
  - id: interruption.agent
    type: interruption
    category: interruption
    message: 打断客户（重叠 {value} 秒）
    tolerance: 1.0
  - id: duration.call
    type: duration
    category: duration
    message: 通话 {value} 秒，超过 {limit} 秒
    max: 180
  - id: hangup.agent
    type: fact
    category: hangup
    message: 坐席主动挂机
    fact: metadata.hangup_by
    equals: agent
  - id: ring.slow
    type: fact
    category: response
    message: 振铃 {value} 秒后接听，上限 {limit} 秒
    fact: metadata.ring_seconds
    max: 3
"""
pack = module_pack(PACK)
TWENTY = "您好请问有什么可以帮助您的吗我们马上处理"  # 20 characters


def found(pack, text, rule):
    return rule_findings(scriptcheck.check(dialogue(text), pack), rule)


@pytest.mark.parametrize("seconds, call_hit, utterance_hit", [
    (6.0, False, False),     # 200 字/分
    (5.0, True, False),      # 240: over the call limit only
    (4.0, True, True),       # 300
    (0.0, False, False),     # zero-length: not measured
])
def test_speech_rate(pack, seconds, call_hit, utterance_hit):
    text = f"[00:00-00:{seconds:04.1f}] 客服:{TWENTY}\n[00:10-00:11] 客户:好。"
    assert bool(found(pack, text, "rate.call")) is call_hit
    utterance = found(pack, text, "rate.utterance")
    assert bool(utterance) is utterance_hit
    if utterance_hit:
        (finding,) = utterance
        assert (finding.start, finding.end, finding.measured, finding.limit) == (0.0, seconds, 300.0, 260)
        assert finding.message == "语速 300 字/分，上限 260"


def test_short_utterances_are_not_measured(pack):
    assert found(pack, "[00:00-00:00.5] 客服:好的好的。", "rate.utterance") == []


@pytest.mark.parametrize("lines, expected", [
    # announcement, 40 s of nothing, return: one gap and the total
    (["[00:00-00:03] 客服:请您稍等，我帮您查询一下。", "[00:43-00:46] 客服:感谢您的等待，查到了。"],
     [(1, 3.0, 43.0, 40.0, 15), (1, 3.0, 43.0, 40.0, 30)]),
    # progress reports every 10 s keep the gaps short, but the whole hold is too long
    (["[00:00-00:02] 客服:请您稍等。", "[00:12-00:14] 客服:请再稍等一下。", "[00:24-00:26] 客服:请再稍等。",
      "[00:36-00:38] 客服:让您久等了。"], [(3, 2.0, 36.0, 34.0, 30)]),
    (["[00:00-00:02] 客服:请您稍等。", "[00:03-00:04] 客户:好的。", "[00:12-00:15] 客服:感谢您的等待。"], []),
    (["客服:请您稍等。", "客服:感谢您的等待。"], []),                                   # no timestamps: not judged
    (["[00:00-00:02] 客服:请您稍等。"], []),                                           # never came back
    # the first hold ends at the agent's next words even without a return phrase; the second is judged
    (["[00:00-00:02] 客服:请您稍等。", "[00:10-00:12] 客服:王先生，查到了。", "[00:13-00:35] 客户:那我该怎么办",
      "[00:36-00:38] 客服:请您稍等。", "[00:58-01:00] 客服:让您久等了。"], [(4, 38.0, 58.0, 20.0, 15)]),
])
def test_hold(pack, lines, expected):
    result = found(pack, "\n".join(lines), "hold.duration")
    assert [(f.utterance, f.start, f.end, f.measured, f.limit) for f in result] == expected


@pytest.mark.parametrize("lines, expected", [
    (["[00:00-00:02] 客户:我想问一下。", "[00:20-00:22] 客服:您说。"], [(1, 2.0, 20.0, 18.0)]),
    (["[00:00-00:02] 客户:我想问一下。", "[00:10-00:12] 客服:您说。"], []),
    (["[00:00-00:02] 客服:请您稍等。", "[00:03-00:04] 客户:好。", "[00:40-00:42] 客服:久等了。"], []),  # hold
    (["[00:20-00:22] 客服:您说。", "[00:00-00:02] 客户:我想问一下。"], [(0, 2.0, 20.0, 18.0)]),  # out of order
])
def test_silence(pack, lines, expected):
    result = found(pack, "\n".join(lines), "silence.agent")
    assert [(f.utterance, f.start, f.end, f.measured) for f in result] == expected


@pytest.mark.parametrize("lines, expected", [
    (["[00:00-00:06] 客户:我家的燃气表一直在响怎么办", "[00:03-00:08] 客服:您先别急。"], [(1, 3.0, 6.0, 3.0)]),
    (["[00:00-00:06] 客户:我家的燃气表一直在响", "[00:05.5-00:08] 客服:您先别急。"], []),     # within tolerance
    (["[00:00-00:10] 客户:我家的燃气表一直在响", "[00:02-00:04] 客服:嗯。"], [(1, 2.0, 4.0, 2.0)]),  # inside
    (["[00:00-00:03] 客服:您好。", "[00:01-00:05] 客户:我要报修。"], []),          # the customer interrupting
    (["客户:我要报修。", "客服:您说。"], []),
])
def test_interruption(pack, lines, expected):
    result = found(pack, "\n".join(lines), "interruption.agent")
    assert [(f.utterance, f.start, f.end, f.measured) for f in result] == expected


@pytest.mark.parametrize("lines, hit", [
    (["[00:00-00:05] 客服:您好。", "[03:10-03:12] 客户:再见。"], True),
    (["[00:00-00:05] 客服:您好。", "[02:50-02:52] 客户:再见。"], False),
    (["客服:您好。", "客户:再见。"], False),
])
def test_duration(pack, lines, hit):
    result = found(pack, "\n".join(lines), "duration.call")
    assert bool(result) is hit
    if hit:
        assert (result[0].start, result[0].end, result[0].measured) == (0.0, 192.0, 192.0)


@pytest.mark.parametrize("headers, hangup, ring", [
    ("# hangup_by: agent\n# ring_seconds: 8\n", True, True),
    ("# hangup_by: customer\n# ring_seconds: 2.5\n", False, False),
    ("# ring_seconds: soon\n", False, False),                # not a number: not judged
    ("", False, False),
])
def test_fact_rules(pack, headers, hangup, ring):
    text = headers + "客服:您好。"
    assert bool(found(pack, text, "hangup.agent")) is hangup
    result = found(pack, text, "ring.slow")
    assert bool(result) is ring
    if ring:
        assert result[0].message == "振铃 8 秒后接听，上限 3 秒" and result[0].measured == 8.0


def test_json_output_carries_measured_and_limit(pack):
    from scriptcheck.formatters.json import finding_to_dict

    (finding,) = found(pack, "[00:00-00:02] 客户:我想问一下。\n[00:20-00:22] 客服:您说。", "silence.agent")
    data = finding_to_dict(finding)
    assert (data["start"], data["end"], data["measured"], data["limit"]) == (2.0, 20.0, 18.0, 15)
