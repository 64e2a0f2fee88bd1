"""Scenes: the kinds of call the standards give their own script, and the rules limited to or exempted in them."""
import pytest

import scriptcheck
from scriptcheck import PackError
from scriptcheck.engine import prepare

from conftest import dialogue, run_cli


@pytest.fixture(scope="module")
def default():
    return scriptcheck.load_rules("default")


# The calls of the standards' special procedures, handled exactly as the standards prescribe.
# A question answered and the anything-else question asked: the calls below differ in how they end.
ANSWERED = """\
    客服:您好！请问有什么可以帮助您？
    客户:我想问一下这个月燃气费交了没有。
    客服:好的，请问怎么称呼您？
    客户:我姓王。
    客服:王先生，已经帮您查过了，本月燃气费已经交清。王先生，请问还有其它问题吗？
    客户:没有了。
"""
LINGERING = """\
    # hangup_by: agent
""" + ANSWERED + """\
    客服:感谢您的来电，请您先挂机。再见。
    客服:请问您还有其它问题吗？
    客服:您好，请问还有其它问题吗，如果没有请挂机。
    客服:对不起，我挂线了。
    """
NUISANCE = """\
    # hangup_by: agent
    客服:您好！请问有什么可以帮助您？
    客户:您好，我们公司新推出一款理财产品，收益很高，您了解一下吗？
    客服:您好，此电话为我公司客户服务热线，请您自行挂机，不要占用此热线，谢谢！
    客户:就耽误您两分钟，我给您介绍一下。
    客服:您好，很抱歉，我将挂机。再见。
    """
CALLBACK = """\
    # hangup_by: customer
    客服:您好！请问有什么可以帮助您？
    客户:我家上个月的燃气费怎么多扣了两百块？
    客服:请问您贵姓？
    客户:免贵姓王。
    客服:王先生，关于这个问题我需要查询一下，请您先挂机，我会尽快给您回复，您看可以吗？
    客户:可以。
    客服:请您给我留一个回复电话好吗？
    客户:13912345678。
    客服:王先生，您的电话号码是13912345678，对吗？
    客户:对。
    客服:谢谢。感谢您的配合，再见！
    """
TRANSFER = """\
    # hangup_by: agent
    客服:您好！请问有什么可以帮助您？
    客户:我要办理商业用户开户。
    客服:您的问题有专人负责，我帮您把电话转接给商业用户专席，好吗？
    客户:好的。
    客服:现在为您转接，请稍等。
    """
WRONG_NUMBER = """\
    # hangup_by: agent
    客服:您好！请问有什么可以帮助您？
    客户:是张记饭店吗？我订个包间。
    客服:您好，这里是中邑燃气客服中心，请您查证后再拨，谢谢！
    """
PERSONAL = """\
    客服:您好！请问有什么可以帮助您？
    客户:我找一下你们那儿的小刘。
    客服:您好，很抱歉！因公司规定上班时间不允许接听私人电话，请您其它时间再与她联系。
    """
POOR_LINE = """\
    # hangup_by: agent
    客服:您好！请问有什么可以帮助您？
    客户:喂……燃气……
    客服:对不起，我这里听不清您的声音，请大声一点，好吗？
    客户:……表……
    客服:对不起，我这里还是无法听清您的声音，请您重新再拨一下好吗？感谢您的来电，再见。
    """
ORDINARY = """\
    # hangup_by: customer
""" + ANSWERED + """\
    客服:感谢您的来电，再见！
    """


