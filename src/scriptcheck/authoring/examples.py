"""``rules test``: run every rule's embedded examples — a ``hit`` must produce a finding, a ``pass`` none.

Examples are plain-text dialogues (``客服:…`` lines, ``# key: value`` headers). An example of script
lines may leave out the speaker labels: its unlabelled lines are then read as the agent's.
"""
from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Iterator

from ..checks.base import Rule
from ..engine import check
from ..errors import TranscriptError
from ..model import Transcript
from ..pack.rulepack import RulePack
from ..transcripts.canonical import speaker_of
from ..transcripts.text_reader import read_text
from .context import judge
from .explain import verdict

KINDS = ("hit", "pass")
_AGENT_LABEL = "客服:"
_LABEL = re.compile(r"^\s*(?:\[[^\]]*\]\s*)?([^:：]{1,20}?)\s*[:：]")
_HEADER_OR_COMMENT = re.compile(r"^\s*#")
# read_text's complaints about a line that does not start with a known speaker
_LABEL_PROBLEMS = ("expected 'SPEAKER: text'", "unknown speaker")


@dataclass(frozen=True)
class Outcome:
    """One example of a rule, an intent or a scene, and whether it holds."""

    subject: str  # what the example belongs to: "closing.inbound", "intent thanks", "scene callback"
    kind: str  # "hit" or "pass"
    number: int  # position in the rule's list of that kind
    text: str
    problem: str = ""  # empty when the example holds
    details: list[str] = field(default_factory=list)  # why it does not hold

    @property
    def passed(self) -> bool:
        return not self.problem

    @property
    def name(self) -> str:
        return f"{self.subject} {self.kind}[{self.number}]"


def count_examples(pack: RulePack) -> int:
    return sum(len(rule.examples.get(kind, ())) for rule in pack.rules for kind in KINDS)


def run_examples(pack: RulePack) -> Iterator[Outcome]:
    for rule in pack.rules:
        for kind in KINDS:
            for number, text in enumerate(rule.examples.get(kind, ())):
                yield run_example(pack, rule, kind, number, text)


def run_example(pack: RulePack, rule: Rule, kind: str, number: int, text: str) -> Outcome:
    source = f"{pack.name}:{rule.id}:{kind}[{number}]"
    try:
        call = read_example(text, source)
    except TranscriptError as exc:
        return Outcome(rule.id, kind, number, text, f"cannot read the example: {exc}")
    fired = [f for f in check(call, pack).findings if f.rule == rule.id]
    if kind == "hit" and not fired:
        problem = "expected a finding, got none"
    elif kind == "pass" and fired:
        problem = f"expected no finding, got {len(fired)}"
    else:
        return Outcome(rule.id, kind, number, text)
    return Outcome(rule.id, kind, number, text, problem, verdict(judge(pack, rule, call)))


def read_example(text: str, source: str) -> Transcript:
    """A dialogue; or script lines without speaker labels, read as the agent's (headers kept)."""
    text = textwrap.dedent(text).strip("\n")
    try:
        return read_text(text, source, "example")
    except TranscriptError as exc:
        if not exc.message.startswith(_LABEL_PROBLEMS):
            raise
        return read_text(_label_agent_lines(text, exc), source, "example")


def _label_agent_lines(text: str, problem: TranscriptError) -> str:
    lines = text.splitlines()
    labelled = [_has_speaker(line) for line in lines]
    dialogue = any(labelled)
    out = []
    for line, has_speaker in zip(lines, labelled):
        if not line.strip() or has_speaker or _HEADER_OR_COMMENT.match(line):
            out.append(line)
        elif dialogue and _LABEL.match(line):
            raise problem  # a mistyped label in a dialogue, not a script line
        else:
            out.append(_AGENT_LABEL + line.strip())
    return "\n".join(out)


def _has_speaker(line: str) -> bool:
    label = _LABEL.match(line)
    return bool(label) and speaker_of(label.group(1)) is not None
