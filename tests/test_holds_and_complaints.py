"""Holds that happened, and complaints answered once: judged as a QA reviewer judges them."""
import pytest

import scriptcheck
from conftest import dialogue, rule_findings

DEFAULT = scriptcheck.load_rules("default")


def findings(text: str, rule: str) -> list:
    return rule_findings(scriptcheck.check(dialogue(text), DEFAULT), rule)


@pytest.mark.parametrize("name, text, expected", [
    ("answered in one breath: no hold", """\
        客户:我的燃气费交了没有？
        客服:请稍等，我查一下。查到了，您的燃气费已经交到本月底了。
        客户:好的，谢谢。
        客服:不客气。""", []),
    ("agent went straight on, no customer turn, no timestamps", """\
        客户:我的燃气费交了没有？
        客服:好的，请您稍等，我帮您查询一下。
        客服:您的燃气费已经交到本月底了。""", []),
    ("customer spoke during the wait, no thanks", """\
        客户:我的燃气费交了没有？
        客服:好的，请您稍等，我帮您查询一下。
        客户:嗯。
        客服:您的燃气费已经交到本月底了。""", [1]),
    ("thanked on return", """\
        客户:我的燃气费交了没有？
        客服:好的，请您稍等，我帮您查询一下。
        客户:嗯。
        客服:感谢您的耐心等待，您的燃气费已经交到本月底了。""", []),
    ("two requests during one wait are one hold", """\
        客户:我的燃气费交了没有？
        客服:请您稍等。
        客户:好。
        客服:请再稍等一下，系统有点慢。
        客户:嗯。
        客服:您的燃气费已经交到本月底了。""", [1]),
    ("a gap in the timestamps is a wait", """\
        [00:01.0-00:03.0] 客户:我的燃气费交了没有？
        [00:03.5-00:05.0] 客服:请您稍等，我帮您查询一下。
        [00:20.0-00:23.0] 客服:您的燃气费已经交到本月底了。""", [1]),
    ("a chat answer in space-separated fragments after 稍等: no hold", """\
        客户:福建泉州能送吗
        客服:稍等 福建 泉州 命中站点 泉州站 可以送达
        客户:好的
        客服:嗯嗯""", []),
    ("a couple of courtesy fragments after 稍等 keep the wait", """\
        客户:福建泉州能送吗
        客服:稍等哦 亲 马上好
        客户:好的
        客服:泉州站可以送达""", [1]),
    ("asking for minutes and consent is a wait, however long", """\
        客户:这一个礼拜是今天算起还是下单开始
        客服:亲亲，您稍等一下呢 请给小妹三到五分钟时间，可以吗
        客户:可以
        客服:从今天开始算，预计一周到达""", [1]),
    ("no gap in the timestamps is no wait", """\
        [00:01.0-00:03.0] 客户:我的燃气费交了没有？
        [00:03.5-00:05.0] 客服:请您稍等，我帮您查询一下。
        [00:05.5-00:08.0] 客服:您的燃气费已经交到本月底了。""", []),
])
def test_hold_return_is_judged_only_for_holds_that_happened(name, text, expected):
    assert [f.utterance for f in findings(text, "hold.return")] == expected, name


@pytest.mark.parametrize("name, text, expected", [
    ("complaint answered without an apology", """\
        客户:你们这什么服务态度！
        客服:您说一下是哪个营业厅。""", [0]),
    ("complaint paraphrased: near", """\
        客户:你们客服的态度真的太差了
        客服:您说一下是哪个营业厅。""", [0]),
    ("negated complaint", """\
        客户:我不是要投诉，就想问问师傅几点到。
        客服:请告诉我您家的地址。""", []),
    ("an apology given once covers the follow-up complaints", """\
        客户:你们这是坑人啊！
        客服:非常抱歉给您带来不便，我马上帮您处理。
        客户:我要投诉，拖了这么久！
        客服:好的，已经帮您加急了。""", []),
    ("敬请原谅 is an apology", """\
        客户:我要投诉你们的快递员。
        客服:给您带来的不便敬请原谅，请问是哪一单？""", []),
])
def test_complaint_apology(name, text, expected):
    assert [f.utterance for f in findings(text, "response.complaint_apology")] == expected, name


@pytest.mark.parametrize("rule, customer, agent, fires", [
    # Thanks answered in everyday wording; thanks tacked onto a request or a declining are no thanks.
    ("response.thanks", "好的，谢谢", "您客气啦", False),
    ("response.thanks", "好的，谢谢", "应该的", False),
    ("response.thanks", "好的，谢谢", "客气的亲", False),
    ("response.thanks", "好的，谢谢", "嗯嗯", True),
    ("response.thanks", "你给我发个链接。谢谢", "好的", False),
    ("response.thanks", "这个不需要了，谢谢", "好的", False),
    # An apology for the customer's own fault wants 没关系; softeners, declinings and sarcasm do not.
    ("response.apology", "不好意思，我刚才报错了户号", "您的户号是多少？", True),
    ("response.apology", "不好意思，我刚才报错了户号", "没事的，您的户号是多少？", False),
    ("response.apology", "这个，不需要了，不好意思", "好的", False),
    ("response.apology", "抱歉有什么用，你们就知道说抱歉", "我马上为您处理", False),
])
def test_answers_to_the_customer_in_context(rule, customer, agent, fires):
    found = findings(f"客服:您好！请问有什么可以帮助您？\n客户:{customer}\n客服:{agent}", rule)
    assert bool(found) is fires


@pytest.mark.parametrize("question, fires", [
    ("请问还有没有其他可以帮您的？", False),
    ("您看还有其他问题需要咨询吗？", False),
    ("好的。", True),
])
def test_anything_else_in_any_wording(question, fires):
    text = f"客服:您好！请问有什么可以帮助您？\n客户:营业厅几点下班？\n客服:下午五点。{question}\n客户:没有了。\n客服:感谢您的来电，再见！"
    assert bool(findings(text, "closing.anything_else")) is fires