@pytest.mark.parametrize("text, scenes", [
    (LINGERING, {"lingering"}),
    (NUISANCE, {"nuisance"}),
    (CALLBACK, {"callback"}),
    (TRANSFER, {"transfer"}),
    (WRONG_NUMBER, {"wrong_number"}),
    (PERSONAL, {"personal_call"}),
    (POOR_LINE, {"poor_line"}),
    (ORDINARY, set()),
    ("客服:您好！您的电话已接通，请讲话。\n客服:对不起！我这边听不见您的声音，请您换一部电话再拨，谢谢来电，再见！",
     {"silent", "poor_line"}),
    ("客服:您好！请问有什么可以帮助您？\n客户:我要投诉你们的维修师傅！\n客服:很抱歉给您添麻烦了。", {"complaint"}),
    ("# scene: callback\n客服:您好！请问有什么可以帮助您？\n客户:查一下燃气费。", {"callback"}),
    ("# transferred: true\n客服:您好！请问有什么可以帮助您？\n客户:我找工程部。", {"transfer"}),
    # the transfer is offered, then refused by the customer: the call goes on and is closed as usual
    ("客服:您好！请问有什么可以帮助您？\n客户:我要开户。\n客服:我帮您转接到开户专席，好吗？\n客户:不用了，你直接说吧。\n"
     "客服:好的，请您带上身份证到营业厅办理。请问还有其它问题吗？\n客户:没有了。\n客服:感谢您的来电，再见！", set()),
    # a complaint closing that promises a reply is no callback
    ("客服:您好！请问有什么可以帮助您？\n客户:师傅到现在都没来！\n"
     "客服:我们会在2小时内给您回复。请问还有其它问题吗？\n客户:没有了。\n客服:感谢您的来电，请您先挂机。再见。", set()),
], ids=["lingering", "nuisance", "callback", "transfer", "wrong number", "personal call", "poor line", "ordinary",
        "silent line", "complaint", "metadata scene", "metadata transferred", "transfer refused",
        "reply promised, not a callback"])
def test_scenes_are_detected_from_the_script_and_metadata(default, text, scenes):
    assert prepare(dialogue(text), default).scenes() == frozenset(scenes)


# Before scenes, each of these calls but the ordinary one lost points (closing, hang-up …) for
# following its own script.
@pytest.mark.parametrize("text", [LINGERING, NUISANCE, CALLBACK, TRANSFER, WRONG_NUMBER, PERSONAL, POOR_LINE, ORDINARY],
                         ids=["lingering", "nuisance", "callback", "transfer", "wrong number", "personal call",
                              "poor line", "ordinary"])
def test_a_special_call_handled_by_its_script_loses_no_points(default, text):
    report = scriptcheck.check(dialogue(text), default)
    assert (report.score, [f.rule for f in report.findings]) == (100, [])


@pytest.mark.parametrize("text, fired", [
    # the nuisance call declared by the call system, hung up without the script nor a word of goodbye
    ("# scene: nuisance\n# hangup_by: agent\n客服:您好！请问有什么可以帮助您？\n客户:了解一下理财产品吗？\n客服:不需要。",
     ["nuisance.before_hangup", "nuisance.script"]),
    # a callback arranged but closed without 「感谢您的配合，再见」
    (CALLBACK.replace("感谢您的配合，再见！", "行，拜拜。"), ["callback.closing"]),
    # a transfer without asking the customer
    (TRANSFER.replace("我帮您把电话转接给商业用户专席，好吗？", "给你转到商业用户专席。").replace("客户:好的。\n", ""),
     ["transfer.consent"]),
    # the caller who will not hang up, cut off without the closing first
    (LINGERING.replace("感谢您的来电，请您先挂机。再见。", "好的。"), ["lingering.closing"]),
], ids=["nuisance without script", "callback without its closing", "transfer without consent",
        "lingering without closing"])
def test_a_scene_demands_its_own_script(default, text, fired):
    report = scriptcheck.check(dialogue(text), default)
    assert [f.rule for f in report.findings] == fired


