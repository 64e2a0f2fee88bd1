"""A search that needs only a few hits (courtesy words: at least two) stops early, and stops right."""
import pytest

import scriptcheck
from scriptcheck.checks.phrase_hits import find_hits
from scriptcheck.engine import prepare
from conftest import dialogue

PACK = """\
rules:
  - id: courtesy.words
    type: count
    category: courtesy
    speaker: agent
    min: 2
    message: "礼貌用语仅出现{count}次"
    phrases:
      - {text: 请, except: [申请]}
      - 谢谢
      - 请您稍等
"""

CASES = [
    # (agent's utterances, customer's reply between them, hits expected with enough=2, all hits)
    pytest.param(["请问有什么可以帮您", "谢谢您", "请稍等，谢谢"], 2, 4, id="stops after the utterance reaching two"),
    pytest.param(["请问请问", "好的"], 2, 2, id="two in one utterance"),
    pytest.param(["您申请的业务", "谢谢"], 1, 1, id="an excepted hit does not count: all searched"),
    pytest.param(["请您稍等", "好"], 1, 1, id="a nested hit does not count: all searched"),
    pytest.param(["请您稍等请", "谢谢"], 2, 3, id="nested dropped, still enough in the first utterance"),
    pytest.param(["您好", "再见"], 0, 0, id="none"),
]


@pytest.mark.parametrize("agent, expected_enough, expected_all", CASES)
def test_enough_stops_at_whole_utterances(tmp_path, agent, expected_enough, expected_all):
    path = tmp_path / "pack.yaml"
    path.write_text(PACK, encoding="utf-8")
    pack = scriptcheck.load_rules(str(path))
    lines = []
    for said in agent:
        lines += [f"客服:{said}", "客户:嗯"]
    call = prepare(dialogue("\n".join(lines) + "\n"), pack)
    rule = pack.rules[0]
    every = find_hits(call, 0, rule.phrases, "agent")
    early = find_hits(call, 0, rule.phrases, "agent", enough=2)
    assert len(every) == expected_all
    assert len(early) == expected_enough
    # the early answer is the whole answer for the utterances it covers
    last = max((hit.utterance for hit in early), default=-1)
    assert early == [hit for hit in every if hit.utterance <= last]
