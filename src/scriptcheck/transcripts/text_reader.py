"""Plain-text dialogues (contracts §2): ``客服:…`` lines, optional timestamps and ``# key: value`` headers.

    # id: call-0002
    # direction: outbound
    # channel: chat
    客服:您好!我是中邑燃气客服中心1024号,请问您是王先生吗?
    [00:03.2-00:04.0] 客户:是我。
"""
from __future__ import annotations

import re
from typing import Any

from ..errors import TranscriptError, shown
from ..model import CHANNELS, Transcript
from ..numbers import decimal_problem
from .canonical import transcript_from_dict

_TIME = r"(?:(\d{1,2}):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)"
# The label starts with a non-space: were spaces allowed to start it, '^\s*' and the label could share
# the spaces of a long line without a colon in quadratically many ways.
_LINE = re.compile(r"^\s*(?:\[\s*" + _TIME + r"\s*-\s*" + _TIME + r"\s*\]\s*)?([^:：\s][^:：]{0,19}?)\s*[:：]\s?(.*)$")
_HEADER = re.compile(r"^\s*#\s*([A-Za-z_][\w.]*)\s*:(.*)$")  # the value is stripped after: '(.*?)\s*$' is quadratic
_TOP_LEVEL = ("id", "direction", "channel", "started_at")
_NESTED = ("agent", "customer", "metadata")


def _seconds(hours: str | None, minutes: str, seconds: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)


def read_text(text: str, source: str, stem: str) -> Transcript:
    from .canonical import speaker_of

    data: dict[str, Any] = {"agent": {}, "customer": {}, "metadata": {}}
    utterances = []
    line_of: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        header = _HEADER.match(line)
        if header:
            value = header.group(2).strip()
            col = header.start(2) + len(header.group(2)) - len(header.group(2).lstrip()) + 1
            if header.group(1) == "channel" and value and value not in CHANNELS:
                raise TranscriptError(f"channel must be phone or chat, got {shown(value)}", file=source,
                                      line=number, col=col)
            problem = decimal_problem(value)  # a fact rule reads a decimal header as a number
            if problem:
                raise TranscriptError(problem, file=source, line=number, col=col)
            _set_header(data, header.group(1), value)
            continue
        if line.lstrip().startswith("#"):
            continue  # a comment
        match = _LINE.match(line)
        speaker = speaker_of(match.group(7)) if match else None
        if speaker is None:
            what = (f"unknown speaker {shown(match.group(7).strip())}" if match
                    else "expected 'SPEAKER: text' (e.g. 客服: 您好), a '# key: value' header or a blank line")
            col = (match.start(7) + 1) if match else 1
            raise TranscriptError(what, file=source, line=number, col=col)
        utterance: dict[str, Any] = {"speaker": speaker, "text": match.group(8)}
        if match.group(3) is not None:
            utterance["start"] = _seconds(match.group(1), match.group(2), match.group(3))
            utterance["end"] = _seconds(match.group(4), match.group(5), match.group(6))
            if utterance["end"] < utterance["start"]:
                raise TranscriptError("timestamp ends before it starts", file=source, line=number, col=1)
        utterances.append(utterance)
        line_of.append(number)
    if not utterances:
        raise TranscriptError("empty call: no utterances", file=source)
    data["utterances"] = utterances
    return transcript_from_dict(data, source=source, default_id=stem)


def _set_header(data: dict[str, Any], key: str, value: str) -> None:
    head, _, rest = key.partition(".")
    if key in _TOP_LEVEL:
        data[key] = value
    elif head in _NESTED and rest:
        data[head][rest] = value
    elif key == "agent":
        data["agent"]["id"] = value
    else:
        data["metadata"][key] = value
