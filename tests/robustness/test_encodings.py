"""Every text-based format reads the same call from UTF-8, UTF-8 with BOM, GB18030, GBK and UTF-16 with BOM
(either byte order), and bytes that no encoding accepts give one error naming the line and the offset."""
from __future__ import annotations

import codecs
import json
import re

import pytest
from robustness_support import assert_one_line_error, assert_read_outcomes, record_tried, robustness_tally  # noqa: F401

from scriptcheck import ReadFailure, Transcript
from scriptcheck.errors import ScriptcheckError
from scriptcheck.lint.reader import read_script
from scriptcheck.transcripts import ReadOptions, iter_file

SAID = ["您好，中邑燃气客服中心很高兴为您服务。", "我想查一下燃气费，谢谢。", "不知道，您稍等。", "感谢您的来电，再见！"]
CANONICAL = {"id": "call-1", "utterances": [{"speaker": "客服" if i % 2 == 0 else "客户", "text": text,
                                             "start": i * 3.0, "end": i * 3.0 + 2.5} for i, text in enumerate(SAID)]}
# One document per format, each with at least three lines (the third is where the bad byte goes).
DOCUMENTS = {
    "json": ("call.json", json.dumps(CANONICAL, ensure_ascii=False, indent=1), {}),
    "jsonl": ("day.jsonl", "\n".join(json.dumps(dict(CANONICAL, id=f"call-{i}"), ensure_ascii=False) for i in range(3)),
              {}),
    "text": ("call.txt", "# id: call-1\n" + "\n".join(f"[00:0{i}.0-00:0{i}.5] {'客服' if i % 2 == 0 else '客户'}：{t}"
                                                      for i, t in enumerate(SAID)), {}),
    "csv": ("export.csv", "call_id,speaker,text,start,end\n" + "\n".join(
        f"c1,{'客服' if i % 2 == 0 else '客户'},\"{t}\",{i * 3},{i * 3 + 2}" for i, t in enumerate(SAID)), {}),
    "tsv": ("export.tsv", "\n".join(f"c1\t{1 - i % 2}\t{t}" for i, t in enumerate(SAID)),
            {"columns": {"call": 0, "speaker": 1, "text": 2}, "agent_value": "1", "customer_value": "0"}),
    "srt": ("call.srt", "\n\n".join(f"{i + 1}\n00:00:0{i},000 --> 00:00:0{i},900\n{'客服' if i % 2 == 0 else '客户'}：{t}"
                                    for i, t in enumerate(SAID)), {}),
    "vtt": ("call.vtt", "WEBVTT\n\n" + "\n\n".join(f"00:0{i}.000 --> 00:0{i}.900\n<v {'客服' if i % 2 == 0 else '客户'}>{t}"
                                                    for i, t in enumerate(SAID)), {}),
    "aliyun": ("aliyun.json", json.dumps({"StatusText": "SUCCESS", "Result": {"Sentences": [
        {"BeginTime": i * 3000, "EndTime": i * 3000 + 2500, "Text": t, "ChannelId": i % 2}
        for i, t in enumerate(SAID)]}},
        ensure_ascii=False, indent=1), {}),
    "tencent": ("tencent.json", json.dumps({"Response": {"Data": {"Status": 2, "StatusStr": "success", "ResultDetail": [
        {"FinalSentence": t, "StartMs": i * 3000, "EndMs": i * 3000 + 2500, "SpeakerId": i % 2}
        for i, t in enumerate(SAID)]}}}, ensure_ascii=False, indent=1), {}),
    "funasr": ("funasr.json", json.dumps([{"key": "call", "text": "".join(SAID), "sentence_info": [
        {"text": t, "start": i * 3000, "end": i * 3000 + 2500, "spk": i % 2} for i, t in enumerate(SAID)]}],
        ensure_ascii=False, indent=1), {}),
    "whisper": ("whisper.json", json.dumps({"text": "".join(SAID), "language": "zh", "segments": [
        {"start": i * 3.0, "end": i * 3.0 + 2.5, "text": t, "speaker": f"SPEAKER_0{i % 2}"}
        for i, t in enumerate(SAID)]},
        ensure_ascii=False, indent=1), {}),
}
SCRIPTS = {
    "script.md": "---\nscene: opening\n---\n# 开场白\n\n- **客服**：" + SAID[0] + "\n- 客户：" + SAID[1] + "\n",
    "script.txt": "---\nscene: opening\n---\n# 开场白\n客服：" + SAID[0] + "\n客户：" + SAID[1] + "\n" + SAID[2] + "\n",
    "script.yaml": "scene: opening\nlines:\n  - 客服: " + SAID[0] + "\n  - 客户: " + SAID[1] + "\n  - " + SAID[2] + "\n",
}


def _encodings() -> dict[str, callable]:
    return {
        "utf-8": lambda text: text.encode("utf-8"),
        "utf-8-sig": lambda text: text.encode("utf-8-sig"),
        "gb18030": lambda text: text.encode("gb18030"),
        "gbk": lambda text: text.encode("gbk"),
        "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        "utf-16-crlf": lambda text: text.replace("\n", "\r\n").encode("utf-16"),
    }


