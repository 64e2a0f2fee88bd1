"""How ``rules test`` reads an example: a dialogue, or script lines without speaker labels (the agent's)."""
import pytest

from scriptcheck.authoring.examples import read_example
from scriptcheck.errors import TranscriptError


@pytest.mark.parametrize("text, speakers, texts, direction", [
    ("客服:您好！\n客户:你好。", ["agent", "customer"], ["您好！", "你好。"], "inbound"),
    ("喂，说吧！", ["agent"], ["喂，说吧！"], "inbound"),
    ("# direction: outbound\n您好！我是中邑燃气客服中心。\n请问您是王先生吗？", ["agent", "agent"],
     ["您好！我是中邑燃气客服中心。", "请问您是王先生吗？"], "outbound"),
    ("温馨提示：燃气费可以在公众号缴纳。", ["agent"], ["温馨提示：燃气费可以在公众号缴纳。"], "inbound"),
    ("客户:谢谢。\n不用谢，这是我们应该做的。", ["customer", "agent"], ["谢谢。", "不用谢，这是我们应该做的。"], "inbound"),
    ("  客服:您好！\n\n  # a comment\n  客户:嗯。\n", ["agent", "customer"], ["您好！", "嗯。"], "inbound"),
], ids=["dialogue", "one script line", "script lines with a header", "script line with a colon",
        "labelled and unlabelled lines", "indented, blank lines and comments"])
def test_examples_are_read_as_dialogues_or_agent_script_lines(text, speakers, texts, direction):
    call = read_example(text, "example.txt")
    assert [u.speaker for u in call.utterances] == speakers
    assert [u.text for u in call.utterances] == texts
    assert call.direction == direction


@pytest.mark.parametrize("text, error", [
    ("客服:您好！\n客fu:说吧！", "example.txt:2:1: unknown speaker '客fu'"),
    ("# direction: outbound\n", "example.txt: empty call: no utterances"),
    ("[00:05.0-00:01.0] 客服:您好！", "example.txt:1:1: timestamp ends before it starts"),
], ids=["mistyped label in a dialogue", "headers only", "bad timestamp"])
def test_examples_that_cannot_be_read(text, error):
    with pytest.raises(TranscriptError) as raised:
        read_example(text, "example.txt")
    assert str(raised.value) == error
