"""Read-back of an address the customer gives (复述一遍客户地址), and when an address is not one to read back."""
import pytest

import scriptcheck
from conftest import dialogue

HELLO = "客服:您好！请问有什么可以帮助您？\n"
ASKED = "客服:好的，请问您的地址是？\n"


@pytest.fixture(scope="module")
def packs():
    return {name: scriptcheck.load_rules(name) for name in ("default", "chat")}


def fired(packs, text, pack="default"):
    report = scriptcheck.check(dialogue(text), packs[pack])
    return [f for f in report.findings if f.rule == "readback.address"]


@pytest.mark.parametrize("said, read_back, hit", [
    ("幸福小区5栋2单元501。", "幸福小区5栋2单元501室，对吗？", False),
    ("幸福小区5栋2单元501。", "好的，5栋2单元是吧？", False),                 # its numbered units
    ("幸福小区5栋2单元501。", "五零一是吧，师傅下午过去。", False),            # the flat number, read out
    ("幸福小区五栋二单元五零一。", "5栋501对吧？", False),                    # digits for the numerals said
    ("中山路一百二十八号。", "中山路128号，对吗？", False),                   # a counted number, in digits
    ("新华路12号3栋。", "您的地址是新化路十二号三栋对吗？", False),           # ASR wrote the name otherwise
    ("新华路12号3栋。", "新化路是吧？", False),                               # part of the place name
    ("中山路128号。", "您的地址是XX对吗？", False),                           # the wording, the rest garbled
    ("幸福小区5栋2单元501。", "好的，师傅下午联系您。", True),
    ("中山路128号。", "好的，这个地址我们能上门。", True),                    # an answer about it is no read-back
    ("5栋2单元501。", "好的，知道了。", True),                                 # units alone place it
])
def test_an_address_the_customer_gives_is_read_back(packs, said, read_back, hit):
    call = HELLO + "客户:燃气表不走了，你们派人来看看吧。\n" + ASKED + f"客户:{said}\n客服:{read_back}\n"
    assert bool(fired(packs, call)) == hit


@pytest.mark.parametrize("lines, hit", [
    # introduced as the customer's own address, unasked
    (["客户:我家住在中山路128号，燃气表坏了。", "客服:好的，我们安排师傅上门。"], True),
    (["客户:寄到幸福小区5栋2单元。", "客服:好的。"], True),
    # a question about a place: answered, not read back
    (["客户:中山路128号你们能上门吗？", "客服:可以的，我们能上门。"], False),
    (["客户:幸福小区5栋2单元有没有停气？", "客服:没有停气的通知。"], False),
    # a place mentioned in passing, neither asked for nor given as the customer's address
    (["客户:我上次在中山路128号营业厅办的。", "客服:好的，我帮您查一下。"], False),
    # no address: a date, a metro line, a flat's layout, one unit alone
    (["客户:我是3月5号装的燃气表。", "客服:好的。"], False),
    (["客户:我住在地铁1号线边上，两室一厅。", "客服:好的。"], False),
    (["客户:我住5栋。", "客服:好的。"], False),
    # the customer repeats what the agent read out first
    (["客服:您的地址是幸福小区5栋2单元对吗？", "客户:对，幸福小区5栋2单元。", "客服:好的，谢谢。"], False),
    # the read-back may come in the agent's second utterance
    (["客户:我家在幸福小区5栋2单元501。", "客服:好的。", "客服:幸福小区5栋2单元501对吧？"], False),
    # the agent never speaks again: not judged
    (["客户:我家在幸福小区5栋2单元501。"], False),
])
def test_only_an_address_given_to_record_is_judged(packs, lines, hit):
    assert bool(fired(packs, HELLO + "\n".join(lines) + "\n")) == hit


def test_the_finding_quotes_the_address(packs):
    call = HELLO + ASKED + "客户:幸福小区5栋2单元501。\n客服:好的，师傅下午联系您。\n"
    [finding] = fired(packs, call)
    assert (finding.utterance, finding.evidence) == (2, "幸福小区5栋2单元501")
    assert "复述一遍客户地址" in finding.message


def test_no_read_back_is_asked_in_a_chat(packs):
    call = "# channel: chat\n" + HELLO + ASKED + "客户:幸福小区5栋2单元501。\n客服:好的。\n"
    assert fired(packs, call, "chat") == []


def test_a_unit_is_said_only_with_a_word_of_its_class():
    # readback tells that the agent cannot have said an address first from the words of its units' classes
    from itertools import product

    from scriptcheck.checks.spoken_addresses import _UNIT_CLASS, may_hold_unit, units_of

    before = ["", "中山路", "幸福小区", "这", "单元", "5栋", "3号楼", "2幢", "8楼"]
    numbers = ["5", "501", "五零一", "一百二十八", "12"]
    after = ["号楼", "栋", "幢", "单元", "室", "号房", "号院", "号", "弄", "", "厅", "号线"]
    found = 0
    for text in map("".join, product(before, numbers, after)):
        for unit in units_of(text):
            found += 1
            assert unit[3] in _UNIT_CLASS.values() and may_hold_unit(text, unit[3]), (text, unit)
    assert found > 100


@pytest.mark.parametrize("agent_first, hit", [
    ("客服:您的地址是幸福小区5栋2单元501对吗？", False),
    ("客服:您的地址是5栋2单元吗？", True),          # not every unit of it
    ("客服:您的地址是2单元501吗？", True),
])
def test_an_address_the_agent_said_first_is_only_repeated(packs, agent_first, hit):
    call = HELLO + agent_first + "\n客户:对，幸福小区5栋2单元501。\n客服:好的，师傅下午联系您。\n"
    assert bool(fired(packs, call)) == hit