SCENE_PACK = """\
scenes:
  callback:
    agent: [请您先挂机]
    window: {last: 2}
  vip:
    facts: [{customer.level: vip}]
  angry:
    customer: [投诉]
rules:
  - {id: closing, type: required, category: closing, message: m, phrases: [再见], window: {last: 1},
     when: {scene: {not: [callback, vip]}}}
  - {id: callback.closing, type: required, category: closing, message: m, phrases: [感谢您的配合],
     when: {scene: callback}}
  - {id: outbound.only, type: required, category: opening, message: m, phrases: [您好],
     when: {direction: {not: inbound}}}
"""


@pytest.mark.parametrize("text, fired", [
    ("客服:好的。", ["closing"]),
    ("客服:请您先挂机，稍后回复您。", ["callback.closing"]),
    ("客服:请您先挂机，稍后回复您。\n客服:感谢您的配合。", []),
    # the marker outside the window: not the scene
    ("客服:请您先挂机。\n客服:好。\n客服:好的。", ["closing"]),
    ("# scene: callback, angry\n客服:感谢您的配合。", []),
    ("# direction: outbound\n客服:再见。", ["outbound.only"]),
    ("客户:我要投诉\n客服:再见。", []),
], ids=["no scene", "scene by phrase", "scene script said", "outside the window", "metadata names two",
        "negated direction", "customer phrase"])
def test_rules_are_limited_to_or_exempted_in_scenes(pack_from, text, fired):
    pack = pack_from(SCENE_PACK)
    assert [f.rule for f in scriptcheck.check(dialogue(text), pack).findings] == fired


@pytest.mark.parametrize("facts, scenes", [
    ({"customer": {"level": "vip"}}, {"vip"}),
    ({"metadata": {"scene": ["callback", "angry"]}}, {"callback", "angry"}),
    ({"metadata": {"scene": "angry"}}, {"angry"}),
    ({"metadata": {"scene": "nuisance"}}, set()),
], ids=["customer fact", "metadata list", "metadata string", "a scene the pack does not define"])
def test_call_facts_declare_scenes(pack_from, facts, scenes):
    call = scriptcheck.Transcript.from_dict({"id": "c", **facts, "utterances": [{"speaker": "agent", "text": "好的"}]})
    assert prepare(call, pack_from(SCENE_PACK)).scenes() == frozenset(scenes)


@pytest.mark.parametrize("yaml_text, expected", [
    ("rules:\n  - {id: a, type: required, category: c, message: m, phrases: [x], when: {scene: callback}}\n",
     "pack.yaml:2:75: rules[0].when.scene: unknown scene 'callback' (the pack defines no scenes)"),
    ("scenes:\n  callback: {agent: [x]}\nrules:\n  - {id: a, type: required, category: c, message: m, phrases: [x],"
     " when: {scene: {not: calback}}}\n", "rules[0].when.scene.not: unknown scene 'calback' (did you mean 'callback'?)"),
    ("scenes:\n  callback: {agnt: [x]}\n", "pack.yaml:2:14: scenes.callback.agnt: unknown key (did you mean 'agent'?)"),
    ("scenes:\n  callback: {description: d}\n", "pack.yaml:2:3: scenes.callback: a scene needs 'agent' or 'customer' "
     "phrases, 'facts' or 'signs'"),
    ("scenes:\n  a: {signs: [{times: 2}]}\n", "scenes.a.signs[0]: a sign needs 'agent' or 'customer' phrases, 'when' "
     "or 'line_open'"),
    ("scenes:\n  a: {agent: [x]}\n  b: {signs: [{when: {scene: a}}]}\n", "scenes.b.signs[0].when.scene: a scene cannot "
     "be declared by another scene"),
    ("scenes:\n  a: {signs: [{agent: [x], times: 0}]}\n", "scenes.a.signs[0].times:"),
    ("scenes:\n  a: {signs: [{agent: [x], windw: {last: 1}}]}\n", "scenes.a.signs[0].windw: unknown key (did you mean "
     "'window'?)"),
    ("scenes:\n  callback: {agent: [x], window: {end: 2}}\n", "scenes.callback.window: expected {first: N} or {last: N}"),
    ("scenes:\n  callback: {agent: [x], window: {last: 0}}\n",
     "scenes.callback.window.last: expected a positive integer, got 0"),
    ("scenes:\n  a: {agent: [x]}\n  b: {facts: [{scene: a}]}\n", "scenes.b.facts[0].scene: a scene cannot be declared "
     "by another scene"),
    ("scenes:\n  a: {facts: [{direction: sideways}]}\n", "scenes.a.facts[0].direction: direction must be inbound"),
    ("scenes:\n  a: {agent: [{intent: nope}]}\n", "scenes.a.agent[0].intent: unknown intent 'nope'"),
    ("rules:\n  - {id: a, type: required, category: c, message: m, phrases: [x], when: {speakers: {not: agent}}}\n",
     "rules[0].when.speakers.not: speakers cannot be negated"),
    ("rules:\n  - {id: a, type: required, category: c, message: m, phrases: [x], when: {direction: {nat: inbound}}}\n",
     "rules[0].when.direction: expected a value, a list of values or {not: VALUE or LIST}"),
], ids=["unknown scene", "misspelt negated scene", "unknown scene key", "scene without detector",
        "sign without detector", "sign declared by a scene", "sign said zero times", "misspelt sign key", "bad window",
        "zero window", "scene declared by a scene", "bad fact", "unknown intent", "negated speakers",
        "mapping that is no negation"])
