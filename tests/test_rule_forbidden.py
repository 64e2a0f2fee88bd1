import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scriptcheck
from conftest import dialogue, module_pack, rule_findings
from scriptcheck.checks.phrase_hits import nested_spans

PACK = """\
slots:
  someone: {pattern: '\\p{Han}{1,3}'}
rules:
  - id: forbidden.dismissive
    type: forbidden
    category: forbidden
    message: 使用服务忌语「{evidence}」
    source: test
    phrases:
      - 不知道
      - 不知道就别说了
      - 你问我我问谁
      - {text: 喂, boundary: word}
      - {text: 讲话, boundary: clause}
      - {text: 不行, except: [行不行, 不行的话]}
      - 不是我办的你找{someone}
    except: [不知道您, 不知我是否]
    deduction: 10
    fine: 10
  - id: forbidden.customer_only
    type: forbidden
    category: forbidden
    speaker: customer
    message: 客户说「{evidence}」
    patterns: ['投诉[你您]们?']
  - id: forbidden.letters
    type: forbidden
    category: forbidden
    message: 使用脏话「{evidence}」
    source: test
    phrases: [SB, av, 2B, 傻B, 草泥马]
    patterns: ['tm+d']
  - id: count.letters
    type: count
    category: filler
    message: 「{evidence}」
    source: test
    max: 0
    phrases: [OK]
"""


pack = module_pack(PACK)


@pytest.mark.parametrize("agent_says, evidence", [
    ("我不知道。", ["不知道"]),
    ("我不知道，不知道就别说了。", ["不知道", "不知道就别说了"]),   # the nested 不知道 is not counted twice
    ("不知道您现在方便吗？", []),                                      # polite question: exception
    ("不知我是否将您的问题解释清楚了？", []),
    ("喂，您好。", ["喂"]),
    ("喂喂，说话呀", ["喂喂"[:1], "喂"]),                                # each 喂 of a run is a hit
    ("您要给孩子喂奶是吧，好的。", []),                                   # 喂奶 is a word: no hit
    ("讲话！", ["讲话"]),
    ("我没有听清您的讲话，麻烦您再说一遍。", []),                         # not a bare command
    ("这个不行。", ["不行"]),
    ("您看行不行？如果不行的话我再帮您查。", []),
    ("你問我，我問誰？", ["你問我，我問誰"]),                            # Traditional, span in original text
    ("ｂｕ不知道", ["不知道"]),
    ("不是我办的，你找小王。", ["不是我办的，你找小王"]),                   # slot inside a forbidden phrase
])
def test_forbidden_hits(pack, agent_says, evidence):
    report = scriptcheck.check(dialogue(f"客户:请问\n客服:{agent_says}"), pack)
    found = rule_findings(report, "forbidden.dismissive")
    assert [f.evidence for f in found] == evidence
    for finding in found:
        text = agent_says
        assert text[finding.span[0]:finding.span[1]] == finding.evidence
        assert finding.utterance == 1 and finding.speaker == "agent"
        assert finding.message == f"使用服务忌语「{finding.evidence}」"
        assert (finding.deduction, finding.fine, finding.category) == (10, 10, "forbidden")


@pytest.mark.parametrize("agent_says, forbidden, counted", [
    ("你真是个SB。", ["SB"], []),
    ("你真是个ＳＢ", ["ＳＢ"], []),                 # full-width letters are letters too
    ("sb", ["sb"], []),
    ("请检查一下USB接口。", [], []),                # SB inside the run USB
    ("SBC芯片", [], []),
    ("I have a question", [], []),                  # av inside have
    ("型号A2B3", [], []),                            # 2B inside A2B3
    ("12B", [], []),
    ("2B青年", ["2B"], []),                          # the run ends where the Chinese begins
    ("傻B", ["傻B"], []),
    ("傻Bi", [], []),                                # a phrase ending in a letter needs the run to end there
    ("X草泥马", ["草泥马"], []),                      # a phrase that begins with a Han character needs nothing
    ("tmd", ["tmd"], []),                            # raw patterns are held to runs too
    ("atmd", [], []),
    ("OK，好的", [], ["OK"]),                        # so are counted phrases
    ("BOOK", [], []),
    ("好的ok吧", [], ["ok"]),
])
def test_letters_and_digits_match_only_whole_runs(pack, agent_says, forbidden, counted):
    report = scriptcheck.check(dialogue(f"客户:请问\n客服:{agent_says}"), pack)
    assert [f.evidence for f in rule_findings(report, "forbidden.letters")] == forbidden
    assert [f.evidence for f in rule_findings(report, "count.letters")] == counted


def test_forbidden_reads_only_its_speaker(pack):
    report = scriptcheck.check(dialogue("客户:我不知道，我要投诉你们\n客服:好的，我帮您记录。"), pack)
    assert rule_findings(report, "forbidden.dismissive") == []
    (complaint,) = rule_findings(report, "forbidden.customer_only")
    assert complaint.evidence == "投诉你们" and complaint.speaker == "customer"


def test_each_occurrence_is_a_finding_with_timestamps(pack):
    call = dialogue("[00:01.0-00:03.5] 客服:不知道\n[00:04-00:05] 客户:啊？\n[00:06-00:08] 客服:我真不知道。")
    found = rule_findings(scriptcheck.check(call, pack), "forbidden.dismissive")
    assert [(f.utterance, f.start, f.end) for f in found] == [(0, 1.0, 3.5), (2, 6.0, 8.0)]


@pytest.mark.parametrize("spans, nested", [
    ([], []),
    ([(0, 0, 3)], [False]),
    ([(0, 1, 3), (0, 0, 7)], [True, False]),           # 不知道 inside 不知道就别说了, whatever the order
    ([(0, 0, 3), (0, 0, 3)], [False, False]),          # the same span twice (two rules): neither is inside
    ([(0, 0, 3), (0, 0, 3), (0, 0, 5)], [True, True, False]),
    ([(0, 0, 3), (1, 0, 7)], [False, False]),          # another utterance never contains it
    ([(0, 0, 3), (0, 2, 6)], [False, False]),          # overlapping is not containing
    ([(0, 4, 7), (0, 0, 9), (0, 2, 5)], [True, False, True]),
])
def test_nested_spans(spans, nested):
    assert nested_spans(spans) == nested


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 8), st.integers(0, 4)), max_size=12))
def test_nested_spans_agrees_with_comparing_every_pair(raw):
    spans = [(u, start, start + length) for u, start, length in raw]
    pairwise = [any(o[0] == s[0] and o[1] <= s[1] and s[2] <= o[2] and o[2] - o[1] > s[2] - s[1] for o in spans)
                for s in spans]
    assert nested_spans(spans) == pairwise


def test_thousands_of_hits_in_one_utterance_are_all_reported(pack):
    # Dense hits are swept once rather than compared pairwise; every 喂 of the run is still a finding.
    report = scriptcheck.check(dialogue("客户:请问\n客服:" + "喂，" * 3000), pack)
    assert len(rule_findings(report, "forbidden.dismissive")) == 3000
