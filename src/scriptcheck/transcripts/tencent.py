"""Tencent Cloud ASR 录音文件识别 results: the ``DescribeTaskStatus`` response or its bare ``Data`` object.

    {"Response": {"Data": {"Status": 2, "StatusStr": "success",
                           "Result": "[0:0.020,0:2.380,0]  腾讯云语音识别欢迎您。\\n",
                           "ResultDetail": [{"FinalSentence": "…", "StartMs": 20, "EndMs": 2380, "SpeakerId": 0}]}}}

``ResultDetail`` (milliseconds, with ``SpeakerId``) is preferred; without it the ``Result`` string is read,
one ``[m:s.mmm,m:s.mmm]`` or ``[m:s.mmm,m:s.mmm,speaker]`` line per sentence.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from ..errors import TranscriptError
from ..model import Transcript
from .canonical import plain, shown
from .options import ReadOptions
from .speakers import MILLISECONDS, Sentence, speaker_id, text_at, to_seconds, transcript_from_sentences

SUCCESS = 2
UNFINISHED = (0, 1)  # waiting, doing
FAILED = 3
_TIME = r"(\d+(?::\d+)?:\d+(?:\.\d+)?)"  # m:s.mmm, minutes not zero-padded; h:m:s.mmm accepted too
_RESULT_LINE = re.compile(rf"^\[{_TIME},{_TIME}(?:,(\d+))?\]\s*(.*)$")
_QUOTED_LINE_LIMIT = 60


def looks_like(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    response = data.get("Response")
    if isinstance(response, dict):
        return isinstance(response.get("Data"), dict) or isinstance(response.get("Error"), dict)
    return "StatusStr" in data and "Status" in data


def from_data(data: Any, source: str, stem: str, options: ReadOptions) -> Transcript:
    task, prefix = _task(data, source)
    _require_success(task, source)
    detail = task.get("ResultDetail")
    if isinstance(detail, list) and detail:
        sentences = _detail_sentences(detail, f"{prefix}ResultDetail", source)
    else:
        sentences = _result_sentences(text_at(task.get("Result"), f"{prefix}Result", source), f"{prefix}Result",
                                      source)
    return transcript_from_sentences(sentences, source=source, stem=stem, options=options)


def _task(data: Any, source: str) -> tuple[dict[str, Any], str]:
    """The ``Data`` object and the key path leading to it."""
    if not isinstance(data, dict):
        raise TranscriptError(f"expected a Tencent Cloud result object, got {type(data).__name__}", file=source)
    response = data.get("Response")
    if not isinstance(response, dict):
        return data, ""
    error = response.get("Error")
    if isinstance(error, dict):
        raise TranscriptError(f"request failed: {plain(error.get('Code'))}: {plain(error.get('Message'))}", file=source,
                              path="Response.Error")
    task = response.get("Data")
    if not isinstance(task, dict):
        raise TranscriptError("expected an object", file=source, path="Response.Data")
    return task, "Response.Data."


def _require_success(task: dict[str, Any], source: str) -> None:
    status = task.get("Status")
    if status is None or status == SUCCESS:
        return
    if status in UNFINISHED:
        raise TranscriptError(f"task not finished: {plain(task.get('StatusStr') or 'status')} (Status {status})",
                              file=source)
    if status == FAILED:
        raise TranscriptError(f"task failed (Status {status}): {plain(task.get('ErrorMsg') or 'no reason given')}",
                              file=source)
    raise TranscriptError(f"unknown task status {shown(status)}", file=source)


def _detail_sentences(detail: list[Any], where: str, source: str) -> Iterator[Sentence]:
    for i, item in enumerate(detail):
        path = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise TranscriptError("expected a sentence object", file=source, path=path)
        yield Sentence(
            speaker=speaker_id(item.get("SpeakerId")),
            text=text_at(item.get("FinalSentence"), f"{path}.FinalSentence", source),
            start=to_seconds(item.get("StartMs"), MILLISECONDS, f"{path}.StartMs", source),
            end=to_seconds(item.get("EndMs"), MILLISECONDS, f"{path}.EndMs", source),
            where=path,
        )


def _result_sentences(result: str, where: str, source: str) -> Iterator[Sentence]:
    for number, line in enumerate(result.splitlines(), start=1):
        if not line.strip():
            continue
        match = _RESULT_LINE.match(line.strip())
        if match is None:
            quoted = line.strip()[:_QUOTED_LINE_LIMIT]
            raise TranscriptError(f"line {number}: expected '[m:s.mmm,m:s.mmm] text' or "
                                  f"'[m:s.mmm,m:s.mmm,speaker] text', got {quoted!r}", file=source, path=where)
        start, end, speaker, text = match.groups()
        yield Sentence(speaker=speaker_id(speaker), text=text, start=_clock_seconds(start),
                       end=_clock_seconds(end), where=f"{where} line {number}")


def _clock_seconds(clock: str) -> float:
    seconds = 0.0
    for part in clock.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds
