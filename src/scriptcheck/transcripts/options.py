"""How to read inputs that are not self-describing: CSV column mapping, ASR speaker mapping, format."""
from __future__ import annotations

from dataclasses import dataclass, field

INPUT_FORMATS = ("json", "jsonl", "text", "csv", "tsv", "aliyun", "tencent", "funasr", "whisper", "srt", "vtt")
CSV_FIELDS = ("call", "speaker", "text", "start", "end", "agent")


@dataclass(frozen=True)
class ReadOptions:
    """What a transcript file cannot say about itself: its format, CSV/TSV columns and speaker values, the
    ASR channel that is the agent, and the direction and channel of calls whose format has none.
    Passed to ``read_transcript`` and ``iter_file``; the command line builds one from its flags."""

    # None: by file extension, and for .json by content (canonical, aliyun, tencent, funasr, whisper).
    input_format: str | None = None
    # CSV/TSV: field -> column index (int) or header name (str); needs at least speaker and text.
    # ``agent`` is the agent's id (工号), shown in per-agent summaries.
    columns: dict[str, int | str] = field(default_factory=dict)
    agent_value: str | None = None  # CSV/TSV: the speaker column's value for the agent
    customer_value: str | None = None  # … and for the customer
    # Vendor ASR: the channel / speaker id that is the agent. None: whoever speaks first is the agent
    # (an agent answers an inbound call first; Alibaba: "通常先发言一方ChannelId为0").
    agent_speaker: str | None = None
    direction: str | None = None  # a direction for calls whose format cannot say (ASR output, CSV)
    channel: str | None = None  # phone or chat, for calls whose format cannot say (CSV, ASR output, subtitles)
