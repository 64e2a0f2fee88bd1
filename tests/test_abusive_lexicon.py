"""The default pack's lexicon of insults and profanity: the spellings agents type and say are caught, and
the everyday words that share a character with an insult are not."""
import pytest

import scriptcheck
from conftest import dialogue, rule_findings


@pytest.fixture(scope="module")
def pack():
    return scriptcheck.load_rules("default")


def abusive(pack, agent_says: str) -> list[str]:
    report = scriptcheck.check(dialogue(f"客户:你们什么时候来修？\n客服:{agent_says}"), pack)
    return [f.evidence for f in rule_findings(report, "forbidden.abusive")]


@pytest.mark.parametrize("agent_says, evidence", [
    ("你这个神经病", ["神经病"]),
    ("废物", ["废物"]),
    ("弱智", ["弱智"]),
    ("傻X", ["傻X"]),
    ("煞笔", ["煞笔"]),
    # the spellings used to get past filters, folded by normalisation
    ("你真是个SB", ["SB"]),
    ("你真是个ＳＢ", ["ＳＢ"]),
    ("s b", ["s b"]),
    ("傻B", ["傻B"]),
    ("傻 b", ["傻 b"]),
    ("傻*逼", ["傻*逼"]),
    ("傻bi", ["傻bi"]),
    ("沙比，听不懂吗", ["沙比"]),
    ("他媽的，又是你", ["他媽的"]),
    ("TMD", ["TMD"]),
    ("nmsl", ["nmsl"]),
    # a character that is an insult only inside its word
    ("狗东西", ["狗东西"]),
    ("蠢猪", ["蠢猪"]),
    ("你个猪头", ["猪头"]),
    ("卧槽，又坏了", ["卧槽"]),
    ("草！又是你", ["草"]),
    ("发神经", ["发神经"]),
    # profanity as an intensifier counts too
    ("这系统真牛逼", ["牛逼"]),
    ("妈的，又停气了", ["妈的"]),
    ("你去死吧", ["去死吧"]),
    ("真不要脸", ["不要脸"]),
])
def test_insults_and_profanity_are_caught(pack, agent_says, evidence):
    assert abusive(pack, agent_says) == evidence


@pytest.mark.parametrize("agent_says", [
    "狗粮和猪肉不要放在灶台边",
    "草莓季节到了",
    "请到神经内科就诊",
    "神经病学的专家门诊在三楼",
    "报警器背面有一个USB接口",
    "型号是SB200",
    "旧表统一做废物回收",
    "医疗废物不能放进垃圾桶",
    "是登记您妈的手机号，对吗？",
    "我妈的手机也能交费",
    "老妈的生日快到了",
    "去死皮膏不是我们的商品",
    "我草拟了一份说明",
    "台面边框是沙比利木的",
    "河沙比碎石便宜",
    "这只是杂种狗",
    "猪头肉在冷柜里",
    "他摔了个狗吃屎",
    "走了狗屎运",
    "做人不能不要脸面",
    "屏幕上滚动显示的数字",
])
def test_everyday_words_are_not_insults(pack, agent_says):
    assert abusive(pack, agent_says) == []
