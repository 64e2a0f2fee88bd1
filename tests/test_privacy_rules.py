"""Read-back (复述确认), identity check, disclosure of numbers the customer did not give, rash promises."""
import pytest

import scriptcheck
from conftest import dialogue

HELLO = "客服:您好！请问有什么可以帮助您？\n"


@pytest.fixture(scope="module")
def packs():
    return {name: scriptcheck.load_rules(name) for name in ("default", "outbound-sales", "chat")}


def fired(packs, text, rule, pack="default"):
    report = scriptcheck.check(dialogue(text), packs[pack])
    return [f for f in report.findings if f.rule == rule]


@pytest.mark.parametrize("said, read_back, hit", [
    ("我电话13812345678。", "好的，13812345678，对吗？", False),
    ("我电话138 1234 5678。", "您的电话号码是13812345678对吗？", False),
    ("我电话138-1234-5678。", "好的，尾号5678，对吗？", False),
    ("我电话一三八一二三四五六七八。", "您的电话号码是13812345678对吗？", False),   # Chinese numerals
    ("我电话幺三八幺二三四五六七八。", "您的电话号码是幺三八幺二三四五六七八对吗？", False),  # 幺 = 1
    ("我电话13812345678。", "您的号码是一三八XXXX对吗？", False),       # the wording, digits written otherwise
    ("我家座机057188886666。", "好的，0571 8888 6666，对吧？", False),    # a landline with its area code
    ("我电话13812345678。", "好的，师傅下午联系您。", True),
    ("我家座机057188886666。", "好的，师傅下午联系您。", True),
    ("我电话00000000000。", "好的，师傅下午联系您。", False),            # anonymised by the corpus: nobody's
    ("我的户号是1234567。", "好的，师傅下午联系您。", False),           # an account number is not a phone number
    ("一共13个人，12345678元。", "好的。", False),
])
def test_a_phone_number_the_customer_gives_is_read_back(packs, said, read_back, hit):
    call = HELLO + f"客户:燃气表不走了。{said}\n客服:{read_back}\n"
    assert bool(fired(packs, call, "readback.number")) == hit


@pytest.mark.parametrize("lines, hit", [
    # ASR cuts the number across the customer's utterances: one number, read back or not
    (["客户:我电话是幺三八，", "客户:幺二三四，五六七八。", "客服:好的，我们安排师傅上门。"], True),
    (["客户:我电话是幺三八，", "客户:幺二三四，五六七八。", "客服:您的电话是13812345678对吗？"], False),
    # the read-back may come in the agent's second utterance
    (["客户:我电话13812345678。", "客服:好的。", "客服:您的电话号码是13812345678对吗？"], False),
    # the customer repeats what the agent read out first: not a number the customer gives
    (["客服:您登记的手机是13812345678对吗？", "客户:对，13812345678。", "客服:好的，谢谢。"], False),
    # the agent never speaks again: not judged
    (["客户:我电话13812345678。"], False),
])
def test_read_back_across_utterances(packs, lines, hit):
    assert bool(fired(packs, HELLO + "\n".join(lines) + "\n", "readback.number")) == hit


@pytest.mark.parametrize("said, read_back, hit", [
    ("单号是75312345678901。", "单号75312345678901，对吗？", False),
    ("单号是75312345678901。", "尾号8901是吧？", False),                       # its last four
    ("运单七五三一二三四五六七八九。", "您的单号是753XXXX对吗？", False),      # the wording, digits garbled
    ("单号是75312345678901。", "好的，快递已经到网点了。", True),
    ("订单号13812345678。", "好的，我帮您查一下。", True),                      # called an order number
    ("订单上的电话是13812345678。", "好的，我帮您查一下。", False),             # a phone number: readback.number
    ("单号是00000000000。", "好的，我帮您查一下。", False),                    # anonymised by the corpus
    ("我买了12345678元的东西。", "好的。", False),                             # not called an order number
])
def test_an_order_number_the_customer_gives_is_read_back(packs, said, read_back, hit):
    call = HELLO + f"客户:我查一下快递。{said}\n客服:{read_back}\n"
    assert bool(fired(packs, call, "readback.order")) == hit


@pytest.mark.parametrize("asked, hit", [
    ("您能提供下发货单号么？", True),      # the digits alone answer the request for a 单号
    ("请问您的快递单号是多少？", True),
    ("请问您的户号是多少？", False),       # an account number: not read back
])
def test_digits_given_when_asked_for_an_order_number_are_one(packs, asked, hit):
    call = HELLO + f"客户:我查一下快递。\n客服:{asked}\n客户:七五三一二三四五六七八九零一。\n客服:好的，我帮您查询一下。\n"
    assert bool(fired(packs, call, "readback.order")) == hit


def test_no_read_back_is_asked_in_a_chat(packs):
    call = "# channel: chat\n" + HELLO + "客户:我电话13812345678。\n客服:好的，师傅下午联系您。\n"
    assert fired(packs, call, "readback.number", "chat") == []


@pytest.mark.parametrize("confirm, answer, hit", [
    ("对的。", "谢谢。师傅下午联系您。", False),
    ("对的。", "好，师傅下午联系您。", True),
    ("是的，没错。", "好的，感谢。", False),
    ("不对，是13812345679。", "好的，13812345679，记下了。", False),   # not confirmed: nothing to thank for
    ("嗯？什么？", "好，师傅下午联系您。", False),
])
def test_a_confirmed_read_back_is_thanked_for(packs, confirm, answer, hit):
    call = (HELLO + "客户:我电话13812345678。\n客服:您的电话号码是13812345678对吗？\n"
            f"客户:{confirm}\n客服:{answer}\n")
    assert bool(fired(packs, call, "readback.thanks")) == hit


