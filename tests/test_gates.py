"""Gates settle a condition's channel, direction and timing at load: what is left must decide the same."""
from __future__ import annotations

from dataclasses import replace

import pytest

import scriptcheck
from scriptcheck.checks import CallContext
from scriptcheck.conditions import Condition

from conftest import dialogue


PHONE_TIMED = Condition((("channel", ("phone",)), ("timed", (True,))), (("metadata.x", (None,)),))


@pytest.mark.parametrize("known, expected", [
    ({"channel": "phone", "timed": True}, (True, Condition((), (("metadata.x", (None,)),)))),
    ({"channel": "chat", "timed": True}, (False, None)),
    ({"channel": "phone", "timed": False}, (False, None)),
    ({"direction": "inbound"}, (True, PHONE_TIMED)),
    ({"timed": True}, (True, Condition((("channel", ("phone",)),), (("metadata.x", (None,)),)))),
])
def test_settled_keeps_only_the_questions_left(known, expected):
    assert PHONE_TIMED.settled(known) == expected


def test_settled_condition_left_empty_always_holds():
    assert Condition((("channel", ("phone", "chat")),)).settled({"channel": "chat"}) == (True, None)


def test_every_gate_decides_as_the_whole_conditions():
    pack = scriptcheck.load_rules("default")
    call = dialogue("""
        坐席：您好，很高兴为您服务。
        客户：我要投诉，你们的服务太差了。
        坐席：非常抱歉，请问您贵姓？
    """)
    for channel in ("phone", "chat"):
        for direction in ("inbound", "outbound"):
            for timed in (True, False):
                said = tuple(replace(u, start=0.0 if timed else None, end=1.0 if timed else None)
                             for u in call.utterances)
                variant = replace(call, channel=channel, direction=direction, utterances=said)
                gate = pack.gates[(channel, direction, timed)]
                context = CallContext(variant, [u.text for u in said], {}, pack.scenes)
                for index, rule in enumerate(pack.rules):
                    whole = rule.when is None or rule.when.applies(context)
                    left = gate.when[index]
                    gated = index in gate.possible and (left is None or left.applies(context))
                    assert gated == whole, rule.id
                    assert (index in gate.unconditional) == (index in gate.possible and not pack.needs_hits[index])
