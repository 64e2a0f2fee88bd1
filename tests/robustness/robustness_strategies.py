"""Hypothesis strategies for what users and attackers feed scriptcheck: valid documents with one thing
wrong at any place, arbitrary Unicode, control characters, huge lines, deep nesting, truncated files."""
from __future__ import annotations

import copy
import csv
import io
import json
from typing import Any

import yaml
from hypothesis import strategies as st

# ---------------------------------------------------------------------------------------------------------
# Pieces of text

SPEAKERS = ["客服", "客户", "坐席", "话务员", "用户", "agent", "customer", "staff", "user", "A", "C", "a", "Agent",
            "SPEAKER_00", "SPEAKER_01", "0", "1", "主持人", ""]
PHRASES = ["您好", "您好，中邑燃气客服中心1024号很高兴为您服务，请问有什么可以帮助您？", "不知道", "喂", "喂奶", "嘛",
           "喽", "请您稍等", "感谢您的等待", "谢谢", "不用谢", "对不起", "没关系", "我要投诉", "请问还有其它问题吗",
           "感谢您的来电，再见！", "我姓王", "王先生", "你", "您", "13812345678", "身份证110101199003071234",
           "不是我的事", "你自己看着办", "節日快樂", "ｆｕｌｌ　ｗｉｄｔｈ", "🙂", "\u200b", "\ufeff", "é", "e\u0301"]
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x1c", "\x7f", "\x85", "\u2028", "\u2029",
           "\u202e", "\ufffd", "\r", "\r\n", "\t", "\n"]
# Long runs of one piece: the lines that make a backtracking regular expression take quadratic time.
HUGE = [" " * 20_000 + "x", "喂" * 20_000, ":" * 20_000, "[" * 20_000, "<v " * 7_000, "<!--" * 5_000,
        "9" * 5_000, "-" * 20_000 + "x", "客服:" + "不知道" * 6_000, "a" * 100_000]

characters = st.characters(blacklist_categories=("Cs",))  # lone surrogates cannot be written to a file
short_text = st.text(characters, max_size=24)


LINE_BREAKS = ("\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029")  # what str.splitlines splits on
INLINE_CONTROL = [c for c in CONTROL if not any(b in c for b in LINE_BREAKS)]
inline_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=LINE_BREAKS), max_size=24)


def pieces(*domain: list[str], inline: bool = False) -> st.SearchStrategy[str]:
    """Text made of domain pieces, phrases the packs look for, control characters and arbitrary Unicode.

    ``inline``: no line breaks (the text stays on its line of a line-based format).
    """
    return st.lists(st.one_of(st.sampled_from([p for group in domain for p in group]), st.sampled_from(PHRASES),
                              st.sampled_from(INLINE_CONTROL if inline else CONTROL),
                              inline_text if inline else short_text), max_size=12).map("".join)


def mostly(good: st.SearchStrategy, bad: st.SearchStrategy, odds: int = 8) -> st.SearchStrategy:
    """``good`` about ``odds`` times out of ``odds + 1``, else ``bad``: most files read, some do not.

    (Not ``st.one_of(good, good, …, bad)``: one_of drops repeated branches, which would make it 50:50.)
    """
    return st.sampled_from(range(odds + 1)).flatmap(lambda i: bad if i == odds else good)


