import pytest

import scriptcheck
from conftest import dialogue, module_pack, rule_findings

PACK = """\
rules:
  - id: response.thanks
    type: response
    category: response
    message: 客户致谢「{evidence}」后未回应「{phrase}」
    triggers: [谢谢, 感谢]
    trigger_except: [不用了谢谢]
    phrases: [不用谢, 不客气, 这是我们应该做的]
  - id: response.complaint_closing
    type: response
    category: closing
    message: 投诉电话未使用投诉结束语
    triggers: [投诉]
    phrases: ["多谢您反映的意见{*}回复"]
    answer: end
    within: 2
  - id: hold.return
    type: response
    category: hold
    message: 等待后未致谢「感谢您的等待」
    trigger_speaker: agent
    triggers: [请您稍等]
    phrases: [感谢您的等待, 让您久等了]
    within: 2
  - id: closing.anything_else
    type: sequence
    category: closing
    message: 结束前未询问「{phrase}」
    phrases: [再见]
    before: ["请问还有{*}问题吗", 请问还有什么可以帮您]
    within: 2
  - id: address.surname
    type: address
    category: address
    message: 称呼「{evidence}先生/女士」{count} 次，至少 {limit} 次
    min: 2
"""
pack = module_pack(PACK)


@pytest.mark.parametrize("lines, hits", [
    (["客户:好的，谢谢你。", "客服:不客气，这是我们应该做的。"], []),
    (["客户:好的，谢谢你。", "客服:嗯。"], [0]),
    (["客户:谢谢。", "客服:嗯。", "客服:不客气。"], [0]),                  # within 1: too late
    (["客户:不用了谢谢。", "客服:好的。"], []),                           # declining is not thanks
    (["客户:感谢感谢，谢谢！", "客服:好的。"], [0]),                      # one obligation per utterance
    (["客服:您好。", "客户:谢谢。"], []),                                  # the agent never spoke again
    (["客户:谢谢！", "客服:不用謝。"], []),                                # Traditional answer
])
def test_response_to_thanks(pack, lines, hits):
    found = rule_findings(scriptcheck.check(dialogue("\n".join(lines)), pack), "response.thanks")
    assert [f.utterance for f in found] == hits
    for finding in found:
        assert finding.speaker == "customer" and finding.message.startswith("客户致谢「")
        assert finding.closest is not None


@pytest.mark.parametrize("lines, hit", [
    (["客服:请您稍等，我帮您查询一下。", "客服:感谢您的等待，查到了。"], False),
    (["客服:请您稍等。", "客户:好。", "客服:王先生您好。", "客户:在。", "客服:让您久等了。"], False),
    (["客服:请您稍等。", "客服:查到了，您欠费两百元。"], True),
    (["客服:请您稍等。"], False),
    (["客服:请您稍等一下 您好，感谢您的等待，查到了。", "客户:好的。"], False),   # one merged utterance
    (["客服:感谢您的等待。请您稍等。", "客服:好的。"], True),                    # the thanks came before
])
def test_hold_return_is_a_response_of_the_agent_to_itself(pack, lines, hit):
    found = rule_findings(scriptcheck.check(dialogue("\n".join(lines)), pack), "hold.return")
    assert bool(found) is hit


@pytest.mark.parametrize("lines, hit", [
    (["客户:我要投诉你们。", "客服:很抱歉。", "客服:好的。", "客服:多谢您反映的意见，我们会在24小时内给您回复。"], False),
    (["客户:我要投诉你们。", "客服:很抱歉。", "客服:好的，再见。"], True),
    (["客户:我要投诉你们。", "客服:多谢您反映的意见，24小时内回复。", "客服:还有别的吗？", "客服:再见。"], True),
])
def test_answer_at_the_end_of_the_call(pack, lines, hit):
    found = rule_findings(scriptcheck.check(dialogue("\n".join(lines)), pack), "response.complaint_closing")
    assert bool(found) is hit