def test_scene_errors_name_file_line_col_and_key(pack_from, yaml_text, expected):
    with pytest.raises(PackError) as caught:
        pack_from(yaml_text)
    assert expected in str(caught.value)


def test_a_child_pack_redefines_a_scene(write, pack_from):
    write("parent.yaml", SCENE_PACK)
    pack = pack_from("extends: parent.yaml\nscenes:\n  callback:\n    agent: [稍后回电]\n", name="child.yaml")
    assert [f.rule for f in scriptcheck.check(dialogue("客服:稍后回电。"), pack).findings] == ["callback.closing"]


def test_rules_test_runs_scene_examples(capsys, write):
    path = write("pack.yaml", """\
        scenes:
          callback:
            agent: [请您先挂机]
            examples:
              hit: ["客服:请您先挂机，稍后回复您。", "客服:我们稍后回复您。"]
              pass: ["客服:感谢您的来电，请您先挂机。"]
        rules: []
        """)
    code, out, _ = run_cli(capsys, "rules", "test", str(path))
    assert code == 1
    assert out.splitlines()[-1] == "1 passed, 2 failed"
    assert "FAIL scene callback hit[1]: expected the scene to be detected, it was not" in out
    assert "FAIL scene callback pass[0]: expected the scene not to be detected, it was" in out


def test_bundled_scenes_all_have_hit_and_pass_examples(default):
    assert {scene.name for scene in default.scenes} == {
        "silent", "complaint", "transfer", "callback", "nuisance", "personal_call", "wrong_number", "poor_line",
        "lingering", "visit"}
    for scene in default.scenes:
        assert scene.examples.get("hit") and scene.examples.get("pass") and scene.source, scene.name


def test_explain_says_which_scene_exempts_a_rule(capsys, write):
    call = write("call.txt", NUISANCE)
    code, out, _ = run_cli(capsys, "rules", "explain", "closing.inbound", "--transcript", str(call))
    assert code == 0
    assert "calls where direction is inbound and scene is not" in out
    assert "applies: no — needs scene is not" in out
    assert "this call has scene = nuisance" in out


# Calls the scripts do not mark: a poor line or a lingering caller recognised from what happened.
POOR_LINE_UNSCRIPTED = """\
    客服:您好！请问有什么可以帮助您？
    客户:喂……燃气……
    客服:对不起，我这里听不清您的声音，请大声一点，好吗？
    客户:……表……
    客服:我这边还是听不清您的声音。
    客服:喂？您好？
    """