def with_huge(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``strategy``, and now and then one of its values with a huge run inserted at some place."""
    inserted = st.tuples(strategy, st.sampled_from(HUGE), st.integers(0, 1_000_000)).map(
        lambda t: t[0][:t[2] % (len(t[0]) + 1)] + t[1] + t[0][t[2] % (len(t[0]) + 1):])
    return mostly(strategy, inserted, odds=6)


# ---------------------------------------------------------------------------------------------------------
# JSON-like values, with the wrong type at any place

SPECIAL_VALUES: list[Any] = [
    0, 1, -1, 2, 3, 10 ** 400, -10 ** 30, 2 ** 63, 1e308, -0.0, 0.5, 1e-300, float("nan"), float("inf"),
    "", " ", "agent", "客服", "customer", "客户", "A", "C", "SPEAKER_00", "0", "1", "inbound", "outbound",
    "sideways", "2026-11-21T10:15:00+08:00", "2026-11-21", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00",
    "not a time", "\x00", "\u2028", "喂", "不知道", "您好", "[0:0.020,0:2.380,0] 您好", "[99:99.9,0:1,x] 坏",
    "SUCCESS", "RUNNING", "SUCCESS_WITH_NO_VALID_FRAGMENT", "offline", "online", "2pass-offline", 21050000,
    21050001, 21050003, "[[0, 100], [200, 300]]", "[" * 3_000, "喂" * 20_000, " " * 20_000 + "x",
    [], {}, [[]], {"": None},
]
KEYS = ["id", "direction", "started_at", "agent", "customer", "metadata", "utterances", "speaker", "text", "start",
        "end", "surname", "title", "hangup_by", "ring_seconds", "hold_seconds", "name", "Result", "Sentences",
        "BeginTime", "EndTime", "Text", "ChannelId", "SpeakerId", "StatusText", "StatusCode", "result",
        "begin_time", "end_time", "channel_id", "status_text", "Response", "Data", "Status", "StatusStr",
        "ResultDetail", "FinalSentence", "StartMs", "EndMs", "Error", "Code", "Message", "key", "sentence_info",
        "sentence", "spk", "mode", "stamp_sents", "text_seg", "punc", "timestamp", "segments", "language",
        "word_segments"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), short_text, st.sampled_from(SPECIAL_VALUES))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.sampled_from(KEYS), short_text), inner, max_size=4)),
    max_leaves=10)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, prefix + (index,))
    return found


def _parent(doc: Any, path: tuple) -> Any:
    for step in path[:-1]:
        doc = doc[step]
    return doc


@st.composite
def mutated(draw, base: Any, values: st.SearchStrategy = json_values, rounds: int = 3) -> Any:
    """``base`` with up to ``rounds`` changes, each at any place: a value replaced, removed, or added."""
    doc = copy.deepcopy(base)

    def fresh(strategy: st.SearchStrategy) -> Any:
        # A drawn value may be an object the strategy hands out again (st.just, sampled_from): a later
        # round must never change it in place, or Hypothesis replays a different case.
        return copy.deepcopy(draw(strategy))

    for _ in range(draw(st.integers(0, rounds))):
        path = draw(st.sampled_from(_paths(doc)))
        action = draw(st.sampled_from(["replace", "replace", "delete", "insert", "duplicate"]))
        if not path:
            if action == "replace":
                doc = fresh(values)
            continue
        parent, last = _parent(doc, path), path[-1]
        if action == "replace":
            parent[last] = fresh(values)
        elif action == "delete":
            del parent[last]
        elif action == "insert":
            if isinstance(parent, list):
                parent.insert(last, fresh(values))
            else:
                parent[draw(st.one_of(st.sampled_from(KEYS), short_text))] = fresh(values)
        elif isinstance(parent, list):  # duplicate
            parent.insert(last, copy.deepcopy(parent[last]))
    return doc


@st.composite
def json_bytes(draw, base: Any) -> bytes:
    """A mutated ``base`` as a JSON file: either escape style, now and then cut short or raw garbage."""
    kind = draw(st.sampled_from(["mutated"] * 6 + ["truncated", "garbage", "deep"]))
    if kind == "garbage":
        return draw(with_huge(pieces(["{", "}", "[", "]", '"', ",", ":", "null", "NaN", "1e999", "\\u"]))).encode()
    if kind == "deep":
        depth = draw(st.integers(1, 200_000))
        opener = draw(st.sampled_from(["[", '{"utterances":[', '{"a":']))
        return (opener * depth).encode()
    doc = draw(mutated(base))
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 1])))
    raw = text.encode("utf-8", "surrogatepass")  # a lone surrogate: bytes no decoder accepts
    if kind == "truncated":
        raw = raw[:draw(st.integers(0, len(raw)))]
    return raw


# ---------------------------------------------------------------------------------------------------------
# Valid documents of every format (mutated by the strategies above)

CANONICAL = {
    "id": "call-0001", "direction": "inbound", "started_at": "2026-11-21T10:15:00+08:00",
    "agent": {"id": "4762", "name": "李娜"}, "customer": {"surname": "王", "title": "先生"},
    "metadata": {"hangup_by": "customer", "ring_seconds": 4.0, "hold_seconds": 3},
    "utterances": [
        {"speaker": "agent", "text": "您好，中邑燃气客服中心4762号很高兴为您服务，请问有什么可以帮助您？", "start": 0.0, "end": 2.5},
        {"speaker": "customer", "text": "我姓王，我想查一下燃气费。谢谢", "start": 3.0, "end": 5.1},
        {"speaker": "agent", "text": "王先生，不知道喂，请您稍等。", "start": 5.5, "end": 7.0},
        {"speaker": "agent", "text": "感谢您的等待，王先生，请问还有其它问题吗？感谢您的来电，再见！", "start": 40.0, "end": 44.0},
    ],
}
ALIYUN = {"StatusText": "SUCCESS", "StatusCode": 21050000, "Result": {"Sentences": [
    {"BeginTime": 340, "EndTime": 2365, "Text": "您好，请问有什么可以帮您？", "ChannelId": 0},
    {"BeginTime": 2800, "EndTime": 4100, "Text": "我想交燃气费。", "ChannelId": 1},
    {"BeginTime": 4500, "EndTime": 6000, "Text": "不知道，再见。", "ChannelId": 0, "SpeakerId": "1"}]}}
ALIYUN_LEGACY = {"status_text": "SUCCESS", "result": [
    {"begin_time": 340, "end_time": 2365, "text": "您好", "channel_id": 0},
    {"begin_time": 2400, "end_time": 3000, "text": "喂？", "channel_id": 1}]}
TENCENT = {"Response": {"Data": {"Status": 2, "StatusStr": "success",
                                 "Result": "[0:0.020,0:2.380,0]  您好，请问有什么可以帮您？\n[0:3.000,0:4.500,1]  我要投诉。\n",
                                 "ResultDetail": [
                                     {"FinalSentence": "您好，请问有什么可以帮您？", "StartMs": 20, "EndMs": 2380, "SpeakerId": 0},
                                     {"FinalSentence": "我要投诉。", "StartMs": 3000, "EndMs": 4500, "SpeakerId": 1}]}}}
TENCENT_RESULT_ONLY = {"Status": 2, "StatusStr": "success",
                       "Result": "[0:0.020,0:2.380,0]  您好。\n[0:3.000,1:04.500]  谢谢。\n[1:0:0.0,1:0:1.0,1] 再见"}
FUNASR = [{"key": "call", "text": "您好请问有什么可以帮您", "sentence_info": [
    {"text": "您好，请问有什么可以帮您？", "start": 580, "end": 3160, "spk": 0},
    {"sentence": "<|zh|><|NEUTRAL|>我 想 交 费。", "start": 3500, "end": 5000, "spk": 1}]}]
FUNASR_WEBSOCKET = [{"mode": "2pass-online", "text": "您"},
                    {"mode": "offline", "text": "您好", "timestamp": "[[430, 600], [600, 1130]]",
                     "stamp_sents": [{"text_seg": "您 好", "punc": "，", "start": 430, "end": 1130},
                                     {"text_seg": "不 知 道", "punc": "。", "start": 1200, "end": 2000}]}]
WHISPER = {"text": "您好 我想交费", "language": "zh", "segments": [
    {"start": 0.0, "end": 2.5, "text": " 您好，请问有什么可以帮您？", "speaker": "SPEAKER_00"},
    {"start": 2.6, "end": 4.0, "text": " 我想交费。", "speaker": "SPEAKER_01"},
    {"start": 4.2, "end": 5.0, "text": " 喂？"}]}
VENDOR_DOCS = {"aliyun": [ALIYUN, ALIYUN_LEGACY], "tencent": [TENCENT, TENCENT_RESULT_ONLY],
               "funasr": [FUNASR, FUNASR_WEBSOCKET], "whisper": [WHISPER]}

# ---------------------------------------------------------------------------------------------------------
# Line formats

GOOD_SPEAKERS = ["客服", "客户", "坐席", "用户", "agent", "customer", "A", "C"]
GOOD_TIMES = ["00:01.5", "00:03.2", "1:02:03", "01:02:05.5", "00:00", "0:0.0", "12:34:56.789", "٣:٤٥"]
BAD_TIMES = ["99:99", "99999999999999999999:00:00", "00:01,5", "-00:01", "", "1e3", "00:00:00:00"]
said = pieces(PHRASES, inline=True)


times = mostly(st.sampled_from(GOOD_TIMES), st.sampled_from(BAD_TIMES), odds=40)
stamps = st.builds(lambda a, b: f"[{a}-{b}] ", times, times)
text_line = mostly(
    st.builds(lambda stamp, speaker, colon, words: f"{stamp}{speaker}{colon}{words}",
              st.one_of(st.just(""), stamps), mostly(st.sampled_from(GOOD_SPEAKERS), st.sampled_from(SPEAKERS), 12),
              st.sampled_from([":", "：", " : ", ":  "]), said),
    st.one_of(
        st.builds(lambda key, value: f"# {key}: {value}",
                  st.sampled_from(["id", "direction", "started_at", "agent", "agent.id", "customer.surname",
                                   "hangup_by", "ring_seconds", "metadata.x", "customer", "Bad-Key", ""]),
                  st.one_of(st.sampled_from([str(v) for v in SPECIAL_VALUES[:40]]), short_text)),
        st.sampled_from(["", "   ", "# 注释", "#"]),
        pieces(SPEAKERS, [":", "：", "#", "[", "]", "-"])),
    odds=10)
text_files = with_huge(st.lists(text_line, min_size=1, max_size=12).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n", "\r"]).map(lambda newline: newline.join(lines))))

FIELD_OF = {"call_id": "call", "session_id": "call", "id": "call", "call": "call", "speaker": "speaker",
            "role": "speaker", "角色": "speaker", "text": "text", "content": "text", "内容": "text", "start": "start",
            "end": "end", "agent_id": "agent", "agent": "agent"}
HEADERS = [["call_id", "speaker", "text", "start", "end"], ["session_id", "role", "content"],
           ["id", "角色", "内容", "agent_id"], ["speaker", "text"], ["call", "speaker", "text", "start", "end", "agent"]]


@st.composite
def delimited_files(draw, delimiter: str) -> tuple[bytes, dict]:
    """A CSV or TSV export and the reading options it needs (``--columns``, speaker values), each now and
    then wrong: a bad row, rows of a call apart, a header that names nothing, options that do not fit."""
    header = draw(mostly(st.sampled_from(HEADERS), st.one_of(st.just([]), st.lists(st.sampled_from(
        ["call_id", "speaker", "text", "start", "end", "agent_id", "x", ""]), min_size=1, max_size=7)), odds=6))
    numeric = draw(st.integers(0, 3)) == 0  # the speaker column holds 1/0, mapped by --agent-value/--customer-value
    options = {"agent_value": "1", "customer_value": "0"} if numeric else {}
    if draw(st.integers(0, 9)) == 0:
        options = draw(st.sampled_from([{}, {"agent_value": "客服"}, {"agent_value": " 1 ", "customer_value": ""},
                                        {"customer_value": "0"}]))
    speakers = ["1", "0"] if numeric else GOOD_SPEAKERS
    rows = []
    for _ in range(draw(mostly(st.integers(1, 10), st.integers(0, 10)))):
        row = {"call": draw(st.sampled_from(["c1", "c1", "c2", "c3", ""])),
               "speaker": draw(mostly(st.sampled_from(speakers), st.sampled_from(SPEAKERS), 25)),
               "text": draw(said),
               "start": draw(mostly(st.sampled_from(["0", "1.5", "12", "00:01", "1:02:03"]),
                                    st.sampled_from(BAD_TIMES + ["", "٣"]), 25)),
               "agent": draw(st.sampled_from(["4762", "", "工号1"]))}
        row["end"] = draw(mostly(st.sampled_from([row["start"], "99999"]), st.sampled_from(["", "0"]), 25))
        cells = [row.get(FIELD_OF.get(name, ""), "") for name in (header or HEADERS[0])]
        if draw(st.integers(0, 24)) == 0:  # a ragged or garbled row
            cells = draw(st.lists(cell, max_size=7))
        rows.append((row["call"], cells))
    if draw(st.integers(0, 7)):  # the rows of one call next to each other, as the format asks
        rows.sort(key=lambda row: row[0])
    lines = ([header] if header else []) + [cells for _, cells in rows]
    if delimiter == "," and draw(st.integers(0, 4)):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])))
        writer.writerows(lines)
        text = out.getvalue()
    else:  # written by hand, as TSV exports are: a quote stays a quote, a tab in a cell splits it
        text = draw(st.sampled_from(["\n", "\r\n"])).join(delimiter.join(cells) for cells in lines)
    columns = draw(mostly(st.just({}), csv_columns, odds=5))
    if columns:
        options["columns"] = columns
    return draw(with_huge(st.just(text))).encode("utf-8"), options


cell = st.one_of(st.sampled_from(SPEAKERS + PHRASES + GOOD_TIMES + BAD_TIMES + ["c1", "c2", "call", "text"]),
                 pieces(['"', ",", "\t", "\n", "\r\n"]))
csv_columns = st.one_of(
    st.dictionaries(st.sampled_from(["call", "speaker", "text", "start", "end", "agent", "caller", "spaeker"]),
                    st.one_of(st.integers(-2, 8), st.sampled_from(["call_id", "speaker", "text", "start", "nope", "",
                                                                    "内容", "TEXT"])), max_size=6),
    st.sampled_from([{"call": 0, "speaker": 1, "text": 2}, {"call": "call_id", "speaker": "speaker", "text": "text",
                                                            "start": "start", "end": "end"}]))

GOOD_TIMING = ["00:00:00,340 --> 00:00:02,365", "00:03.000 --> 00:05.100 align:start", "1:00:00.000 --> 1:00:01.000",
               "00:00:01.000 --> 00:00:02.000 position:10%,line-left", "00:00:02,000 --> 00:00:02,000"]
BAD_TIMING = ["00:00:05.000 --> 00:00:04.000", "99:99:99,999 --> 00:00:01,000", "00:00:01,000 -->", "-->",
              "9999999:00:00,000 --> 9999999:00:01,000", "00:00:01 --> 00:00:02"]
PAYLOAD = ["客服：您好，请问有什么可以帮您？", "客户: 我想交费", "<v 客服>您好</v>", "<v.loud 客户>不知道", "[SPEAKER_00]: 喂",
           "- 客服: 再见", "<i>斜体</i> &amp; &lt;b&gt;", "{\\an8}字幕", "<00:00:01.000>您<c>好</c>", "NOTE 注释",
           "STYLE", "REGION", "WEBVTT", "1", "2", "不知道", "喂？"]


@st.composite
def subtitle_files(draw, vtt: bool) -> bytes:
    blocks = []
    if vtt:
        blocks.append(draw(mostly(st.sampled_from(["WEBVTT", "\ufeffWEBVTT", "WEBVTT - 通话"]),
                                  st.sampled_from(["WEBVTTX", "webvtt", "", "NOTE"]))))
    for number in range(draw(mostly(st.integers(1, 6), st.integers(0, 6)))):
        lines = []
        if draw(st.booleans()):
            lines.append(str(number + 1) if not vtt else draw(mostly(st.sampled_from([f"cue-{number}", "1"]),
                                                                       st.just("NOTE x"))))
        lines.append(draw(mostly(st.sampled_from(GOOD_TIMING),
                                 st.one_of(st.sampled_from(BAD_TIMING), pieces(GOOD_TIMING, ["-->", ":", ",", "."])),
                                 25)))
        lines += draw(st.lists(mostly(st.sampled_from(PAYLOAD), pieces(PAYLOAD, inline=True), 3), min_size=1,
                               max_size=3))
        blocks.append("\n".join(lines))
    text = draw(st.sampled_from(["\n\n", "\r\n\r\n", "\n \n"])).join(blocks)
    return draw(with_huge(st.just(text))).encode("utf-8")


# ---------------------------------------------------------------------------------------------------------
# Call scripts (scriptcheck lint) and rule packs

SCRIPT_PIECES = ["---", "...", "direction: outbound", "scene: opening", "scene: call", "scene: closing",
                 "title: 开场白", "sceen: x", "# 标题", "- ", "* ", "1. ", "> ", "| 客户 | 我想交费 |", "|---|---|",
                 "**客服**：", "<!-- scriptcheck: disable=forbidden.* -->", "<!--", "-->", "```", "~~~",
                 "# scriptcheck: disable=all", "===", "lines:", "  - 客服: 您好", "  - {客户: 谢谢}", "&a [*a]"]
script_files = with_huge(st.lists(st.one_of(st.sampled_from(SCRIPT_PIECES), text_line, pieces(SCRIPT_PIECES)),
                                  max_size=12).map("\n".join))
YAML_SCRIPT = {"direction": "inbound", "scene": "opening", "title": "开场白",
               "lines": ["客服: 您好，中邑燃气客服中心1024号很高兴为您服务", {"客户": "我想交费"}, "不知道", {"坐席": "喂，再见"}]}


@st.composite
def yaml_documents(draw, base: Any, values: st.SearchStrategy) -> bytes:
    """A mutated ``base`` dumped as YAML; now and then cut short, or with YAML's own tricks spliced in."""
    kind = draw(st.sampled_from(["mutated"] * 6 + ["truncated", "tricks", "deep"]))
    if kind == "deep":
        depth = draw(st.integers(1, 200_000))
        return ("rules: " + draw(st.sampled_from(["[", "{a: ", "- "])) * depth).encode()
    doc = draw(mutated(base, values))
    text = yaml.dump(doc, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=draw(st.booleans()),
                     default_flow_style=draw(st.sampled_from([None, True])), sort_keys=False)
    if kind == "truncated":
        text = text[:draw(st.integers(0, len(text)))]
    elif kind == "tricks":
        lines = text.split("\n")
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.sampled_from(YAML_TRICKS)))
        text = "\n".join(lines)
    return text.encode("utf-8")


