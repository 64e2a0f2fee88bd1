"""The library's constructors and ``check()`` validate what a program hands them: a malformed call or a
pack that is not one raises ``scriptcheck.ScriptcheckError`` (``TranscriptError`` / ``PackError``) with a
message naming the field, never AttributeError, KeyError or TypeError from deep inside a check, and
never a score for a call that says nothing a rule can read (``direction="sideways"``)."""
from __future__ import annotations

import math
from datetime import datetime

import pytest
from robustness_support import record_tried, robustness_tally  # noqa: F401

import scriptcheck
from scriptcheck import PackError, ScriptcheckError, Transcript, TranscriptError, Utterance

GOOD = (Utterance("agent", "您好"), Utterance("customer", "我想交燃气费。"))

# name -> (a function building the bad object, the error type, a word the message must hold)
BAD_UTTERANCES = {
    "unknown speaker": (lambda: Utterance("bob", "您好"), "speaker"),
    "speaker alias (only from_dict reads aliases)": (lambda: Utterance("客服", "您好"), "speaker"),
    "speaker not a string": (lambda: Utterance(1, "您好"), "speaker"),
    "text None": (lambda: Utterance("agent", None), "text"),
    "text bytes": (lambda: Utterance("agent", "您好".encode()), "text"),
    "start a string": (lambda: Utterance("agent", "您好", "1.5", 2.0), "start"),
    "start negative": (lambda: Utterance("agent", "您好", -1.0, 2.0), "start"),
    "start NaN": (lambda: Utterance("agent", "您好", math.nan, 2.0), "start"),
    "end infinite": (lambda: Utterance("agent", "您好", 0.0, math.inf), "end"),
    "end a bool": (lambda: Utterance("agent", "您好", 0.0, True), "end"),
    "end huge": (lambda: Utterance("agent", "您好", 0.0, 10 ** 400), "end"),
    "end before start": (lambda: Utterance("agent", "您好", 5.0, 2.0), "end"),
}
BAD_TRANSCRIPTS = {
    "direction sideways": (lambda: Transcript(GOOD, direction="sideways"), "direction"),
    "direction None": (lambda: Transcript(GOOD, direction=None), "direction"),
    "channel fax": (lambda: Transcript(GOOD, channel="fax"), "channel"),
    "utterances None": (lambda: Transcript(None), "utterances"),
    "utterances a string": (lambda: Transcript("客服:您好"), "utterances"),
    "utterances of dicts": (lambda: Transcript(({"speaker": "agent", "text": "您好"},)), "utterances[0]"),
    "utterances of tuples": (lambda: Transcript((("agent", "您好"),)), "utterances[0]"),
    "id not a string": (lambda: Transcript(GOOD, id=5), "id"),
    "source not a string": (lambda: Transcript(GOOD, source=None), "source"),
    "started_at a string": (lambda: Transcript(GOOD, started_at="2026-01-01"), "started_at"),
    "agent a list": (lambda: Transcript(GOOD, agent=["4762"]), "agent"),
    "customer None": (lambda: Transcript(GOOD, customer=None), "customer"),
    "metadata a string": (lambda: Transcript(GOOD, metadata="queue"), "metadata"),
    "metadata infinite": (lambda: Transcript(GOOD, metadata={"ring_seconds": math.inf}), "metadata.ring_seconds"),
}


@pytest.mark.parametrize("name", sorted(BAD_UTTERANCES) + sorted(BAD_TRANSCRIPTS))
def test_a_malformed_call_is_refused_when_built_with_a_clear_transcript_error(name):
    build, field = {**BAD_UTTERANCES, **BAD_TRANSCRIPTS}[name]
    record_tried("library inputs", name)
    with pytest.raises(TranscriptError) as refused:
        build()
    assert field in str(refused.value)
    assert "\n" not in str(refused.value)


class _Duck:
    utterances = GOOD
    direction = "inbound"


@pytest.mark.parametrize("transcript", [None, {"utterances": [{"speaker": "agent", "text": "您好"}]}, "call.json",
                                        _Duck(), GOOD], ids=["None", "dict", "path", "look-alike", "tuple"])
def test_check_refuses_anything_but_a_transcript(transcript):
    pack = scriptcheck.load_rules()
    with pytest.raises(TranscriptError, match="Transcript"):
        scriptcheck.check(transcript, pack)


@pytest.mark.parametrize("pack", [None, "default", {"rules": []}, 42], ids=["None", "name", "dict", "number"])
def test_check_refuses_anything_but_a_loaded_pack(pack):
    with pytest.raises(PackError, match="load_rules"):
        scriptcheck.check(Transcript(GOOD), pack)


def test_both_errors_are_the_one_documented_base_type():
    assert issubclass(TranscriptError, ScriptcheckError) and issubclass(PackError, ScriptcheckError)


@pytest.mark.parametrize("call", [
    Transcript(GOOD),
    Transcript(list(GOOD), id="list", direction="outbound", channel="chat"),  # a list is taken as a tuple
    Transcript((Utterance("agent", "您好", 0, 2),), started_at=datetime(2026, 1, 1, 9), metadata={"ring_seconds": 4}),
    Transcript(()),  # an empty script, as lint checks one; a reader refuses an empty call itself
], ids=["plain", "list, outbound chat", "integer times, started_at, metadata", "empty"])
def test_a_well_formed_call_is_built_and_checked(call):
    report = scriptcheck.check(call, scriptcheck.load_rules())
    assert 0 <= report.score <= 100
    assert isinstance(call.utterances, tuple)
    assert all(isinstance(u.start, (float, type(None))) for u in call.utterances)
