"""The bundled chat pack judges online chats by chat conventions and never by telephone ones."""
import pytest

import scriptcheck
from conftest import dialogue

PHONE_ONLY = ("silent.prompt", "silent.prompt_repeat", "silent.closing", "hold.duration", "hold.metadata",
              "rate.agent", "rate.agent_utterance", "silence.agent", "interruption.agent", "duration.call",
              "hangup.agent", "ring.slow_answer")
PHONE_SCRIPTS = ("opening.inbound", "opening.outbound", "closing.inbound", "closing.outbound", "address.surname")

PROPER_CHAT = """\
客户:在吗？我昨天买的耳机什么时候发货
客服:亲，在的，请问有什么可以帮您？
客服:请您稍等，我帮您查询一下。
客服:感谢您的等待，亲的订单今天下午发出，明天就能到哦。
客户:好的，谢谢
客服:不客气，这是我应该做的。请问还有其他可以帮您的吗？
客户:没有了
客服:感谢您对本店的支持，祝您购物愉快，再见！
"""

# A fast, timed chat with long pauses, an overlap, no surname addressing and the agent closing the
# session: everything a telephone rule would fault, nothing a chat rule would.
TIMED_CHAT = """\
# hangup_by: agent
# ring_seconds: 30
# hold_seconds: 120
# customer.surname: 王
[00:00.0-00:01.0] 客户:在吗
[00:40.0-00:40.5] 客服:您好，在的，请问有什么可以帮您？这边是本店的客服，很高兴为您服务哦。
[00:41.0-00:45.0] 客户:我想改一下收货地址，改到公司
[00:44.0-00:45.0] 客服:好的亲，请您把新地址发给我，我帮您修改。
[05:00.0-05:01.0] 客户:好的，谢谢
[05:30.0-05:31.0] 客服:不客气，感谢您的支持，祝您生活愉快，再见！
"""


@pytest.fixture(scope="module")
def chat_pack():
    return scriptcheck.load_rules("chat")


@pytest.mark.parametrize("header", ["# channel: chat\n", ""])
def test_a_proper_chat_scores_clean(chat_pack, header):
    report = scriptcheck.check(dialogue(header + PROPER_CHAT), chat_pack)
    assert report.findings == () and report.score == 100


@pytest.mark.parametrize("header", ["# channel: chat\n", ""])
def test_phone_only_rules_never_judge_a_chat(chat_pack, header):
    report = scriptcheck.check(dialogue(header + TIMED_CHAT), chat_pack)
    assert not {f.rule for f in report.findings} & set(PHONE_ONLY + PHONE_SCRIPTS)


@pytest.mark.parametrize("rule", PHONE_ONLY + PHONE_SCRIPTS)
def test_phone_rules_are_not_in_the_chat_pack(chat_pack, rule):
    assert rule not in {r.id for r in chat_pack.rules}


def test_default_pack_does_not_judge_a_chat_by_phone_only_rules():
    default = scriptcheck.load_rules("default")
    phone = scriptcheck.check(dialogue(TIMED_CHAT), default)
    chat = scriptcheck.check(dialogue("# channel: chat\n" + TIMED_CHAT), default)
    assert set(PHONE_ONLY) & {f.rule for f in phone.findings}  # the same text as a phone call is faulted
    assert not set(PHONE_ONLY) & {f.rule for f in chat.findings}


@pytest.mark.parametrize("agent_lines, missing", [
    # The phone's 「感谢您的来电」 is not demanded: the chat's own wordings close a chat (the goodbye
    # still wants the anything-else question before it).
    (["亲，在的，请问有什么可以帮您？", "感谢您对本店的支持，祝您生活愉快，再见！"], {"closing.anything_else"}),
    (["您好，很高兴为您服务", "还请您对我的服务做出评价哦"], set()),
    (["您好，请问有什么可以帮您？", "好的亲，欢迎下次光临~"], set()),
    # The anything-else question is not a closing, even when the customer leaves after it.
    (["您好，请问有什么可以帮您？", "请问还有其他可以帮到您的吗？"], {"closing.chat"}),
    (["您好，请问有什么可以帮您？", "如有其它问题您可随时联系我们，谢谢"], set()),
    (["订单号发一下", "好的"], {"opening.chat", "closing.chat"}),
    # 「亲，……」 opening the first reply greets; in a later reply it greets no one.
    (["亲，这个明天发货哦", "感谢您的支持，祝您购物愉快"], set()),
    (["订单号发一下", "亲，明天发货，感谢您的支持"], {"opening.chat"}),
])
def test_chat_openings_and_closings(chat_pack, agent_lines, missing):
    first, last = agent_lines
    text = f"# channel: chat\n客户:在吗\n客服:{first}\n客户:我的快递到哪了\n客服:{last}"
    report = scriptcheck.check(dialogue(text), chat_pack)
    assert {f.rule for f in report.findings if f.category in ("opening", "closing")} == missing


@pytest.mark.parametrize("agent_text, faulted", [
    ("亲，这个明天发货哦", True),  # 亲 addresses the customer; it is not one of the 五声十字
    ("亲，请您放心，明天发货，谢谢", False),
    ("明天发货", True),
])
def test_courtesy_words_in_chats(chat_pack, agent_text, faulted):
    text = f"# channel: chat\n客户:在吗\n客服:在的\n客户:什么时候发货\n客服:{agent_text}\n客服:感谢您的支持，祝您购物愉快"
    report = scriptcheck.check(dialogue(text), chat_pack)
    assert ("courtesy.words" in {f.rule for f in report.findings}) is faulted


def test_chat_pack_is_listed_and_every_rule_cites_an_adapted_standard(chat_pack):
    assert "chat" in scriptcheck.bundled_packs()
    assert chat_pack.label == "chat@1.0"
    own = [r for r in chat_pack.rules if r.id in ("opening.chat", "closing.chat", "closing.anything_else",
                                                  "courtesy.words", "response.thanks")]
    assert own and all("(online channel)" in r.source for r in own)
