"""The canonical transcript shape (contracts §1): validation and speaker aliases."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Mapping

from ..errors import TranscriptError, shown
from ..model import AGENT, CHANNELS, CUSTOMER, INBOUND, OUTBOUND, PHONE, Transcript, Utterance
from ..numbers import FLOAT_BOUND, MAX_NUMBER, decimal_problem, is_number, number_problem

SPEAKER_ALIASES: dict[str, str] = {
    **{alias: AGENT for alias in ("agent", "客服", "坐席", "话务员", "staff", "a")},
    **{alias: CUSTOMER for alias in ("customer", "客户", "用户", "user", "c")},
}
CHINA_STANDARD_TIME = timezone(timedelta(hours=8))
_KNOWN_KEYS = ("id", "direction", "channel", "started_at", "agent", "customer", "metadata", "utterances")


def plain(value: Any) -> str:
    """A value from the input in an error message: as it is when short and printable, else ``shown``."""
    if isinstance(value, str) and value.isprintable() and len(value) <= 80:
        return value
    return shown(value)


def speaker_of(value: Any) -> str | None:
    """``agent``/``customer`` for a known alias (case-insensitive for Latin letters), else None."""
    if not isinstance(value, str):
        return None
    return SPEAKER_ALIASES.get(value.strip().casefold())


def parse_started_at(value: Any) -> datetime:
    """ISO 8601; a naive time is China Standard Time. Raises ValueError."""
    if not isinstance(value, str):
        raise ValueError(f"not an ISO 8601 time: expected a string, got {shown(value)}")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not an ISO 8601 time: {shown(value)}") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=CHINA_STANDARD_TIME)
    try:
        moment.astimezone(CHINA_STANDARD_TIME)  # calendar rules read the time in China
    except OverflowError:
        raise ValueError(f"{shown(value)} is out of range in China Standard Time") from None
    return moment


def _seconds(value: Any, where: str, file: str, line: int | None) -> float | None:
    if value is None:
        return None
    if not is_number(value) or not value >= 0:  # not a number, negative or NaN
        raise TranscriptError(f"expected a non-negative number of seconds, got {shown(value)}", file=file, line=line,
                              path=where)
    if number_problem(value):
        raise TranscriptError(f"expected at most 10^15 seconds, got {shown(value)}", file=file, line=line, path=where)
    return float(value)


_MAX_SECONDS = float(MAX_NUMBER)


def _fact_problem(value: Any) -> str | None:
    """What is wrong with a fact (a value of agent, customer or metadata) as the number a rule may read it
    as: an infinite one, or one too large for a float. Other values are not numbers, and have none."""
    if is_number(value):
        return number_problem(value, bound=FLOAT_BOUND)
    if isinstance(value, str):
        return decimal_problem(value)
    return None


def _checked_utterance(raw: Any, where: str, file: str, line: int | None) -> tuple[str, str, float | None, float | None]:
    """(speaker, text, start, end) of an utterance, or the TranscriptError naming what is wrong with it."""
    if not isinstance(raw, Mapping):
        raise TranscriptError("expected an object with 'speaker' and 'text'", file=file, line=line, path=where)
    for key in ("speaker", "text"):
        if key not in raw:
            raise TranscriptError(f"missing required key {key!r}", file=file, line=line, path=where)
    speaker = speaker_of(raw["speaker"])
    if speaker is None:
        raise TranscriptError(f"unknown speaker {shown(raw['speaker'])} (agent: agent/客服/坐席/话务员/staff/A; "
                              "customer: customer/客户/用户/user/C)", file=file, line=line, path=f"{where}.speaker")
    text = raw["text"]
    if not isinstance(text, str):
        raise TranscriptError(f"expected a string, got {shown(text)}", file=file, line=line, path=f"{where}.text")
    return (speaker, text, _seconds(raw.get("start"), f"{where}.start", file, line),
            _seconds(raw.get("end"), f"{where}.end", file, line))


def transcript_from_dict(data: Mapping[str, Any], *, source: str = "", default_id: str = "",
                         line: int | None = None) -> Transcript:
    """Validate one canonical transcript object; errors name the key path (and line for JSONL)."""
    file = source or "<input>"
    if not isinstance(data, Mapping):
        raise TranscriptError(f"expected a JSON object, got {type(data).__name__}", file=file, line=line)
    utterances_raw = data.get("utterances")
    if utterances_raw is None:
        raise TranscriptError("missing required key 'utterances'", file=file, line=line)
    if not isinstance(utterances_raw, list):
        raise TranscriptError("expected a list", file=file, line=line, path="utterances")
    if not utterances_raw:
        raise TranscriptError("empty call: no utterances", file=file, line=line, path="utterances")
    utterances = []
    for i, raw in enumerate(utterances_raw):
        said_by = raw.get("speaker") if type(raw) is dict else None  # the common case first, checked fast
        speaker = SPEAKER_ALIASES.get(said_by) if type(said_by) is str else None
        text = raw.get("text") if speaker else None
        start, end = (raw.get("start"), raw.get("end")) if speaker else (None, None)
        if (type(text) is not str or not (start is None or type(start) is float and 0 <= start <= _MAX_SECONDS)
                or not (end is None or type(end) is float and 0 <= end <= _MAX_SECONDS)):
            speaker, text, start, end = _checked_utterance(raw, f"utterances[{i}]", file, line)
        if start is not None and end is not None and end < start:
            raise TranscriptError(f"end {end} is before start {start}", file=file, line=line,
                                  path=f"utterances[{i}].end")
        utterances.append(Utterance(speaker, text, start, end))
    direction = data.get("direction") or INBOUND
    if direction not in (INBOUND, OUTBOUND):
        raise TranscriptError(f"direction must be inbound or outbound, got {shown(direction)}", file=file, line=line,
                              path="direction")
    channel = data.get("channel") or PHONE
    if channel not in CHANNELS:
        raise TranscriptError(f"channel must be phone or chat, got {shown(channel)}", file=file, line=line,
                              path="channel")
    started_at = None
    if data.get("started_at") is not None:
        try:
            started_at = parse_started_at(data["started_at"])
        except ValueError as exc:
            raise TranscriptError(str(exc), file=file, line=line, path="started_at") from None
    parts = {}
    for key in ("agent", "customer", "metadata"):
        value = data.get(key) or {}
        if not isinstance(value, Mapping):
            raise TranscriptError("expected an object", file=file, line=line, path=key)
        for name, fact in value.items():
            problem = _fact_problem(fact)
            if problem:
                raise TranscriptError(problem, file=file, line=line, path=f"{key}.{name}")
        parts[key] = dict(value)
    call_id = data.get("id")
    if call_id is not None and not isinstance(call_id, (str, int)):
        raise TranscriptError(f"expected a string, got {shown(call_id)}", file=file, line=line, path="id")
    return Transcript(utterances=tuple(utterances), id=str(call_id) if call_id is not None else default_id,
                      source=source, direction=direction, channel=channel, started_at=started_at, **parts)
