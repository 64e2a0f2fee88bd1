"""Read-back of a number the customer gives (复述确认), and a number the customer only repeats."""
import pytest

import scriptcheck
from conftest import dialogue

HELLO = "客服:您好！请问有什么可以帮助您？\n"


@pytest.fixture(scope="module")
def pack():
    return scriptcheck.load_rules("default")


def fired(pack, text):
    report = scriptcheck.check(dialogue(text), pack)
    return [f.evidence for f in report.findings if f.rule == "readback.number"]


@pytest.mark.parametrize("agent_first, hit", [
    ("客服:您登记的号码是13812345678吗？\n", False),
    ("客服:您登记的号码是一三八一二三四五六七八吗？\n", False),      # in numerals: the same digits
    ("客服:您登记的号码是138\n客服:12345678吗？\n", False),           # cut across two utterances
    ("客服:您登记的号码是13912345678吗？\n", True),                   # another number
    ("客服:您的编号是1381234567812。\n", True),                      # its digits, in no number of its kind
])
def test_a_number_the_agent_said_first_is_only_repeated(pack, agent_first, hit):
    call = HELLO + agent_first + "客户:对，我的手机号是13812345678。\n客服:好的，师傅下午联系您。\n"
    assert bool(fired(pack, call)) == hit