YAML_TRICKS = ["x: &a [*a]", "y: !!python/object/apply:os.system ['true']", "z: !!python/name:os.system",
               "w: !!binary aGVsbG8=", "v: !!set {a, b}", "<<: {pack: merged}", "u: 2026-11-21", "t: !custom x",
               "%YAML 1.1", "---", "...", "? [complex, key]\n: 1", "k: *undefined", "dup: 1\ndup: 2", "\t tab: x",
               "s: '\\ud800'", 's: "\\ud800"', "q: 0x1F", "r: 1_000", "p: .inf", "o: .nan", "n: ~", "m: 0o17"]
yaml_values = st.one_of(json_values, st.sampled_from([
    "(a+)+$", "(x+x+)+y", "[", "(?<=a)b", "\\p{Han}{2,4}", "{company}", "{*}", "{missing}", "{", "}", "{{",
    "major", "minor", "critical", "fatal", "agent", "customer", "any", "first", "last", "word", "clause", "none",
    "default", "outbound-sales", "no-such-pack", "../../etc/passwd", "/dev/zero", "metadata.hangup_by", "agent.id",
    "customer.surname", "workday", "weekend", "morning", {"first": 2}, {"last": -1}, {"hit": ["客服: 不知道"]},
    {"pass": [1]}, {"direction": "outbound"}, {"timed": "yes"}, {"day": ["holiday", "never"]}, {"values": []},
    {"pattern": "(a+)+$"}, {"from": "agent.id"}, {"text": "喂", "except": ["喂奶"], "boundary": "word"}]))
