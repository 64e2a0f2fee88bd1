"""The bundled packs' penalties as the standards state them (docs/rule-packs.md, "Penalties")."""
import pytest

import scriptcheck
from conftest import dialogue

OPENING = "客服:您好！我是中邑燃气客服中心1024号，请问您是王先生吗？\n客户:是我，什么事？\n"
CLOSING = "客户:好的。\n客服:请问还有什么需要帮您的？\n客户:没有了。\n客服:打扰您了，感谢您的支持，再见！"
OFFER = "客服:王先生您好，我们推出了燃气安全保险，保障燃气意外事故。{said}请问您需要办理吗？\n"
FEE, START, CANCEL = "每月3元。", "办理后下个月一号生效。", "不需要时您可以随时拨打热线取消。"
CALLBACK = "客服:王先生您好，您上周报修的燃气灶已经修好了，想回访一下您对维修服务是否满意，请问您现在方便吗？\n"


def outbound(middle: str, headers: str = "") -> str:
    return "# direction: outbound\n" + headers + OPENING + middle + CLOSING


@pytest.fixture(scope="module")
def packs():
    return {name: scriptcheck.load_rules(name) for name in ("default", "outbound-sales")}


@pytest.mark.parametrize("pack, call, fatal, fine, fatal_rules", [
    # 003 六、外呼制度 7: a sale missing a disclosure is a 不合格工单, 50 元/起 — once, however many are missing
    ("outbound-sales", outbound(OFFER.format(said=FEE + START + CANCEL)), False, 0, []),
    ("outbound-sales", outbound(OFFER.format(said=FEE + START)), True, 50, ["disclosure.cancellation"]),
    ("outbound-sales", outbound(OFFER.format(said="")), True, 50,
     ["disclosure.activation_time", "disclosure.cancellation", "disclosure.fee"]),
    # a service callback sells nothing: the disclosures are not owed
    ("outbound-sales", outbound(CALLBACK), False, 0, []),
    # the default (inbound service) pack has no 外呼制度 fines and no disclosure rules
    ("default", outbound(OFFER.format(said="")), False, 0, []),
])
def test_disclosures_make_a_sale_one_unqualified_call(packs, pack, call, fatal, fine, fatal_rules):
    report = scriptcheck.check(dialogue(call), packs[pack])
    assert (report.fatal, report.fine) == (fatal, fine)
    assert sorted(f.rule for f in report.findings if f.fatal) == fatal_rules


@pytest.mark.parametrize("pack, said, rule, deduction, fine", [
    ("default", "不知道。", "forbidden.dismissive", 10, 0),
    ("outbound-sales", "不知道。", "forbidden.dismissive", 10, 10),       # 出现禁用语的扣除奖金10元/次
    ("default", "你听懂了吗？", "forbidden.blaming", 10, 0),
    ("outbound-sales", "你听懂了吗？", "forbidden.blaming", 10, 10),
    ("default", "神经病！", "forbidden.abusive", 30, 0),                  # not 一票否决: no standard says so
    ("outbound-sales", "神经病！", "forbidden.abusive", 30, 30),          # 挂机后辱骂用户 … 30元
])
def test_forbidden_expressions_are_fined_only_by_the_outbound_regulation(packs, pack, said, rule, deduction, fine):
    report = scriptcheck.check(dialogue(outbound(CALLBACK + "客户:嗯。\n客服:" + said + "\n")), packs[pack])
    (finding,) = [f for f in report.findings if f.rule == rule]
    assert (finding.deduction, finding.fine, finding.fatal, report.fatal) == (deduction, fine, False, False)


@pytest.mark.parametrize("said, fired", [
    ("", True),
    ("需要提醒您，理财非存款，产品有风险，投资须谨慎。", False),
])
def test_the_bank_risk_warning_is_a_critical_finding_not_a_fatal_one(packs, said, fired):
    call = ("# direction: outbound\n# risk_product: true\n客服:您好，请问是王先生吗？我是您的客户经理小李。\n客户:是我。\n"
            f"客服:王先生，我行本周发售一款三个月期理财产品，起购金额一万元。{said}\n" + CLOSING)
    report = scriptcheck.check(dialogue(call), packs["outbound-sales"])
    risk = [(f.severity, f.deduction, f.fine, f.fatal) for f in report.findings if f.rule == "disclosure.risk"]
    assert risk == ([("critical", 10, 0, False)] if fired else [])