@pytest.mark.parametrize("lines, hit", [
    (["客服:请问还有其他问题吗？", "客户:没有了。", "客服:感谢您的来电，再见！"], False),
    (["客服:请问还有其他问题吗？没有的话感谢您的来电，再见！"], False),
    (["客服:好的。", "客户:嗯。", "客服:感谢您的来电，再见！"], True),
    (["客服:请问还有其他问题吗？", "客服:一。", "客服:二。", "客服:再见！"], True),   # not within 2
    (["客服:请问还有什么可以帮您？", "客户:没有。", "客服:再见。", "客服:再见。"], False),  # first anchor only
    (["客服:好的。"], False),                                                         # no goodbye: not judged
])
def test_sequence_before_the_goodbye(pack, lines, hit):
    found = rule_findings(scriptcheck.check(dialogue("\n".join(lines)), pack), "closing.anything_else")
    assert bool(found) is hit
    if hit:
        assert found[0].evidence == "再见" and found[0].message == "结束前未询问「请问还有{*}问题吗」"


@pytest.mark.parametrize("text, count", [
    ("# customer.surname: 王\n客服:王先生您好。\n客户:嗯。\n客服:好的王先生，已经办好了。", None),
    ("# customer.surname: 王\n客服:王先生您好。\n客户:嗯。\n客服:好的，已经办好了。", 1),
    ("客户:我姓李。\n客服:李女士您好。\n客服:好的李女士。", None),                    # surname said in the call
    ("客户:我姓李。\n客服:您好。", 0),
    ("客户:我要交费。\n客服:好的先生。", None),                                     # surname unknown: not judged
    ("# customer.surname: 歐陽\n客服:欧阳女士您好，欧阳女士再见。", None),             # Traditional fact
])
def test_address_by_surname(pack, text, count):
    found = rule_findings(scriptcheck.check(dialogue(text), pack), "address.surname")
    if count is None:
        assert found == []
    else:
        (finding,) = found
        assert len(finding.occurrences) == count and f"{count} 次，至少 2 次" in finding.message


CALENDAR_PACK = """\
rules:
  - id: closing.weekend
    type: required
    category: closing
    message: 周末未使用「祝您周末愉快」
    window: {last: 1}
    phrases: [周末愉快]
    when: {day: weekend, customer_silent: false}
  - id: greeting.wrong_time
    type: forbidden
    category: opening
    message: 「{evidence}」与来电时段不符
    phrases: [早上好, 上午好]
    when: {time_of_day: [afternoon, evening]}
  - id: silent.closing
    type: required
    category: closing
    message: 无声电话未按规范结束
    window: {last: 1}
    phrases: ["换一部电话{*}再见"]
    when: {customer_silent: true}
"""
calendar_pack = module_pack(CALENDAR_PACK)


@pytest.mark.parametrize("started_at, weekend_rule, greeting_rule", [
    ("2026-11-21T10:00:00+08:00", True, False),    # Saturday morning
    ("2026-11-18T15:00:00+08:00", False, True),    # Wednesday afternoon: 早上好 is wrong
    ("2026-11-18T10:00:00", False, False),         # naive: China Standard Time
    ("2026-11-18T02:00:00Z", False, False),        # 10:00 in Beijing
    ("2026-02-14T10:00:00+08:00", False, False),   # a Saturday that is a make-up working day (调休)
    ("2026-10-01T20:00:00+08:00", False, True),    # National Day is a holiday, not a weekend
    ("2030-11-23T10:00:00+08:00", True, False),    # beyond the calendar data: Saturday is a weekend
    (None, False, False),                          # no started_at: not judged
])
def test_calendar_conditions(calendar_pack, started_at, weekend_rule, greeting_rule):
    header = f"# started_at: {started_at}\n" if started_at else ""
    call = dialogue(header + "客服:早上好，请问有什么可以帮助您？\n客户:交费。\n客服:感谢您的来电，再见！")
    rules = {f.rule for f in scriptcheck.check(call, calendar_pack).findings}
    assert ("closing.weekend" in rules) is weekend_rule
    assert ("greeting.wrong_time" in rules) is greeting_rule


@pytest.mark.parametrize("lines, silent_rule", [
    (["客服:您好！您的电话已接通，请讲话。", "客服:对不起，请您换一部电话再拨，再见！"], False),
    (["客服:您好！您的电话已接通，请讲话。", "客户:", "客服:说话呀！"], True),        # empty customer line is silence
    (["客服:您好！", "客户:喂？", "客服:好的再见。"], False),                          # the customer spoke: not silent
])
def test_customer_silent_condition(calendar_pack, lines, silent_rule):
    rules = {f.rule for f in scriptcheck.check(dialogue("\n".join(lines)), calendar_pack).findings}
    assert ("silent.closing" in rules) is silent_rule
