"""Rules with equal trigger lists share one compiled list, and a call confirms its hits once for all."""
import scriptcheck
from scriptcheck.checks.phrase_hits import find_hits
from scriptcheck.engine import prepare
from conftest import dialogue

HOLD = """\
[00:00.5-00:04.3] 客服:您好！请问有什么可以帮助您？
[00:04.9-00:08.6] 客户:我想查一下这个月的燃气费交了没有。
[00:09.1-00:12.2] 客服:好的，请您稍等，我帮您查询一下。
[00:50.0-00:52.0] 客服:请您稍后，还在查。
[01:20.0-01:27.3] 客服:您的燃气费已经交到本月底了。
"""


def test_hold_rules_share_their_trigger_list():
    pack = scriptcheck.load_rules("default")
    rules = {rule.id: rule for rule in pack.rules}
    assert rules["hold.return"].triggers is rules["hold.duration"].triggers is rules["hold.long_choice"].triggers


def test_shared_hits_are_each_rules_own_hits():
    pack = scriptcheck.load_rules("default")
    call = prepare(dialogue(HOLD), pack)
    indices = [i for i, rule in enumerate(pack.rules) if rule.id in ("hold.return", "hold.duration")]
    groups = {"hold.return": "trigger:", "hold.duration": ""}
    own = [find_hits(call, i, pack.rules[i].triggers, "agent", groups[pack.rules[i].id]) for i in indices]
    assert own[0] == own[1] and sorted({h.utterance for h in own[0]}) == [2, 3]
    report = scriptcheck.check(dialogue(HOLD), pack)
    assert {f.rule for f in report.findings} >= {"hold.return", "hold.duration"}