ASKED = OFFER.format(said=FEE + START + CANCEL)


@pytest.mark.parametrize("answers, fined", [
    # 3 「不得强制性为用户开通任何业务」: announced after a no, without a yes since
    ("客户:不需要，谢谢。\n客服:好的，已经为您开通了。\n", True),
    ("客户:我不办。\n客服:真的很划算。\n客户:嗯。\n客服:那我先帮您开通，不满意再取消。\n", True),
    # a yes, or a no that turns into a yes, is consent
    ("客户:那行，可以。\n客服:好的，已经为您办理成功。\n", False),
    ("客户:不需要。\n客服:燃气出了意外都能赔的。\n客户:那就办一个吧。\n客服:好的，已经帮您办理了。\n", False),
    # a question about the offer declines nothing; a no with nothing activated is no forcing
    ("客户:这个不需要交钱吗？\n客服:每月3元。\n客户:好，办吧。\n客服:已为您办理成功。\n", False),
    ("客户:不用了，谢谢。\n客服:好的，打扰您了。\n", False),
])
def test_an_activation_after_the_customer_said_no_is_forced(packs, answers, fined):
    report = scriptcheck.check(dialogue(outbound(ASKED + answers)), packs["outbound-sales"])
    forced = [(f.deduction, f.fine) for f in report.findings if f.rule == "activation.declined"]
    assert forced == ([(10, 50)] if fined else [])
    assert not [f for f in report.findings if f.rule in ("activation.asked", "forbidden.forced_activation")]


# 003 六、外呼制度: 1 首尾语、连接语、禁用语 10元/次, 语速过快 5-20元/次; 2 主动挂机 30元/次; 3 强制开通 50元/次;
# 6 发牢骚、辱骂用户 30元; 7 未说明开通时间、资费、取消方式 = 致命性问题 (不合格工单 50元/起, in scoring)
OUTBOUND_FINES = {
    **{rule: (10, None) for rule in (
        "opening.inbound", "opening.outbound", "closing.inbound", "closing.outbound", "closing.anything_else",
        "closing.weekend", "closing.holiday", "silent.prompt", "silent.prompt_repeat", "silent.closing",
        "response.complaint_closing", "opening.visit", "outbound.apology_disturb", "closing.anything_else_outbound",
        "opening.holiday_outbound", "opening.purpose",
        "hold.return", "forbidden.rude_address", "forbidden.curt_command",
        "forbidden.dismissive", "forbidden.impatient", "forbidden.blaming", "forbidden.provoking",
        "forbidden.shirking", "forbidden.wrong_number", "forbidden.ask_name", "hold.reason", "hold.presence",
        "hold.announced", "transfer.consent", "callback.offer", "callback.closing", "repeat.polite",
        "refusal.apology", "forbidden.chitchat")},
    **{rule: (10, 10) for rule in (
        "closing.weekend_wish_on_workday", "closing.holiday_wish_on_non_holiday", "greeting.morning",
        "greeting.noon", "greeting.afternoon", "greeting.evening")},
    "forbidden.abusive": (30, None), "rate.agent_utterance": (5, 20), "hangup.agent": (30, None),
    "forbidden.forced_activation": (50, None), "privacy.third_party": (50, None), "activation.asked": (50, None),
    "activation.declined": (50, None), "forbidden.grumbling": (30, None),
}
FATAL = {"disclosure.activation_time", "disclosure.fee", "disclosure.cancellation"}


def test_only_the_outbound_regulation_fines_and_only_its_fatal_items_are_fatal():
    for name in ("default", "chat"):
        pack = scriptcheck.load_rules(name)
        assert [r.id for r in pack.rules if r.fine or r.fatal] == []
        assert pack.scoring.unqualified_fine == 0
    pack = scriptcheck.load_rules("outbound-sales")
    assert {r.id: (r.fine, r.max_fine) for r in pack.rules if r.fine} == OUTBOUND_FINES
    assert {r.id for r in pack.rules if r.fatal} == FATAL
    assert pack.scoring.unqualified_fine == 50
