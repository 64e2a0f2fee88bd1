"""The data that flows through scriptcheck: transcripts in, reports out (plain frozen dataclasses)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping

AGENT = "agent"
CUSTOMER = "customer"
INBOUND = "inbound"
OUTBOUND = "outbound"
PHONE = "phone"
CHAT = "chat"
CHANNELS = (PHONE, CHAT)  # how the conversation took place: a telephone call or an online chat
SEVERITIES = ("minor", "major", "critical")  # of findings, least to most serious


@dataclass(frozen=True, slots=True)
class Utterance:
    speaker: str  # AGENT or CUSTOMER
    text: str
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True)
class Transcript:
    utterances: tuple[Utterance, ...]
    id: str = ""
    source: str = ""
    direction: str = INBOUND
    channel: str = PHONE
    started_at: datetime | None = None
    agent: Mapping[str, Any] = field(default_factory=dict)
    customer: Mapping[str, Any] = field(default_factory=dict)
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "", default_id: str = "") -> "Transcript":
        """Build a transcript from the canonical JSON shape (contracts §1); raises TranscriptError."""
        from .transcripts.canonical import transcript_from_dict

        return transcript_from_dict(data, source=source, default_id=default_id)

    def fact(self, path: str) -> Any:
        """The value of a dotted call fact such as ``customer.surname`` or ``metadata.queue`` (None if absent)."""
        head, _, rest = path.partition(".")
        if head == "direction" and not rest:
            return self.direction
        if head == "channel" and not rest:
            return self.channel
        if head == "id" and not rest:
            return self.id
        container = {"agent": self.agent, "customer": self.customer, "metadata": self.metadata}.get(head)
        if container is None or not rest:
            return None
        return container.get(rest)


@dataclass(frozen=True, slots=True)
class Closest:
    """The utterance that came nearest to a missing required phrase."""

    utterance: int
    text: str
    similarity: float


@dataclass(frozen=True, slots=True)
class Occurrence:
    utterance: int
    span: tuple[int, int]
    evidence: str


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str
    severity: str
    message: str
    utterance: int | None = None
    speaker: str | None = None
    span: tuple[int, int] | None = None
    start: float | None = None
    end: float | None = None
    evidence: str | None = None
    deduction: float = 0.0
    fine: float = 0.0
    source: str = ""
    fatal: bool = False
    closest: Closest | None = None
    occurrences: tuple[Occurrence, ...] = ()
    measured: float | None = None  # timing and fact rules: the value measured (seconds, 字/分, …)
    limit: float | None = None  # … and the limit it broke


@dataclass(frozen=True)
class Report:
    id: str
    source: str
    rules: str
    score: float
    passed: bool
    fatal: bool
    fine: float
    findings: tuple[Finding, ...]
    agent: str | None = None  # the agent's id (or name) when the transcript names one
    channel: str = PHONE  # the transcript's channel, so a batch mixing calls and chats can be told apart


@dataclass(frozen=True)
class ReadFailure:
    """A file (or one line of a JSONL file) that could not be read: reported in the same stream as results."""

    source: str
    error: str
