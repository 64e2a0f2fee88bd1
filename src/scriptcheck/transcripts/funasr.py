"""FunASR results: the Python ``AutoModel.generate()`` output and the runtime server's websocket messages.

    [{"key": "call", "text": "…", "sentence_info": [{"text": "…", "start": 580, "end": 3160, "spk": 0}]}]
    {"mode": "offline", "text": "…", "stamp_sents": [{"text_seg": "正 是 因 为", "punc": ",", "start": 430, "end": 1130}]}

Times are milliseconds. ``spk`` (present only with a speaker model) is a cluster number; websocket
messages carry no speaker. Also read: one ``AutoModel`` result as a bare object, a list of websocket
messages (the final ones, ``offline``/``2pass-offline``, are the transcript), and a bare ``stamp_sents`` list.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterator

from ..errors import TranscriptError
from ..model import Transcript
from .canonical import plain
from .options import ReadOptions
from .speakers import (MILLISECONDS, Sentence, join_pieces, speaker_id, text_at, to_seconds,
                       transcript_from_sentences)

FINAL_MODES = ("offline", "2pass-offline")
# SenseVoice's raw output starts with tags such as <|zh|><|NEUTRAL|><|Speech|>: markup, never speech.
_MODEL_TAG = re.compile(r"<\|[^|<>]*\|>")


def _is_automodel_result(item: Any) -> bool:
    return isinstance(item, dict) and ("sentence_info" in item or ("key" in item and "text" in item))


def _is_message(item: Any) -> bool:
    return isinstance(item, dict) and "mode" in item and ("stamp_sents" in item or "text" in item)


def _is_stamp_sentence(item: Any) -> bool:
    return isinstance(item, dict) and "text_seg" in item


def looks_like(data: Any) -> bool:
    if isinstance(data, dict):
        return _is_automodel_result(data) or _is_message(data)
    if isinstance(data, list) and data:
        return any(all(shape(item) for item in data)
                   for shape in (_is_automodel_result, _is_message, _is_stamp_sentence))
    return False


def from_data(data: Any, source: str, stem: str, options: ReadOptions) -> Transcript:
    return transcript_from_sentences(_sentences(data, source), source=source, stem=stem, options=options)


def _sentences(data: Any, source: str) -> Iterator[Sentence]:
    indexed = isinstance(data, list)
    items = data if indexed else [data]
    if items and all(_is_stamp_sentence(item) for item in items):
        yield from _stamp_sentences(items, "", source)
    elif items and all(_is_message(item) for item in items):
        yield from _message_sentences(items, indexed, source)
    elif items and all(_is_automodel_result(item) for item in items):
        if len(items) > 1:
            keys = ", ".join(plain(item.get("key")) for item in items[:10]) + (", …" if len(items) > 10 else "")
            raise TranscriptError(f"{len(items)} AutoModel results in one file (keys {keys}); save one call per file",
                                  file=source)
        yield from _automodel_sentences(items[0], _prefix(indexed, 0), source)
    else:
        raise TranscriptError("expected FunASR output: AutoModel results with 'sentence_info', or websocket "
                              "messages with 'stamp_sents'", file=source)


def _automodel_sentences(result: dict[str, Any], prefix: str, source: str) -> Iterator[Sentence]:
    info = result.get("sentence_info")
    if info is None:
        # Without a punctuation/speaker model there are no sentences: the whole text is one utterance.
        yield _whole_text(result, prefix, source)
        return
    if not isinstance(info, list):
        raise TranscriptError("expected a list of sentences", file=source, path=f"{prefix}sentence_info")
    for i, item in enumerate(info):
        path = f"{prefix}sentence_info[{i}]"
        if not isinstance(item, dict):
            raise TranscriptError("expected a sentence object", file=source, path=path)
        text_key = "text" if "text" in item else "sentence"  # SenseVoice pipelines say "sentence"
        yield Sentence(
            speaker=speaker_id(item.get("spk")),
            text=_clean(text_at(item.get(text_key), f"{path}.{text_key}", source)),
            start=to_seconds(item.get("start"), MILLISECONDS, f"{path}.start", source),
            end=to_seconds(item.get("end"), MILLISECONDS, f"{path}.end", source),
            where=path,
        )


def _prefix(indexed: bool, index: int) -> str:
    """The key path of item ``index`` when the file is a list of results (empty for a single object)."""
    return f"[{index}]." if indexed else ""


def _message_sentences(messages: list[dict[str, Any]], indexed: bool, source: str) -> Iterator[Sentence]:
    final = [(i, m) for i, m in enumerate(messages) if m.get("mode") in FINAL_MODES]
    if not final:
        modes = ", ".join(sorted({plain(m.get("mode")) for m in messages})[:10])
        raise TranscriptError(f"only interim websocket results (mode {modes}); save the offline or 2pass-offline "
                              "messages, which carry the final text", file=source)
    for i, message in final:
        stamps = message.get("stamp_sents")
        if isinstance(stamps, list) and stamps:
            yield from _stamp_sentences(stamps, f"{_prefix(indexed, i)}stamp_sents", source)
        else:
            yield _whole_text(message, _prefix(indexed, i), source)


def _stamp_sentences(stamps: list[Any], where: str, source: str) -> Iterator[Sentence]:
    for i, item in enumerate(stamps):
        path = f"{where}[{i}]"
        if not isinstance(item, dict):
            raise TranscriptError("expected a stamp_sents object", file=source, path=path)
        words = text_at(item.get("text_seg"), f"{path}.text_seg", source).split()
        punctuation = text_at(item.get("punc"), f"{path}.punc", source)
        yield Sentence(
            speaker=None,
            text=join_pieces(words) + punctuation if words else "",
            start=to_seconds(item.get("start"), MILLISECONDS, f"{path}.start", source),
            end=to_seconds(item.get("end"), MILLISECONDS, f"{path}.end", source),
            where=path,
        )


def _whole_text(result: dict[str, Any], prefix: str, source: str) -> Sentence:
    """The whole ``text`` as one sentence, timed by the first and last token of ``timestamp``."""
    text = _clean(text_at(result.get("text"), f"{prefix}text", source))
    stamps = result.get("timestamp")
    if isinstance(stamps, str):  # the websocket server sends the token times as a JSON string
        try:
            stamps = json.loads(stamps)
        except (ValueError, RecursionError):  # not JSON, nested too deeply, too long an integer
            stamps = None
    start = end = None
    if isinstance(stamps, list) and stamps and all(isinstance(s, list) and len(s) == 2 for s in stamps):
        start = to_seconds(stamps[0][0], MILLISECONDS, f"{prefix}timestamp[0][0]", source)
        end = to_seconds(stamps[-1][1], MILLISECONDS, f"{prefix}timestamp[{len(stamps) - 1}][1]", source)
    return Sentence(speaker=None, text=text, start=start, end=end, where=f"{prefix}text")


def _clean(text: str) -> str:
    """Model tags removed; tokens the recogniser spaced out (``欢 迎``) joined as the words they are."""
    return join_pieces(_MODEL_TAG.sub(" ", text).split())
