"""ASR and subtitle readers: Alibaba Cloud, Tencent Cloud, FunASR, Whisper/WhisperX, SRT and WebVTT."""
import ast
import json
from pathlib import Path

import pytest

import scriptcheck
from scriptcheck import ReadFailure, Transcript, TranscriptError
from scriptcheck.transcripts import VENDORS, ReadOptions
from scriptcheck.transcripts.speakers import assign_roles

FIXTURES = Path(__file__).parent / "fixtures" / "asr"
CORPUS = Path("/work/shared/corpus/asr-formats")
UNFINISHED_OR_FAILED = ("queueing", "running", "waiting", "doing", "failed")

GREETING = "您好，中邑燃气客服中心，请问有什么可以帮您？"
ASK = "你好，我想查一下燃气费。"
ACCOUNT = "好的，请您提供一下缴费户号。"


def read(path: Path, **options) -> Transcript | ReadFailure:
    (item,) = scriptcheck.iter_file(path, ReadOptions(**options))
    return item


def rows(call: Transcript) -> list[tuple]:
    """(speaker, text, start, end) per utterance, times rounded to the millisecond."""
    return [(u.speaker, u.text, _ms(u.start), _ms(u.end)) for u in call.utterances]


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 3)


@pytest.mark.parametrize("fixture, options, expected", [
    # Two channels listed one after the other: the call interleaves them; the empty sentence is dropped.
    ("aliyun_two_channel.json", {}, [
        ("agent", GREETING, 0.34, 2.365), ("customer", ASK, 2.9, 4.7), ("agent", ACCOUNT, 5.2, 7.8),
        ("customer", "户号是一二三四五六七八。", 8.3, 11.5),
        ("agent", "查到了，您本月燃气费是八十六元。", 13.1, 15.6)]),
    ("aliyun_two_channel.json", {"agent_speaker": "1"}, [
        ("customer", GREETING, 0.34, 2.365), ("agent", ASK, 2.9, 4.7), ("customer", ACCOUNT, 5.2, 7.8),
        ("agent", "户号是一二三四五六七八。", 8.3, 11.5),
        ("customer", "查到了，您本月燃气费是八十六元。", 13.1, 15.6)]),
    # SpeakerId (speaker separation on one channel) wins over ChannelId.
    ("aliyun_speaker_id.json", {}, [("agent", "您好，请问是王先生吗？", 0.0, 2.1), ("customer", "是我。", 2.4, 3.0)]),
    ("aliyun_legacy_callback.json", {}, [("agent", GREETING, 0.34, 2.365), ("customer", ASK, 2.9, 4.7)]),
    ("tencent_result_detail.json", {}, [("agent", GREETING, 0.34, 2.365), ("customer", ASK, 2.9, 4.7)]),
    # No ResultDetail and no speaker in the Result lines: a one-party recording, all agent.
    ("tencent_result_string.json", {}, [("agent", GREETING, 0.34, 2.365),
                                        ("agent", "好的，感谢您的来电，再见！", 65.2, 67.8)]),
    # The bare Data object, speaker as the third number; the customer answered this outbound call.
    ("tencent_data_with_speakers.json", {}, [
        ("agent", "喂，你好。", 0.0, 2.26), ("customer", "您好，我是中邑燃气客服，请问是王先生吗？", 2.9, 6.1),
        ("agent", "是我。", 62.1, 64.0)]),
    ("tencent_data_with_speakers.json", {"agent_speaker": "0"}, [
        ("customer", "喂，你好。", 0.0, 2.26), ("agent", "您好，我是中邑燃气客服，请问是王先生吗？", 2.9, 6.1),
        ("customer", "是我。", 62.1, 64.0)]),
    ("funasr_automodel_spk.json", {}, [("agent", GREETING, 0.34, 2.365), ("customer", ASK, 2.9, 4.7)]),
    # SenseVoice: text under "sentence", model tags removed, spaced-out tokens joined, English words kept.
    ("funasr_sensevoice.json", {}, [("agent", "您好，请讲。", 0.12, 1.5),
                                    ("agent", "我的iPhone账单有问题。", 1.9, 4.2)]),
    ("funasr_websocket_offline.json", {}, [("agent", "您好请讲，", 0.43, 1.13),
                                           ("agent", "我想查一下燃气费。", 1.5, 3.2)]),
    ("whisper_plain.json", {}, [("agent", GREETING, 0.34, 2.36), ("agent", ACCOUNT, 5.2, 7.8)]),
    # WhisperX: the first label to speak is the agent; a segment without a label continues its turn.
    ("whisperx_diarized.json", {}, [
        ("agent", GREETING, 0.34, 2.36), ("customer", ASK, 2.9, 4.7), ("agent", "好的，", 5.2, 6.4),
        ("agent", "请您提供一下缴费户号。", 6.4, 7.8)]),
    ("whisperx_diarized.json", {"agent_speaker": "SPEAKER_00"}, [
        ("customer", GREETING, 0.34, 2.36), ("agent", ASK, 2.9, 4.7), ("customer", "好的，", 5.2, 6.4),
        ("customer", "请您提供一下缴费户号。", 6.4, 7.8)]),
    # Labels in the text; a cue's lines are one utterance; an unlabelled cue continues the turn.
    ("call_labelled.srt", {}, [
        ("agent", GREETING, 0.34, 2.365), ("customer", ASK, 2.9, 4.7), ("agent", "好的，请您提供一下", 5.2, 6.4),
        ("agent", "缴费户号。", 6.4, 7.8)]),
    # Voice tags, cue ids, settings, NOTE/STYLE blocks, inline markup, one cue with two speakers, hours.
    ("call_voices.vtt", {}, [
        ("agent", GREETING, 0.34, 2.365), ("customer", ASK, 2.9, 4.7), ("agent", ACCOUNT, 5.2, 7.8),
        ("customer", "一二三四五六七八。", 5.2, 7.8), ("agent", "感谢您的来电，再见！", 3613.1, 3615.6)]),
])
def test_reads_each_format(fixture, options, expected):
    call = read(FIXTURES / fixture, **options)
    assert isinstance(call, Transcript), call
    assert rows(call) == expected
    assert call.id == Path(fixture).stem


