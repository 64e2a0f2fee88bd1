"""The data that flows through scriptcheck: transcripts in, reports out (plain frozen dataclasses).

``Utterance`` and ``Transcript`` check their fields when built, so that a call a program puts together
by hand is refused there with a TranscriptError naming the field, as a file would be by its reader.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping

from .errors import TranscriptError, shown
from .numbers import FLOAT_BOUND, MAX_NUMBER, is_number, number_problem

AGENT = "agent"
CUSTOMER = "customer"
INBOUND = "inbound"
OUTBOUND = "outbound"
PHONE = "phone"
CHAT = "chat"
CHANNELS = (PHONE, CHAT)  # how the conversation took place: a telephone call or an online chat
SEVERITIES = ("minor", "major", "critical")  # of findings, least to most serious
DIRECTIONS = (INBOUND, OUTBOUND)
_SPEAKERS = (AGENT, CUSTOMER)
_MAX_SECONDS = float(MAX_NUMBER)


@dataclass(frozen=True, slots=True)
class Utterance:
    """One turn of the conversation: who spoke (``agent`` or ``customer``), what was said, and when.

    ``start`` and ``end`` are seconds from the start of the call (None when the source has no times);
    ``end`` is never before ``start``. Findings name an utterance by its index in the transcript.
    """

    speaker: str  # AGENT or CUSTOMER
    text: str
    start: float | None = None
    end: float | None = None

    def __post_init__(self) -> None:
        start, end = self.start, self.end
        # The usual utterance passes these few tests; anything else is looked at closely below.
        if (self.speaker in _SPEAKERS and type(self.text) is str
                and (start is None or type(start) is float and 0 <= start <= _MAX_SECONDS)
                and (end is None or type(end) is float and 0 <= end <= _MAX_SECONDS)
                and (start is None or end is None or start <= end)):
            return
        _check_utterance(self)


@dataclass(frozen=True)
class Transcript:
    """One call or chat as the engine reads it: its utterances in order, and what is known about it.

    ``id`` names the call in reports (file name or the source's own id); ``source`` is the file it came
    from. ``direction`` (inbound/outbound) and ``channel`` (phone/chat) decide which rules apply;
    ``started_at`` (timezone-aware) gives the day and time of day for calendar rules. ``agent``,
    ``customer`` and ``metadata`` are free mappings read by rule conditions (``customer.surname``,
    ``metadata.queue``); see ``fact``. Build one with ``read_transcript`` or ``Transcript.from_dict``.
    """

    utterances: tuple[Utterance, ...]
    id: str = ""
    source: str = ""
    direction: str = INBOUND
    channel: str = PHONE
    started_at: datetime | None = None
    agent: Mapping[str, Any] = field(default_factory=dict)
    customer: Mapping[str, Any] = field(default_factory=dict)
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_transcript(self)

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
    """One occurrence counted by a count rule: its utterance, its span in the original text, its text."""

    utterance: int
    span: tuple[int, int]
    evidence: str


@dataclass(frozen=True)
class Finding:
    """One violation of one rule, with the evidence a reviewer needs to check it.

    ``rule``, ``category``, ``severity`` and ``source`` (the standard's file and section) come from the
    rule; ``message`` quotes the standard. ``utterance``, ``speaker``, ``span`` (characters of the
    utterance's original text), ``start``/``end`` (seconds, for timing findings the interval measured)
    and ``evidence`` (the text matched) say where; they are None for a finding about the whole call,
    such as a missing phrase, which carries ``closest`` instead: the utterance that came nearest and its
    similarity. ``deduction`` (points) and ``fine`` (元) are after the rule's caps; ``fatal`` zeroes the
    call. A count finding lists its ``occurrences``; timing and fact findings give ``measured`` and the
    ``limit`` it broke.
    """

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
    """The result of checking one call: its score out of the pack's base, whether it passed the pass
    mark, whether a fatal rule failed (一票否决), its fines in 元, and every finding in reading order.

    ``rules`` names the pack (and version) that scored it; ``agent`` and ``channel`` are copied from the
    transcript so that results can be grouped without the input.
    """

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


def _refuse(message: str, path: str) -> TranscriptError:
    return TranscriptError(message, path=path)


def _check_utterance(said: Utterance) -> None:
    if not isinstance(said.speaker, str) or said.speaker not in _SPEAKERS:
        raise _refuse(f"expected 'agent' or 'customer', got {shown(said.speaker)}", "speaker")
    if not isinstance(said.text, str):
        raise _refuse(f"expected a string, got {shown(said.text)}", "text")
    for name in ("start", "end"):
        value = getattr(said, name)
        if value is None:
            continue
        if not is_number(value) or number_problem(value) or value < 0:
            raise _refuse(f"expected None or a non-negative number of seconds up to 10^15, got {shown(value)}", name)
        object.__setattr__(said, name, float(value))
    if said.start is not None and said.end is not None and said.end < said.start:
        raise _refuse(f"end {said.end} is before start {said.start}", "end")


def _check_transcript(call: Transcript) -> None:
    utterances = call.utterances
    if isinstance(utterances, list):
        utterances = tuple(utterances)
        object.__setattr__(call, "utterances", utterances)
    if not isinstance(utterances, tuple):
        raise _refuse(f"expected a tuple of Utterance, got {type(utterances).__name__}", "utterances")
    for i, said in enumerate(utterances):
        if not isinstance(said, Utterance):
            raise _refuse(f"expected an Utterance, got {type(said).__name__}", f"utterances[{i}]")
    if call.direction not in DIRECTIONS:
        raise _refuse(f"direction must be inbound or outbound, got {shown(call.direction)}", "direction")
    if call.channel not in CHANNELS:
        raise _refuse(f"channel must be phone or chat, got {shown(call.channel)}", "channel")
    for name in ("id", "source"):
        if not isinstance(getattr(call, name), str):
            raise _refuse(f"expected a string, got {shown(getattr(call, name))}", name)
    if call.started_at is not None and not isinstance(call.started_at, datetime):
        raise _refuse(f"expected a datetime or None, got {shown(call.started_at)}", "started_at")
    for name in ("agent", "customer", "metadata"):
        facts = getattr(call, name)
        if not isinstance(facts, Mapping):
            raise _refuse(f"expected a mapping, got {shown(facts)}", name)
        for key, value in facts.items():
            if is_number(value) and (problem := number_problem(value, bound=FLOAT_BOUND)):
                raise _refuse(problem, f"{name}.{key}")
