"""Alibaba Cloud NLS 录音文件识别 results: GetTaskResult and callback (v4, CamelCase), legacy v2 callback.

    {"StatusText": "SUCCESS", "StatusCode": 21050000,
     "Result": {"Sentences": [{"BeginTime": 340, "EndTime": 2365, "Text": "…", "ChannelId": 0}]}}
    {"status_text": "SUCCESS", "result": [{"begin_time": 340, "end_time": 2365, "text": "…", "channel_id": 0}]}

Times are milliseconds. The speaker is ``SpeakerId`` when present, else ``ChannelId`` (one channel per
party in a two-channel call, or one speaker per channel with ``auto_split``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from ..errors import TranscriptError
from ..model import Transcript
from .canonical import plain
from .options import ReadOptions
from .speakers import MILLISECONDS, Sentence, speaker_id, text_at, to_seconds, transcript_from_sentences

SUCCESS = "SUCCESS"
NO_SPEECH = "SUCCESS_WITH_NO_VALID_FRAGMENT"
UNFINISHED = ("RUNNING", "QUEUEING")
STATUS_BY_CODE = {21050000: SUCCESS, 21050001: "RUNNING", 21050002: "QUEUEING", 21050003: NO_SPEECH}


@dataclass(frozen=True)
class _Keys:
    """Where one version of the result keeps each field."""

    sentences: tuple[str, ...]
    begin: str
    end: str
    text: str
    channel: str
    speaker: str
    status_text: str
    status_code: str


V4 = _Keys(("Result", "Sentences"), "BeginTime", "EndTime", "Text", "ChannelId", "SpeakerId", "StatusText",
           "StatusCode")
V2 = _Keys(("result",), "begin_time", "end_time", "text", "channel_id", "speaker_id", "status_text", "status_code")


def looks_like(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    result = data.get("Result")
    return (isinstance(result, dict) and "Sentences" in result) or "StatusText" in data or _is_legacy(data)


def _is_legacy(data: dict[str, Any]) -> bool:
    result = data.get("result")
    return "status_text" in data or (isinstance(result, list) and bool(result)
                                     and all(isinstance(item, dict) and "begin_time" in item for item in result))


def from_data(data: Any, source: str, stem: str, options: ReadOptions) -> Transcript:
    if not isinstance(data, dict):
        raise TranscriptError(f"expected an Alibaba Cloud result object, got {type(data).__name__}", file=source)
    keys = V2 if _is_legacy(data) else V4
    _require_success(data, keys, source)
    sentences = _sentences(data, keys, source)
    return transcript_from_sentences(sentences, source=source, stem=stem, options=options)


def _require_success(data: dict[str, Any], keys: _Keys, source: str) -> None:
    code = data.get(keys.status_code)
    known = STATUS_BY_CODE.get(code) if isinstance(code, (int, float, str)) else None  # a list is unhashable
    status = data.get(keys.status_text) or known
    if status is None and code is None:
        return
    named = str(status).upper() if status is not None else None
    if named == SUCCESS:
        return
    code_note = f" ({keys.status_code} {plain(code)})" if code is not None else ""
    status = plain(status) if status is not None else None
    if named == NO_SPEECH:
        raise TranscriptError(f"no speech recognised: {status}{code_note}", file=source)
    if named in UNFINISHED:
        raise TranscriptError(f"task not finished: {status}{code_note}", file=source)
    raise TranscriptError(f"task failed: {status or 'unknown status'}{code_note}", file=source)


def _sentences(data: dict[str, Any], keys: _Keys, source: str) -> Iterator[Sentence]:
    container: Any = data
    for key in keys.sentences:
        container = container.get(key) if isinstance(container, dict) else None
    where = ".".join(keys.sentences)
    if container is None:
        return
    if not isinstance(container, list):
        raise TranscriptError("expected a list of sentences", file=source, path=where)
    for i, item in enumerate(container):
        path = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise TranscriptError("expected a sentence object", file=source, path=path)
        speaker = speaker_id(item.get(keys.speaker))
        yield Sentence(
            speaker=speaker if speaker is not None else speaker_id(item.get(keys.channel)),
            text=text_at(item.get(keys.text), f"{path}.{keys.text}", source),
            start=to_seconds(item.get(keys.begin), MILLISECONDS, f"{path}.{keys.begin}", source),
            end=to_seconds(item.get(keys.end), MILLISECONDS, f"{path}.{keys.end}", source),
            where=path,
        )