@pytest.mark.parametrize("fixture, vendor", [
    ("aliyun_two_channel.json", "aliyun"), ("aliyun_speaker_id.json", "aliyun"),
    ("aliyun_legacy_callback.json", "aliyun"), ("aliyun_running.json", "aliyun"),
    ("tencent_result_detail.json", "tencent"), ("tencent_data_with_speakers.json", "tencent"),
    ("tencent_waiting.json", "tencent"),
    ("funasr_automodel_spk.json", "funasr"), ("funasr_sensevoice.json", "funasr"),
    ("funasr_websocket_offline.json", "funasr"), ("whisper_plain.json", "whisper"),
    ("whisperx_diarized.json", "whisper"),
])
def test_json_file_is_read_by_the_one_vendor_whose_shape_it_has(fixture, vendor):
    data = json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))
    assert [name for name, reader in VENDORS.items() if reader.looks_like(data)] == [vendor]
    explicit = read(FIXTURES / fixture, input_format=vendor)
    detected = read(FIXTURES / fixture)
    assert type(detected) is type(explicit)
    if isinstance(detected, Transcript):
        assert detected.utterances == explicit.utterances


@pytest.mark.parametrize("data", [
    {"utterances": [{"speaker": "客服", "text": "您好"}]},  # the canonical shape
    {"status": "FINISHED", "segments": [{"start_time": 0, "end_time": 900, "result": {"text": "您好"}}]},  # Huawei
    {"reqid": "x", "result": [{"text": "您好", "utterances": [{"text": "您好", "start_time": 0}]}]},  # Volcengine
    [{"speaker": "客服", "text": "您好"}],
])
def test_other_shapes_are_claimed_by_no_vendor(data):
    assert [name for name, reader in VENDORS.items() if reader.looks_like(data)] == []


@pytest.mark.parametrize("raw_ids, agent_speaker, expected", [
    (["0", "1", "0"], None, ["agent", "customer", "agent"]),
    (["1", "0"], None, ["agent", "customer"]),  # whoever speaks first, whatever the number
    (["1", "0"], "0", ["customer", "agent"]),
    (["3", "5", "7", "3"], None, ["agent", "customer", "customer", "agent"]),
    ([None, None], None, ["agent", "agent"]),  # no speaker information: a one-party recording
    ([None, "1", None, "0"], None, ["agent", "agent", "agent", "customer"]),  # unlabelled continues a turn
    (["客户", "客服"], None, ["customer", "agent"]),  # aliases keep their role
    (["SPEAKER_00", "客服", "SPEAKER_01"], None, ["customer", "agent", "customer"]),  # the agent is named
    (["客服", "SPEAKER_01"], "SPEAKER_01", ["agent", "agent"]),
])
def test_speaker_roles(raw_ids, agent_speaker, expected):
    assert assign_roles(raw_ids, ReadOptions(agent_speaker=agent_speaker), "call.json") == expected


@pytest.mark.parametrize("raw_ids, agent_speaker, expected", [
    (["1", "0", "1"], None, ["customer", "agent", "customer"]),  # the customer answers 「喂？」 first
    (["0"], None, ["agent"]),                                    # one party only
    (["1", "0"], "1", ["agent", "customer"]),                    # an explicit id always wins
])
def test_outbound_calls_take_the_second_speaker_as_the_agent(raw_ids, agent_speaker, expected):
    options = ReadOptions(agent_speaker=agent_speaker, direction="outbound")
    assert assign_roles(raw_ids, options, "call.json") == expected


@pytest.mark.parametrize("fixture, agent_speaker, message", [
    ("aliyun_two_channel.json", "2", "agent speaker '2' does not occur; speaker ids in this file: 0, 1"),
    ("whisperx_diarized.json", "SPEAKER_02",
     "agent speaker 'SPEAKER_02' does not occur; speaker ids in this file: SPEAKER_01, SPEAKER_00"),
    ("whisper_plain.json", "0", "agent speaker '0' does not occur; speaker ids in this file: none"),
])
def test_agent_speaker_that_never_occurs_is_an_error_listing_the_ids(fixture, agent_speaker, message):
    failure = read(FIXTURES / fixture, agent_speaker=agent_speaker)
    assert isinstance(failure, ReadFailure)
    assert message in failure.error


@pytest.mark.parametrize("fixture, message", [
    ("aliyun_running.json", "task not finished: RUNNING (StatusCode 21050001)"),
    ("aliyun_no_speech.json", "no speech recognised: SUCCESS_WITH_NO_VALID_FRAGMENT (StatusCode 21050003)"),
    ("aliyun_download_failed.json", "task failed: FILE_DOWNLOAD_FAILED (StatusCode 41050002)"),
    ("tencent_waiting.json", "task not finished: waiting (Status 0)"),
    ("tencent_failed.json", "task failed (Status 3): Failed to download audio file!"),
])
def test_unfinished_or_failed_task_is_a_one_line_read_failure(fixture, message):
    failure = read(FIXTURES / fixture)
    assert isinstance(failure, ReadFailure)
    assert failure.error == f"{FIXTURES / fixture}: {message}"


SRT_BAD_ARROW = """\
1
00:00:00,340 --> 00:00:02,365
客服：您好

2
00:00:02,900 -> 00:00:04,700
客户：你好
"""
VTT_BAD_TIME = """\
WEBVTT

1
00:00.340 --> 00:02.365
<v 客服>您好

2
00:02.900 --> soon
<v 客户>你好
"""


def _aliyun(*sentences) -> str:
    return json.dumps({"StatusText": "SUCCESS", "Result": {"Sentences": list(sentences)}}, ensure_ascii=False)


@pytest.mark.parametrize("name, content, expected", [
    ("arrow.srt", SRT_BAD_ARROW,
     "arrow.srt:6:1: expected a timing line 'HH:MM:SS,mmm --> HH:MM:SS,mmm', got '00:00:02,900 -> 00:00:04,700'"),
    ("order.srt", "1\n00:00:02,000 --> 00:00:01,000\n客服：您好\n", "order.srt:2:1: cue ends (1 s) before it starts (2 s)"),
    ("empty.srt", "\n\n", "empty.srt: no utterances"),
    ("header.vtt", "00:00.340 --> 00:02.365\n<v 客服>您好\n", "header.vtt:1:1: expected 'WEBVTT' on the first line"),
    ("time.vtt", VTT_BAD_TIME, "time.vtt:8:1: expected a timing line '[HH:]MM:SS.mmm --> [HH:]MM:SS.mmm', got"),
    ("ms.json", _aliyun({"BeginTime": 0, "EndTime": 900, "Text": "您好", "ChannelId": 0},
                        {"BeginTime": "1000", "EndTime": 1900, "Text": "你好", "ChannelId": 1}),
     "ms.json: Result.Sentences[1].BeginTime: expected milliseconds (a non-negative number), got '1000'"),
    ("silent.json", _aliyun({"BeginTime": 0, "EndTime": 900, "Text": "", "ChannelId": 0}),
     "silent.json: no utterances"),
    ("line.json", json.dumps({"Response": {"Data": {"Status": 2, "StatusStr": "success",
                                                    "Result": "[0:0.340,0:2.365]  您好\n0:2.9 你好\n"}}}),
     "line.json: Response.Data.Result: line 2: expected '[m:s.mmm,m:s.mmm] text'"),
    ("auth.json", json.dumps({"Response": {"RequestId": "x", "Error": {"Code": "AuthFailure.SignatureExpire",
                                                                      "Message": "Signature expired."}}}),
     "auth.json: Response.Error: request failed: AuthFailure.SignatureExpire: Signature expired."),
    ("end.json", json.dumps({"language": "zh", "segments": [{"start": 0.0, "text": "您好"}]}),
     "end.json: segments[0].end: expected seconds (a non-negative number), got nothing"),
    ("quiet.json", json.dumps({"text": "", "segments": [], "language": "zh"}), "quiet.json: no utterances"),
    ("batch.json", json.dumps([{"key": "a", "text": "您好"}, {"key": "b", "text": "你好"}]),
     "batch.json: 2 AutoModel results in one file (keys a, b); save one call per file"),
    ("interim.json", json.dumps({"mode": "2pass-online", "text": "您好", "is_final": False}),
     "interim.json: only interim websocket results (mode 2pass-online)"),
])
def test_malformed_input_is_a_one_line_error_saying_where(write, name, content, expected):
    path = write(name, content)
    failure = read(path)
    assert isinstance(failure, ReadFailure)
    assert "\n" not in failure.error
    assert expected in failure.error.replace(f"{path.parent}/", "")


