"""The channel of a conversation (phone call or online chat): read from every input, usable in ``when:``."""
import json

import pytest

import scriptcheck
from scriptcheck import ReadFailure
from scriptcheck.errors import PackError
from scriptcheck.transcripts import ReadOptions, iter_file

from conftest import dialogue, run_cli

UTTERANCES = [{"speaker": "agent", "text": "您好"}, {"speaker": "customer", "text": "在吗"}]
CSV_ROWS = "s1,1,您好\ns1,0,在吗\n"
SRT = "1\n00:00:00,000 --> 00:00:01,000\n客服:您好\n\n2\n00:00:01,500 --> 00:00:02,000\n客户:在吗\n"
CSV_OPTIONS = {"columns": {"call": 0, "speaker": 1, "text": 2}, "agent_value": "1", "customer_value": "0"}


def _calls(write, name, content, **options):
    return list(iter_file(write(name, content), ReadOptions(**options)))


@pytest.mark.parametrize("name, content, options, channel", [
    ("call.json", json.dumps({"utterances": UTTERANCES}), {}, "phone"),
    ("chat.json", json.dumps({"channel": "chat", "utterances": UTTERANCES}), {}, "chat"),
    ("day.jsonl", json.dumps({"channel": "chat", "utterances": UTTERANCES}) + "\n", {}, "chat"),
    ("call.txt", "客服:您好\n客户:在吗\n", {}, "phone"),
    ("chat.txt", "# channel: chat\n客服:您好\n客户:在吗\n", {}, "chat"),
    ("chat.txt", "# channel:   chat  \n客服:您好\n", {}, "chat"),
    # Formats that cannot say it take --channel …
    ("day.csv", CSV_ROWS, {**CSV_OPTIONS, "channel": "chat"}, "chat"),
    ("day.tsv", CSV_ROWS.replace(",", "\t"), {**CSV_OPTIONS, "channel": "chat"}, "chat"),
    ("day.csv", CSV_ROWS, CSV_OPTIONS, "phone"),
    ("call.srt", SRT, {"channel": "chat"}, "chat"),
    # … and a channel stated in the file wins over it.
    ("call.txt", "# channel: phone\n客服:您好\n", {"channel": "chat"}, "phone"),
    ("chat.json", json.dumps({"channel": "phone", "utterances": UTTERANCES}), {"channel": "chat"}, "phone"),
])
def test_channel_is_read_from_every_format(write, name, content, options, channel):
    [call] = _calls(write, name, content, **options)
    assert call.channel == channel
    assert call.fact("channel") == channel


@pytest.mark.parametrize("name, content, where", [
    ("bad.json", json.dumps({"channel": "wechat", "utterances": UTTERANCES}), "/bad.json: channel:"),
    ("bad.json", json.dumps({"channel": 1, "utterances": UTTERANCES}), "/bad.json: channel:"),
    ("bad.jsonl", json.dumps({"channel": "Chat", "utterances": UTTERANCES}) + "\n", "/bad.jsonl:1: channel:"),
    ("bad.txt", "# id: x\n# channel: email\n客服:您好\n", "/bad.txt:2:12:"),
])
def test_unknown_channel_is_a_one_line_error_naming_the_place(write, name, content, where):
    [failure] = _calls(write, name, content)
    assert isinstance(failure, ReadFailure)
    assert where in failure.error and "channel must be phone or chat" in failure.error
    assert "\n" not in failure.error


CHANNEL_PACK = """
rules:
  - id: chat.greeting
    type: required
    category: opening
    message: 缺少问候
    when: {channel: chat}
    phrases: [您好]
  - id: phone.greeting
    type: required
    category: opening
    message: 缺少问候
    when: {channel: [phone]}
    phrases: [您好]
"""


@pytest.mark.parametrize("header, fired", [
    ("", ["phone.greeting"]),
    ("# channel: phone\n", ["phone.greeting"]),
    ("# channel: chat\n", ["chat.greeting"]),
])
def test_when_channel_selects_the_rules_that_judge_a_call(pack_from, header, fired):
    pack = pack_from(CHANNEL_PACK)
    report = scriptcheck.check(dialogue(header + "客服:在的\n客户:在吗"), pack)
    assert [f.rule for f in report.findings] == fired


@pytest.mark.parametrize("when, problem", [
    ("{channel: chatt}", "channel must be phone or chat, got 'chatt' (did you mean 'chat'?)"),
    ("{channel: [phone, voice]}", "channel must be phone or chat, got 'voice'"),
    ("{chanel: chat}", "unknown call fact; use direction, channel,"),
    ("{chanel: chat}", "(did you mean 'channel'?)"),
])
def test_unknown_channel_in_when_is_a_pack_error(pack_from, when, problem):
    with pytest.raises(PackError) as error:
        pack_from(CHANNEL_PACK.replace("{channel: chat}", when))
    assert problem in str(error.value)
    assert "pack.yaml:6:12: rules[0].when." in str(error.value)


@pytest.mark.parametrize("argv, channel", [
    ([], "phone"),
    (["--channel", "chat"], "chat"),
    (["--channel", "phone"], "phone"),
])
def test_cli_channel_option_applies_to_csv_and_results_carry_it(write, capsys, argv, channel):
    path = write("day.csv", CSV_ROWS)
    code, out, _ = run_cli(capsys, "score", str(path), "--columns", "call=0,speaker=1,text=2", "--agent-value", "1",
                           "--customer-value", "0", "--format", "jsonl", "--no-progress", "--jobs", "1", *argv)
    assert code == 0
    [result] = [json.loads(line) for line in out.splitlines()]
    assert result["channel"] == channel


def test_cli_refuses_an_unknown_channel(write, capsys):
    code, _, err = run_cli(capsys, "score", str(write("c.txt", "客服:您好\n")), "--channel", "email")
    assert code == 2 and "invalid choice: 'email'" in err


@pytest.mark.parametrize("fmt, expected", [
    ("csv", "chat"),  # the channel column of the per-finding rows
    ("json", "chat"),
])
def test_reports_show_the_channel(write, capsys, fmt, expected):
    path = write("c.txt", "# channel: chat\n客服:你好\n")
    code, out, _ = run_cli(capsys, "score", str(path), "--format", fmt, "--no-progress", "--jobs", "1")
    assert code == 0
    if fmt == "json":
        assert json.loads(out)[0]["channel"] == expected
    else:
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
        assert rows and all(row["channel"] == expected for row in rows)


def test_html_report_names_the_channel(write, capsys):
    path = write("c.txt", "# channel: chat\n客服:你好\n客户:这个能退吗\n客服:不知道\n")
    code, out, _ = run_cli(capsys, "score", str(path), "--format", "html", "--no-progress", "--jobs", "1")
    assert code == 0 and "<dt>渠道</dt><dd>在线客服</dd>" in out


def test_transcript_built_in_memory_defaults_to_phone():
    call = scriptcheck.Transcript.from_dict({"utterances": UTTERANCES})
    assert call.channel == "phone" and scriptcheck.check(call, scriptcheck.load_rules()).channel == "phone"

