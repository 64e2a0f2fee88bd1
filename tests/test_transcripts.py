import codecs
import json

import pytest

import scriptcheck
from scriptcheck import ReadFailure, TranscriptError
from scriptcheck.transcripts import iter_file

CANONICAL = {
    "id": "call-0001",
    "direction": "outbound",
    "started_at": "2026-11-21T10:15:00",
    "agent": {"id": "4762", "name": "李娜"},
    "customer": {"surname": "王", "title": "先生"},
    "metadata": {"hangup_by": "customer", "ring_seconds": 4.0},
    "utterances": [
        {"speaker": "坐席", "text": "您好，请问有什么可以帮助您？", "start": 0.0, "end": 2.5},
        {"speaker": "C", "text": "我想查一下燃气费。", "start": 3.0, "end": 5.1},
    ],
}

TEXT_CALL = """\
# id: call-0002
# direction: outbound
# started_at: 2026-11-18T09:30:00+08:00
# customer.surname: 王
# hangup_by: agent
客服:您好!我是中邑燃气客服中心1024号,请问您是王先生吗?
[00:03.2-00:04.0] 客户：是我。
[01:02:03-01:02:05.5] 话务员: 好的。
"""


def test_canonical_json_reads_every_field(write):
    call = scriptcheck.read_transcript(write("c.json", json.dumps(CANONICAL, ensure_ascii=False)))
    assert call.id == "call-0001" and call.direction == "outbound"
    assert call.started_at.utcoffset().total_seconds() == 8 * 3600  # naive → China Standard Time
    assert [u.speaker for u in call.utterances] == ["agent", "customer"]
    assert call.utterances[0].start == 0.0 and call.utterances[1].end == 5.1
    assert call.fact("customer.surname") == "王" and call.fact("metadata.ring_seconds") == 4.0


def test_plain_text_dialogue_with_headers_and_timestamps(write):
    call = scriptcheck.read_transcript(write("c.txt", TEXT_CALL))
    assert call.id == "call-0002" and call.direction == "outbound"
    assert call.fact("customer.surname") == "王" and call.fact("metadata.hangup_by") == "agent"
    assert [(u.speaker, u.start, u.end) for u in call.utterances] == [
        ("agent", None, None), ("customer", 3.2, 4.0), ("agent", 3723.0, 3725.5)]
    assert call.utterances[1].text == "是我。"


def test_id_defaults_to_file_stem_and_jsonl_line(write):
    assert scriptcheck.read_transcript(write("abc.json", '{"utterances":[{"speaker":"A","text":"您好"}]}')).id == "abc"
    lines = '{"utterances":[{"speaker":"A","text":"您好"}]}\n\n{"id":"x","utterances":[{"speaker":"A","text":"再见"}]}\n'
    calls = list(iter_file(write("day.jsonl", lines)))
    assert [c.id for c in calls] == ["day:1", "x"]


@pytest.mark.parametrize("encoding, prefix", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("gbk", b""), ("gb18030", b""),
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
])
def test_encodings(write, encoding, prefix):
    path = write("enc.txt", prefix + TEXT_CALL.encode(encoding))
    call = scriptcheck.read_transcript(path)
    assert call.utterances[0].text == "您好!我是中邑燃气客服中心1024号,请问您是王先生吗?"


@pytest.mark.parametrize("name, content, expected", [
    ("bad.json", '{"utterances": [\n  {"speaker": "A", "text": "x"},\n]}', "bad.json:3:1: invalid JSON"),
    ("speaker.json", '{"utterances":[{"speaker":"主持人","text":"x"}]}',
     "speaker.json: utterances[0].speaker: unknown speaker '主持人'"),
    ("notext.json", '{"utterances":[{"speaker":"A"}]}', "notext.json: utterances[0]: missing required key 'text'"),
    ("empty.json", "", "empty.json: empty file"),
    ("blank.txt", "\n\n", "blank.txt: empty call: no utterances"),
    ("none.json", '{"utterances": []}', "none.json: utterances: empty call"),
    ("noutt.json", '{"id": "x"}', "noutt.json: missing required key 'utterances'"),
    ("list.json", '[1, 2]', "list.json: expected a JSON object"),
    ("dir.json", '{"direction":"sideways","utterances":[{"speaker":"A","text":"x"}]}',
     "dir.json: direction: direction must be inbound or outbound"),
    ("time.json", '{"utterances":[{"speaker":"A","text":"x","start":-1}]}', "time.json: utterances[0].start"),
    ("order.json", '{"utterances":[{"speaker":"A","text":"x","start":3,"end":1}]}', "end 1.0 is before start 3.0"),
    ("when.json", '{"started_at":"yesterday","utterances":[{"speaker":"A","text":"x"}]}', "started_at: not an ISO"),
    ("line.txt", "客服:您好\n这一行没有说话人\n", "line.txt:2:1: expected 'SPEAKER: text'"),
    ("who.txt", "客服:您好\n主持人: 大家好\n", "who.txt:2:1: unknown speaker '主持人'"),
    ("call.xml", "<a/>\n", "call.xml: unknown transcript format '.xml'"),
    ("bytes.txt", "客服:您好\n".encode() + b"\xff\xfe\xfa\n", "bytes.txt:2:1: cannot decode text"),
])
def test_bad_input_gives_one_line_error(write, name, content, expected):
    path = write(name, content if isinstance(content, bytes) else content.encode())
    with pytest.raises(TranscriptError) as caught:
        scriptcheck.read_transcript(path)
    message = str(caught.value)
    assert "\n" not in message
    assert expected in message.replace(str(path.parent) + "/", "")


def test_bad_jsonl_line_is_reported_and_other_lines_still_read(write):
    path = write("mixed.jsonl", '{"utterances":[{"speaker":"A","text":"一"}]}\n{oops\n'
                                '{"utterances":[{"speaker":"A","text":"三"}]}\n')
    items = list(iter_file(path))
    assert [type(i).__name__ for i in items] == ["Transcript", "ReadFailure", "Transcript"]
    assert items[1].error.endswith("mixed.jsonl:2:2: invalid JSON: Expecting property name enclosed in double quotes")


def test_missing_file_is_a_read_failure(tmp_path):
    (item,) = list(iter_file(tmp_path / "gone.json"))
    assert isinstance(item, ReadFailure) and "cannot read file" in item.error


def test_transcript_from_dict_builds_calls_in_memory():
    call = scriptcheck.Transcript.from_dict({"utterances": [{"speaker": "客服", "text": "您好"}]})
    assert call.utterances[0].speaker == "agent" and call.direction == "inbound"
