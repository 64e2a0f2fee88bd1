import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scriptcheck
from scriptcheck.checks.fuzzy import FuzzyTargets, similarity
from conftest import dialogue, module_pack, rule_findings

PACK = """\
slots:
  greeting: {values: [您好, 早上好, 下午好, 晚上好]}
  company: {values: [中邑燃气]}
  agent_no: {pattern: '[0-9]{1,6}', from: agent.id}
  customer: {pattern: '\\p{Han}{1,2}(?:先生|女士|小姐)'}
rules:
  - id: opening.inbound
    type: required
    category: opening
    message: 缺少标准首问语「您好！请问有什么可以帮助您？」
    window: {first: 2}
    phrases: ["{greeting}{*}请问有什么可以帮{*}您"]
    when: {direction: inbound}
  - id: opening.outbound
    type: required
    category: opening
    message: 缺少外呼首问语
    window: {first: 1}
    phrases: ["{greeting}我是{company}客服中心{agent_no}号请问您是{customer}吗"]
    when: {direction: outbound}
  - id: closing.inbound
    type: required
    category: closing
    message: 缺少标准结束语「感谢您的来电，再见！」
    window: {last: 2}
    phrases: ["感谢您的来电{*}再见"]
    similarity: 85
    deduction: 5
    fine: 10
"""


pack = module_pack(PACK)


@pytest.mark.parametrize("first_agent_lines, missing", [
    (["您好！请问有什么可以帮助您？"], False),
    (["下午好，中邑燃气，请问有什么可以帮到您？"], False),                    # time-of-day greeting, gap
    (["您好，欢迎致电中邑燃气客户服务热线，客服专员小李很高兴为您服务，请问有什么可以帮到您？"], False),
    (["您好请问有什么可以帮住您"], False),                                     # ASR mishearing: fuzzy
    (["您好！請問有什麼可以幫助您？"], False),                                # Traditional
    (["您好。", "请问有什么可以帮助您？"], False),                             # one turn cut in two by ASR
    (["您好。", "#客户:嗯？", "请问有什么可以帮助您？"], True),                  # the customer spoke between
    (["喂，说吧！"], True),
    (["稍等。", "好的。", "您好！请问有什么可以帮助您？"], True),               # outside the first 2
    (["你好请讲", "#客户:喂", "喂，你好", "#客户:诶", "您好，电话已接通，请问有什么可以帮您？"], False),  # line checks
    (["你好请讲", "#客户:喂", "请讲", "#客户:诶", "稍等", "好的"], True),  # line checks, then no opening
])
def test_required_opening(pack, first_agent_lines, missing):
    lines = [text[1:] if text.startswith("#") else f"客服:{text}" for text in first_agent_lines] + ["客户:我想交燃气费。", "客服:感谢您的来电，再见！"]
    found = rule_findings(scriptcheck.check(dialogue("\n".join(lines)), pack), "opening.inbound")
    assert bool(found) is missing


@pytest.mark.parametrize("last_agent_line, closest_text, similarity_range", [
    ("好的，拜拜。", "好的，已经帮您登记了。", (0, 40)),   # nothing like it: the nearest is still named
    ("感谢您的来电，祝您周末愉快，再见！", None, None),
    ("感谢您的来点再见", None, None),                     # mishearing tolerated at threshold 85
    ("谢谢您来电，再会。", "谢谢您来电，再会。", (40, 85)),
])
def test_missing_closing_reports_closest_candidate(pack, last_agent_line, closest_text, similarity_range):
    call = dialogue(f"客服:您好！请问有什么可以帮助您？\n客户:报修。\n客服:好的，已经帮您登记了。\n"
                    f"客户:没事了。\n客服:{last_agent_line}")
    found = rule_findings(scriptcheck.check(call, pack), "closing.inbound")
    if closest_text is None:
        assert found == []
        return
    (finding,) = found
    assert finding.utterance is None and finding.span is None
    assert finding.closest.text == closest_text
    assert finding.closest.utterance in (2, 4)  # inside the window: the agent's last 2 utterances
    assert similarity_range[0] <= finding.closest.similarity < similarity_range[1]
    assert (finding.deduction, finding.fine) == (5, 10)
    assert finding.message == "缺少标准结束语「感谢您的来电，再见！」"


@pytest.mark.parametrize("header, opening, missing", [
    ("", "您好！我是中邑燃气客服中心1024号，请问您是王先生吗？", False),
    ("", "您好！我是中邑燃气客服中心号，请问您是王先生吗？", False),        # number dropped by ASR: fuzzy
    ("", "您好！我是某某公司的，请问您是王先生吗？", True),
    ("# agent.id: A17\n", "您好我是中邑燃气客服中心a17号请问您是李女士吗", False),  # slot from call facts
])
def test_outbound_opening_with_slots(pack, header, opening, missing):
    call = dialogue(f"# direction: outbound\n{header}客服:{opening}\n客户:是我。\n客服:感谢您的来电，再见。")
    found = rule_findings(scriptcheck.check(call, pack), "opening.outbound")
    assert bool(found) is missing
    assert rule_findings(scriptcheck.check(call, pack), "opening.inbound") == []  # when: direction


def test_speaker_who_never_spoke_is_missing_without_closest(pack):
    (finding,) = rule_findings(scriptcheck.check(dialogue("客户:喂？有人吗？"), pack), "opening.inbound")
    assert finding.closest is None


PHRASES = st.lists(st.lists(st.text(alphabet="您好请问还有其它问题吗再见感谢来电", min_size=1, max_size=8),
                            min_size=1, max_size=3), min_size=1, max_size=6)


@settings(max_examples=400, deadline=None)
@given(PHRASES, st.text(alphabet="您好请问还有其它问题吗再见感谢来电的了", max_size=30))
def test_closest_similarity_is_the_best_over_every_phrase(phrases, text):
    # The search skips phrases whose bound cannot beat the best so far; it must still find the best.
    assert FuzzyTargets(phrases).best(text) == pytest.approx(max(similarity(pieces, text) for pieces in phrases))
