"""Library functions given the wrong kind of argument raise a TypeError that says what they expect,
and that code catching scriptcheck's own errors catches too."""
from pathlib import Path

import pytest

import scriptcheck

CALL = scriptcheck.Transcript.from_dict({"utterances": [{"speaker": "agent", "text": "您好，请问有什么可以帮您？"}]})


def _pack():
    return scriptcheck.load_rules("default")


CASES = [
    # (what is called, the scriptcheck error it also is, words of the message)
    pytest.param(lambda: scriptcheck.check({"utterances": []}, _pack()), scriptcheck.TranscriptError,
                 "check() expects a scriptcheck.Transcript", id="check with a dict"),
    pytest.param(lambda: scriptcheck.check(CALL, "default"), scriptcheck.PackError,
                 "check() expects a scriptcheck.RulePack (load_rules), got str", id="check with a pack name"),
    pytest.param(lambda: scriptcheck.load_rules(5), scriptcheck.PackError,
                 "load_rules() expects a pack name or a path (str or os.PathLike), got int", id="load_rules with an int"),
    pytest.param(lambda: scriptcheck.read_transcript(5), scriptcheck.TranscriptError,
                 "read_transcript() expects a path (str or os.PathLike), got int", id="read_transcript with an int"),
    pytest.param(lambda: scriptcheck.read_transcript("call.json", {"input_format": "json"}),
                 scriptcheck.TranscriptError, "expects options as a scriptcheck.ReadOptions, got dict",
                 id="read_transcript with options as a dict"),
    pytest.param(lambda: list(scriptcheck.iter_file(3.5)), scriptcheck.TranscriptError,
                 "iter_file() expects a path (str or os.PathLike), got float", id="iter_file with a float"),
]


@pytest.mark.parametrize("call, also, words", CASES)
def test_wrong_argument_types_raise_a_type_error_that_says_what_is_expected(call, also, words):
    with pytest.raises(TypeError) as raised:
        call()
    assert isinstance(raised.value, also) and isinstance(raised.value, scriptcheck.ScriptcheckError)
    assert words in str(raised.value)


def test_read_options_is_exported_and_used_by_read_transcript(tmp_path: Path):
    path = tmp_path / "call.log"  # an extension that says nothing: the options name the format
    path.write_text("客服:您好，请问有什么可以帮您？\n客户:我想查话费。\n", encoding="utf-8")
    call = scriptcheck.read_transcript(path, scriptcheck.ReadOptions(input_format="text"))
    assert [u.speaker for u in call.utterances] == ["agent", "customer"]
    assert "ReadOptions" in scriptcheck.__all__


def test_a_path_object_is_a_path(tmp_path: Path):
    path = tmp_path / "call.txt"
    path.write_text("客服:您好\n", encoding="utf-8")
    assert scriptcheck.read_transcript(path).utterances[0].text == "您好"
    pack_file = Path(__file__).parents[1] / "rules" / "default.yaml"
    assert [r.id for r in scriptcheck.load_rules(pack_file).rules] == [r.id for r in scriptcheck.load_rules().rules]