ENCODINGS = _encodings()


def _read(path, options: dict) -> list:
    return list(iter_file(path, ReadOptions(**options)))


def _calls(items: list) -> list[tuple]:
    return [(c.id, c.direction, [(u.speaker, u.text, u.start, u.end) for u in c.utterances]) for c in items]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("fmt", DOCUMENTS)
def test_every_encoding_reads_the_same_calls(fmt, encoding, tmp_path):
    name, text, options = DOCUMENTS[fmt]
    reference = tmp_path / "utf8" / name
    reference.parent.mkdir()
    reference.write_bytes(text.encode("utf-8"))
    expected = _read(reference, options)
    assert expected and all(isinstance(item, Transcript) for item in expected), expected
    path = tmp_path / name
    path.write_bytes(ENCODINGS[encoding](text))
    record_tried("encodings read", f"{fmt} in {encoding}")
    items = _read(path, options)
    assert all(isinstance(item, Transcript) for item in items), items
    assert _calls(items) == _calls(expected)


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("name", SCRIPTS)
def test_every_encoding_reads_the_same_script(name, encoding, tmp_path):
    text = SCRIPTS[name]
    (tmp_path / "utf8").mkdir()
    (tmp_path / "utf8" / name).write_bytes(text.encode("utf-8"))
    expected = read_script(tmp_path / "utf8" / name, name)
    (tmp_path / name).write_bytes(ENCODINGS[encoding](text))
    record_tried("encodings read", f"{name} in {encoding}")
    script = read_script(tmp_path / name, name)
    assert [(s.speaker, s.text, s.line) for s in script.lines] == [(s.speaker, s.text, s.line) for s in expected.lines]
    assert script.scene == expected.scene == "opening"


def _third_line_offset(raw: bytes, newline: bytes = b"\n") -> int:
    return raw.index(newline, raw.index(newline) + 1) + len(newline)


# (how the bytes are spoiled, the expected error): the bad bytes start line 3.
SPOILED = {
    "utf-8 with a stray 0xff": (lambda text: _insert(text.encode("utf-8"), b"\xff"), "neither UTF-8 nor GB18030/GBK",
                                0xFF),
    "gbk with a stray 0xff": (lambda text: _insert(text.encode("gbk"), b"\xff"), "neither UTF-8 nor GB18030/GBK", 0xFF),
    "utf-16 with a lone surrogate": (lambda text: _insert(text.encode("utf-16"), b"\x00\xd8A\x00", b"\n\x00"),
                                     "invalid utf-16", None),
}


def _insert(raw: bytes, bad: bytes, newline: bytes = b"\n") -> bytes:
    at = _third_line_offset(raw, newline)
    return raw[:at] + bad + raw[at:]


@pytest.mark.parametrize("spoiled", SPOILED)
@pytest.mark.parametrize("fmt", DOCUMENTS)
def test_undecodable_bytes_name_line_and_offset(fmt, spoiled, tmp_path):
    name, text, options = DOCUMENTS[fmt]
    spoil, what, byte = SPOILED[spoiled]
    raw = spoil(text)
    path = tmp_path / name
    path.write_bytes(raw)
    record_tried("undecodable inputs", f"{fmt}: {spoiled}")
    items = _read(path, options)
    assert_read_outcomes(items, path)
    failures = [item for item in items if isinstance(item, ReadFailure)]
    if fmt == "jsonl":
        # Streamed line by line: only the spoiled line fails, the calls on the other lines are read.
        assert len(failures) == 1 and len(items) == 3, items
        detail = f" \\(byte 0x{byte:02x}\\)" if byte is not None else ""
        assert re.match(rf"{re.escape(str(path))}:3:1: cannot decode text: {what}{detail}$", failures[0].error,
                        re.IGNORECASE), failures[0].error
        return
    assert len(failures) == 1 and len(items) == 1, items
    match = re.match(rf"{re.escape(str(path))}:(\d+):(\d+): cannot decode text: {what} "
                     rf"\(byte 0x[0-9a-f]{{2}} at offset (\d+)\)$", failures[0].error)
    assert match, failures[0].error
    line, _, offset = map(int, match.groups())
    assert line == 3
    if byte is not None:
        assert raw[offset] == byte


@pytest.mark.parametrize("name", SCRIPTS)
def test_undecodable_script_names_line_and_offset(name, tmp_path):
    raw = _insert(SCRIPTS[name].encode("utf-8"), b"\xff")
    path = tmp_path / name
    path.write_bytes(raw)
    record_tried("undecodable inputs", f"{name}: utf-8 with a stray 0xff")
    with pytest.raises(ScriptcheckError) as refused:
        read_script(path, name)
    assert_one_line_error(str(refused.value), name)
    offset = raw.index(b"\xff")
    assert re.match(rf"{re.escape(name)}:3:1: cannot decode text: neither UTF-8 nor GB18030/GBK \(byte 0xff at offset "
                    rf"{offset}\)$", str(refused.value)), str(refused.value)