TIMED_GOODBYE = """\
    # hangup_by: {hangup_by}
    # call_seconds: {call_seconds}
    [00:00.5-00:04.3] 客服:您好！请问有什么可以帮助您？
    [00:04.9-00:08.6] 客户:我想问一下这个月燃气费交了没有。
    [00:09.1-00:14.2] 客服:已经交清了。请问还有其它问题吗？
    [00:14.8-00:15.6] 客户:没有了。
    [00:16.1-00:19.0] 客服:感谢您的来电，再见。
    """


@pytest.mark.parametrize("text, scenes", [
    (POOR_LINE_UNSCRIPTED, {"poor_line"}),
    # said once, then the agent hung up on the customer it could not hear (不可以直接挂机)
    ("# hangup_by: agent\n客服:您好！请问有什么可以帮助您？\n客户:喂……\n客服:我这边听不到您的声音。", {"poor_line"}),
    # said once and the customer hung up: the agent had no chance to go on
    ("# hangup_by: customer\n客服:您好！请问有什么可以帮助您？\n客户:喂……\n客服:我这边听不到您的声音。", set()),
    # the customer hung up after the agent's second try
    ("# hangup_by: customer\n客服:您好！请问有什么可以帮助您？\n客户:喂……\n客服:对不起，听不清您的声音，请大声一点，好吗？\n"
     "客户:……\n客服:对不起，我这里还是听不清您的声音。", set()),
    # a request to repeat is no poor line, however often
    ("客服:您好！请问有什么可以帮助您？\n客户:燃气费。\n客服:不好意思，我没听清，您再说一遍好吗？\n客户:燃气费交了没有。\n"
     "客服:不好意思，我还是没听清楚。", set()),
    # the line recovered: the call ends as usual
    ("客服:您好！请问有什么可以帮助您？\n客户:喂……\n客服:对不起，我这里听不清您的声音，请大声一点，好吗？\n客户:……表……\n"
     "客服:对不起，我这里还是听不清您的声音，请大声一点，好吗？\n客户:我家燃气表没电了。\n客服:好的，请您更换一下电池。"
     "请问还有其它问题吗？\n客户:没有了。\n客服:感谢您的来电，再见！", set()),
    (TIMED_GOODBYE.format(hangup_by="agent", call_seconds=30), {"lingering"}),
    # hung up 2 s after the goodbye: the agent hung up first, the customer did not linger
    (TIMED_GOODBYE.format(hangup_by="agent", call_seconds=21), set()),
    (TIMED_GOODBYE.format(hangup_by="customer", call_seconds=30), set()),
    # without the call's length nothing shows the customer staying on the line
    (TIMED_GOODBYE.replace("    # call_seconds: {call_seconds}\n", "").format(hangup_by="agent"), set()),
], ids=["cannot hear twice, at the end", "cannot hear, agent hung up", "cannot hear once, customer hung up",
        "cannot hear twice, customer hung up", "repeat requests", "line recovered", "line open after goodbye",
        "hung up right after goodbye", "customer hung up", "no call length"])
def test_scenes_without_their_script_are_recognised_from_what_happened(default, text, scenes):
    assert prepare(dialogue(text), default).scenes() == frozenset(scenes)


@pytest.mark.parametrize("text, rules", [
    (POOR_LINE_UNSCRIPTED, {"poor_line.closing"}),
    (TIMED_GOODBYE.format(hangup_by="agent", call_seconds=30), {"lingering.script"}),
    (TIMED_GOODBYE.format(hangup_by="agent", call_seconds=21), {"hangup.agent"}),
], ids=["poor line without the script", "lingering caller without the prompt", "agent hung up first"])
def test_one_act_gives_one_finding_of_its_scene(default, text, rules):
    found = {f.rule for f in scriptcheck.check(dialogue(text), default).findings}
    assert found & {"poor_line.closing", "lingering.script", "hangup.agent", "closing.inbound"} == rules