@pytest.mark.parametrize("lines, headers, hit", [
    (["客户:我邻居电话多少？", "客服:他的电话是13912345678。"], "", True),
    (["客户:你们经理手机多少？", "客服:经理的手机是幺三九，", "客服:八七六五，四三二一。"], "", True),   # cut by ASR
    (["客户:我想查个人。", "客服:他身份证号是110101199003071234。"], "", True),
    (["客户:我想查个人。", "客服:他的卡号是6222020200112233445。"], "", True),
    # 16–19 digits not called a card are an order or waybill number
    (["客户:我的快递呢？", "客服:您的运单号6222020200112233445已经发出。"], "", False),
    # the customer's own number, said by the customer before or after, in any form
    (["客户:我电话是一三八一二三四五六七八。", "客服:好的，13812345678，师傅下午联系您。"], "", False),
    (["客服:师傅会打13812345678联系您。", "客户:对，13812345678是我的。"], "", False),
    # read back from the records as the customer's own, or asked back
    (["客户:我登记的手机号是哪个？", "客服:您登记的手机号是13812345678。"], "", False),
    (["客户:帮我查一下。", "客服:是13812345678这个号码对吗？"], "", False),
    # the call's own number, a masked number, the company's hotline
    (["客户:帮我查一下燃气费。", "客服:是给13812345678发短信通知吗？"], "# caller_number: 13812345678\n", False),
    (["客户:帮我查一下。", "客服:他的电话是138****5678。"], "", False),
    (["客户:投诉找谁？", "客服:您可以拨打4008123456。"], "", False),
])
def test_a_number_the_customer_did_not_give_is_a_disclosure(packs, lines, headers, hit):
    call = headers + HELLO + "\n".join(lines) + "\n"
    assert bool(fired(packs, call, "privacy.third_party")) == hit


def test_public_numbers_of_the_pack_are_no_disclosure(pack_from):
    pack = pack_from("""
        rules:
          - {id: p, type: privacy, category: privacy, message: "{kind}「{evidence}」", public: ["13900001111"]}
        """)
    call = dialogue(HELLO + "客户:投诉找谁？\n客服:您打我们的服务热线13900001111，或者13912345678。\n")
    assert [f.evidence for f in scriptcheck.check(call, pack).findings] == ["13912345678"]


def test_disclosure_is_fined_per_person_only_in_outbound_sales(packs):
    call = ("# direction: outbound\n客服:王先生您好，我是中邑燃气客服。\n客户:你们那个师傅电话多少？\n"
            "客服:张师傅13912345678，李师傅13987654321，张师傅的号码是13912345678。\n")
    sales = fired(packs, call, "privacy.third_party", "outbound-sales")
    assert sorted(f.evidence for f in sales) == ["13912345678", "13987654321"]   # each person once
    assert [f.fine for f in sales] == [50, 50] and not any(f.fatal for f in sales)
    default = fired(packs, call, "privacy.third_party")
    assert [(f.fine, f.deduction, f.fatal) for f in default] == [(0, 10, False)] * 2


@pytest.mark.parametrize("lines, headers, hit", [
    (["客户:我想把燃气账户的联系电话改一下。", "客服:好的，已经帮您修改联系电话了。"], "", True),
    (["客户:我想把联系电话改一下。", "客服:好的，请报您的账号！", "客户:1234567。", "客服:好的，已经帮您修改了。"], "", False),
    (["客户:我想改电话。", "客服:先跟您核对一下身份信息，机主姓名是？", "客户:王小明。", "客服:已经帮您变更了。"], "", False),
    (["客户:我的户号是1234567，想把联系电话改一下。", "客服:好的，已经帮您修改了。"], "", False),  # given unasked
    (["客户:我想改电话。", "客服:请问需要帮您修改吗？"], "", False),                 # an offer, not a change
    (["客户:地址写错了。", "客服:好的，已经帮您修改了。"], "# direction: outbound\n", False),  # the company called
])
def test_account_data_is_read_out_or_changed_only_after_an_identity_check(packs, lines, headers, hit):
    call = headers + HELLO + "\n".join(lines) + "\n"
    assert bool(fired(packs, call, "identity.before_account")) == hit


@pytest.mark.parametrize("said, hit", [
    ("我保证明天师傅一定到，绝对没问题。", True),
    ("放心，肯定给您退回来。", True),
    ("这个百分之百能修好。", True),
    ("我跟您保证，明天肯定能到。", True),
    # the prescribed commitments of effort and time
    ("我们会尽快向上级部门反映，并在24小时内给您回复。", False),
    ("我们一定会将您的宝贵意见向有关部门反映的，公司一定会尽快处理。", False),
    ("我跟您保证会尽快为您审核处理。", False),
    ("我们一定加紧配送。", False),
    # refusing to promise, a fact stated, nouns
    ("这个我不能保证明天一定到。", False),
    ("这个不一定能到。", False),
    ("这个我不能完全跟您保证，但会帮您申请拦截。", False),
    ("有问题您随时找我，一定为您解决好。", False),        # a standing offer of help, not an outcome vouched for
    ("这个肯定是表的问题。", False),
    ("需要交保证金吗？这是质量保证书。", False),
    ("京东自营，保证正品，保证质量。", False),
])
def test_rash_promises_but_not_the_prescribed_commitments(packs, said, hit):
    call = HELLO + "客户:师傅什么时候能来？\n" + f"客服:{said}\n"
    assert bool(fired(packs, call, "promise.rash")) == hit
