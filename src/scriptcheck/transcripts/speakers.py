"""From ASR sentences to a canonical transcript: who is the agent, time units, pieces of text.

Every ASR and subtitle reader turns its vendor's shape into ``Sentence`` values (raw speaker id, text,
seconds, the key path for errors) and hands them to ``transcript_from_sentences``, which sorts them by
start time, drops empty ones, maps speaker ids to roles and validates through ``transcript_from_dict``.

ASR speaker ids are channel numbers or cluster labels (``0``, ``1``, ``SPEAKER_00``) that say nothing
about roles, so roles are assigned like this:

- ``ReadOptions.agent_speaker`` set: the utterances whose id equals it (compared as strings) are the
  agent's; an id that is itself a speaker alias (``客服``, ``agent``, ``A``, ``客户``, …) keeps its role;
  every other id is a customer. An ``agent_speaker`` that never occurs is an error listing the ids that do.
- Otherwise an alias id keeps its role, and the first other id to speak is the agent (the agent answers
  an inbound call; Alibaba's channel splitting numbers the first speaker 0) unless an alias already names
  the agent; every remaining id is a customer. On an outbound call (``--direction outbound``) the
  customer answers the phone first (「喂？」), so there the second id to speak is the agent.
- An utterance without an id continues the speaker before it (subtitle cues split one turn over several
  cues); utterances before the first id take the first id's role.
- When no utterance carries any speaker information at all (plain Whisper, FunASR without a speaker
  model, unlabelled subtitles) every utterance is the agent's: such files are usually a single-channel
  recording of the agent's side, and the agent's script is what the rules check.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from ..errors import TranscriptError
from ..model import AGENT, CUSTOMER, Transcript
from ..numbers import is_number, number_problem
from .canonical import plain, shown, speaker_of, transcript_from_dict
from .options import ReadOptions

MILLISECONDS = "milliseconds"
SECONDS = "seconds"
_FIRST_WIDE_CHARACTER = 0x2E80  # CJK radicals onward: Chinese characters and full-width punctuation


@dataclass(frozen=True, slots=True)
class Sentence:
    speaker: str | None  # the vendor's raw speaker id, None when unknown
    text: str
    start: float | None  # seconds
    end: float | None
    where: str  # key path (or line) in the vendor file, for errors


def speaker_id(value: Any) -> str | None:
    """A raw speaker id as the string users pass to ``--agent-speaker`` (``0`` for 0 and 0.0)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def to_seconds(value: Any, unit: str, path: str, source: str) -> float:
    """A vendor time in ``unit`` as seconds; anything but a non-negative number is an error naming ``path``."""
    if not is_number(value) or not value >= 0:  # not a number, negative or NaN
        got = "nothing" if value is None else shown(value)
        raise TranscriptError(f"expected {unit} (a non-negative number), got {got}", file=source, path=path)
    if number_problem(value):
        raise TranscriptError(f"expected at most 10^15 {unit}, got {shown(value)}", file=source, path=path)
    return value / 1000 if unit == MILLISECONDS else float(value)


def text_at(value: Any, path: str, source: str) -> str:
    """A sentence's text; a missing one counts as empty (and is dropped), a non-string is an error."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TranscriptError(f"expected a string, got {shown(value)}", file=source, path=path)
    return value


def join_pieces(pieces: Iterable[str]) -> str:
    """Join words or subtitle lines: no space next to a Chinese character, one between other words."""
    joined = ""
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        if joined and ord(joined[-1]) < _FIRST_WIDE_CHARACTER and ord(piece[0]) < _FIRST_WIDE_CHARACTER:
            joined += " "
        joined += piece
    return joined


def transcript_from_sentences(sentences: Iterable[Sentence], *, source: str, stem: str,
                              options: ReadOptions) -> Transcript:
    spoken = [s for s in sentences if s.text.strip()]
    if not spoken:
        raise TranscriptError("no utterances: the result has no recognised text", file=source)
    for sentence in spoken:
        if sentence.start is not None and sentence.end is not None and sentence.end < sentence.start:
            raise TranscriptError(f"ends ({sentence.end:g} s) before it starts ({sentence.start:g} s)", file=source,
                                  path=sentence.where)
    if all(s.start is not None for s in spoken):
        # Two-channel results list each channel's sentences separately; the call is their interleaving.
        spoken.sort(key=lambda s: s.start)
    roles = assign_roles([s.speaker for s in spoken], options, source)
    utterances = [{"speaker": role, "text": s.text.strip(), "start": s.start, "end": s.end}
                  for role, s in zip(roles, spoken)]
    return transcript_from_dict({"utterances": utterances}, source=source, default_id=stem)


def assign_roles(raw_ids: Sequence[str | None], options: ReadOptions, source: str) -> list[str]:
    """``agent``/``customer`` for each utterance's raw speaker id (rules in the module docstring)."""
    occurring = list(dict.fromkeys(i for i in raw_ids if i is not None))
    agent_id = speaker_id(options.agent_speaker)
    if agent_id is not None and agent_id not in occurring:
        found = ", ".join(map(plain, occurring[:10])) + (", …" if len(occurring) > 10 else "") if occurring \
            else "none (the file has no speaker information)"
        raise TranscriptError(f"agent speaker {shown(agent_id)} does not occur; speaker ids in this file: {found}",
                              file=source)
    if not occurring:
        return [AGENT] * len(raw_ids)
    role_of = _role_of_ids(occurring, agent_id, outbound=options.direction == "outbound")
    first_known = role_of[occurring[0]]
    roles: list[str] = []
    for raw in raw_ids:
        roles.append(role_of[raw] if raw is not None else (roles[-1] if roles else first_known))
    return roles


def _role_of_ids(ids: list[str], agent_id: str | None, outbound: bool = False) -> dict[str, str]:
    named = {i: speaker_of(i) for i in ids}
    if agent_id is None and AGENT not in named.values():
        unnamed = [i for i in ids if named[i] is None]
        agent_id = (unnamed[1] if outbound and len(unnamed) > 1 else unnamed[0]) if unnamed else None
    return {i: AGENT if i == agent_id else named[i] or CUSTOMER for i in ids}
