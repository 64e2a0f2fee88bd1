import json

import pytest

from scriptcheck.cli import main

CLEAN = "客服:您好！请问有什么可以帮助您？\n客户:我想交燃气费。\n客服:好的，请您稍等。感谢您的来电，再见！\n"
FAULTY = "客服:喂，说吧！\n客户:我想交燃气费。\n客服:不知道。\n"

FINDING_FIELDS = {"rule", "category", "severity", "message", "utterance", "speaker", "span", "start", "end",
                  "evidence", "deduction", "fine", "source", "closest"}
RESULT_FIELDS = {"id", "source", "rules", "score", "passed", "fatal", "fine", "findings"}


@pytest.fixture
def batch(write):
    write("calls/a-clean.txt", CLEAN)
    write("calls/b-faulty.txt", FAULTY)
    write("calls/c-broken.json", '{"utterances": [}')
    write("calls/d-more.jsonl", json.dumps({"id": "x1", "utterances": [{"speaker": "客服", "text": "不知道"}]},
                                           ensure_ascii=False) + "\n")
    return write("calls/notes.md", "ignored: not a transcript").parent


def test_json_output_follows_the_contract_and_batch_goes_on(batch, capsys):
    code = main(["score", str(batch), "--format", "json"])
    out, err = capsys.readouterr()
    results = json.loads(out)
    assert code == 2  # one input could not be read; the others were still checked
    assert [r.get("id") for r in results] == ["a-clean", "b-faulty", None, "x1"]
    broken = results[2]
    assert set(broken) == {"source", "error"} and broken["error"].endswith("c-broken.json:1:17: invalid JSON: "
                                                                            "Expecting value")
    assert "c-broken.json:1:17" in err
    for result in (results[0], results[1], results[3]):
        assert RESULT_FIELDS <= set(result)
        assert result["rules"] == "default@1.0"
        for finding in result["findings"]:
            assert FINDING_FIELDS <= set(finding)
    faulty = results[1]
    categories = {f["category"] for f in faulty["findings"]}
    assert {"opening", "forbidden"} <= categories
    missing = next(f for f in faulty["findings"] if f["rule"] == "opening.inbound")
    assert missing["utterance"] is None and missing["closest"]["utterance"] == 0
    assert 0 <= missing["closest"]["similarity"] < 85


def test_jsonl_output_one_result_per_line(batch, capsys):
    main(["score", str(batch / "a-clean.txt"), str(batch / "b-faulty.txt"), "--format", "jsonl"])
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a-clean", "b-faulty"]


def test_text_output_has_findings_and_summary(batch, capsys):
    main(["score", str(batch)])
    out = capsys.readouterr().out
    assert "b-faulty" in out and "opening.inbound" in out and "closest: #0 「喂，说吧！」" in out
    assert "error: " in out and "c-broken.json:1:17" in out
    assert "Summary: 3 calls scored, 1 unreadable" in out


@pytest.mark.parametrize("files, extra, code", [
    (["a-clean.txt"], [], 0),
    (["b-faulty.txt"], [], 0),                       # findings alone do not fail `score`
    (["b-faulty.txt"], ["--fail-under", "90"], 1),
    (["a-clean.txt"], ["--fail-under", "90"], 0),
    (["a-clean.txt", "c-broken.json"], [], 2),
    (["a-clean.txt"], ["--rules", "no-such-pack"], 2),
])
def test_exit_codes(batch, capsys, files, extra, code):
    assert main(["score", *[str(batch / f) for f in files], *extra]) == code


def test_broken_pack_is_one_clear_error(batch, write, capsys):
    pack = write("bad.yaml", "rules:\n  - id: a\n    type: forbidden\n    categroy: x\n")
    assert main(["score", str(batch / "a-clean.txt"), "--rules", str(pack)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:4:5: rules[0].categroy: unknown key (did you mean 'category'?)" in err


def test_no_arguments_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["score"])
    assert caught.value.code == 2


def test_jieba_is_loaded_only_for_hits_that_need_a_word_boundary(write):
    """Start-up stays fast: a call without 喂/嘛-like hits never imports the segmenter."""
    import subprocess
    import sys

    script = ("import sys, scriptcheck\n"
              "pack = scriptcheck.load_rules()\n"
              "call = scriptcheck.Transcript.from_dict({'utterances': [{'speaker': '客服', 'text': '您好！请问有什么可以帮助您？'}]})\n"
              "scriptcheck.check(call, pack)\n"
              "print('jieba' in sys.modules)\n"
              "call = scriptcheck.Transcript.from_dict({'utterances': [{'speaker': '客服', 'text': '喂，您好'}]})\n"
              "print([f.evidence for f in scriptcheck.check(call, pack).findings if f.category == 'forbidden'])\n"
              "print('jieba' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.split("\n")[:3] == ["False", "['喂']", "True"], done.stderr