@pytest.mark.parametrize("name, content, options, expected", [
    # WhisperX writes the diarized speaker as a "[SPEAKER_00]: " prefix.
    ("whisperx.srt", "1\n00:00:00,000 --> 00:00:02,000\n[SPEAKER_01]: 您好\n\n"
                     "2\n00:00:02,500 --> 00:00:03,000\n[SPEAKER_00]: 你好\n", {},
     [("agent", "您好", 0.0, 2.0), ("customer", "你好", 2.5, 3.0)]),
    ("whisperx.srt", "1\n00:00:00,000 --> 00:00:02,000\n[SPEAKER_01]: 您好\n\n"
                     "2\n00:00:02,500 --> 00:00:03,000\n[SPEAKER_00]: 你好\n", {"agent_speaker": "SPEAKER_00"},
     [("customer", "您好", 0.0, 2.0), ("agent", "你好", 2.5, 3.0)]),
    ("names.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\n<v 李娜>您好\n\n00:02.500 --> 00:03.000\n<v 王先生>你好\n", {},
     [("agent", "您好", 0.0, 2.0), ("customer", "你好", 2.5, 3.0)]),
    # A text label beats the voice tag.
    ("both.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\n<v SPEAKER_00>客户：我想查一下燃气费。\n", {},
     [("customer", "我想查一下燃气费。", 0.0, 2.0)]),
    # Only speaker aliases count as labels: other "xx：" text stays text.
    ("notice.srt", "1\n00:00:00,000 --> 00:00:02,000\n温馨提示：本次通话将被录音。\n", {},
     [("agent", "温馨提示：本次通话将被录音。", 0.0, 2.0)]),
    ("dialogue.srt", "1\n00:00:00,000 --> 00:00:02,000\n- 客服：请问还有其他问题吗？\n- 客户：没有了。\n", {},
     [("agent", "请问还有其他问题吗？", 0.0, 2.0), ("customer", "没有了。", 0.0, 2.0)]),
    ("english.srt", "1\n00:00:00,000 --> 00:00:02,000\nAgent: Hello, how\ncan I help?\n", {},
     [("agent", "Hello, how can I help?", 0.0, 2.0)]),
])
def test_subtitle_speakers(write, name, content, options, expected):
    call = read(write(name, content), **options)
    assert isinstance(call, Transcript), call
    assert rows(call) == expected


def test_every_real_vendor_example_is_read():
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} (vendor examples, not shipped with the repository) is absent")
    outcomes = {path.relative_to(CORPUS).as_posix(): _read_example(path) for path in sorted(CORPUS.rglob("*"))
                if path.is_file() and path.suffix in (".json", ".txt")}
    assert outcomes
    for name, outcome in outcomes.items():
        # The 2pass example is an interim (2pass-online) message, not a transcript.
        should_fail = any(word in name.lower() for word in UNFINISHED_OR_FAILED) or "2pass" in name
        if should_fail:
            assert isinstance(outcome, (ReadFailure, TranscriptError)), name
        else:
            assert isinstance(outcome, Transcript) and outcome.utterances, (name, outcome)


def _read_example(path: Path) -> Transcript | ReadFailure | TranscriptError:
    if path.suffix == ".json":
        return read(path)
    text = path.read_text(encoding="utf-8")
    # The FunASR examples are printed Python values (a repr, and doc lines with True), not JSON files.
    data = ast.literal_eval(text) if path.name.endswith(".pyrepr.txt") else json.loads(text.replace("True", "true"))
    try:
        return VENDORS["funasr"].from_data(data, str(path), path.stem, ReadOptions())
    except TranscriptError as exc:
        return exc
