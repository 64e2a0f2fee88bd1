"""What every rule type shares: common options, the compiled rule, and the per-call context."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence, Set as AbstractSet
from dataclasses import dataclass, field
from itertools import islice
from operator import le
from typing import Any, Protocol

from ..callfacts import derived_fact
from ..conditions import Condition
from ..model import AGENT, CUSTOMER, SEVERITIES, Finding, Transcript
from ..schema import Option, non_negative
from ..text import offsets, original_span, sentence_breaks

SPEAKERS = (AGENT, CUSTOMER, "any")
_RULE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _rule_id(value: str) -> str | None:
    return None if _RULE_ID.match(value) else "rule id may contain letters, digits, '.', '_' and '-'"


COMMON_OPTIONS: dict[str, Option] = {
    "id": Option(str, required=True, check=_rule_id, doc="stable rule id"),
    "type": Option(str, required=True, doc="rule type"),
    "category": Option(str, required=True, doc="finding category"),
    "severity": Option(str, default="major", choices=SEVERITIES, doc="minor, major or critical"),
    "message": Option(str, required=True, doc="Chinese message quoting the standard"),
    "source": Option(str, default="", doc="standard file and section"),
    "speaker": Option(str, default=AGENT, choices=SPEAKERS, doc="whose utterances the rule reads"),
    "when": Option(dict, doc="call facts the rule applies to"),
    "deduction": Option(float, check=non_negative, doc="points per finding (default: by severity)"),
    "max_deduction": Option(float, check=non_negative, doc="cap on the rule's deduction per call"),
    "fine": Option(float, default=0.0, check=non_negative, doc="fine in 元 per finding"),
    "max_fine": Option(float, check=non_negative, doc="cap on the rule's total fine per call"),
    "fatal": Option(bool, default=False, doc="a finding zeroes the score and fails the call"),
    "examples": Option(dict, doc="hit / pass example dialogues"),
    "disabled": Option(bool, default=False, doc="switch the rule off"),
}


@dataclass(frozen=True)
class Rule:
    """Fields common to every compiled rule; each rule type subclasses it and implements ``check``."""

    id: str
    type: str
    category: str
    severity: str
    message: str
    source: str
    speaker: str
    when: Condition | None
    deduction: float
    max_deduction: float | None
    fine: float
    max_fine: float | None
    fatal: bool
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def literals(self) -> list[tuple[str, str, int | None]]:
        """(normalised literal, role, phrase index) to put in the pack's automaton."""
        return []

    def firing_role(self) -> str | None:
        """The role (see ``literals``) of the phrases without which the rule cannot fire, or None.

        The engine skips the rule outright for a call in which the automaton found none of them — most
        rules, most calls; hits of its other phrases (answers, exceptions) alone do not make it run.
        """
        return None

    def applies(self, call: "CallContext") -> bool:
        return self.when is None or self.when.applies(call)

    def check(self, call: "CallContext", index: int) -> list[Finding]:
        raise NotImplementedError

    def finding(self, call: "CallContext", message: str, utterance: int | None = None,
                span: tuple[int, int] | None = None, **extra: Any) -> Finding:
        """A finding of this rule with the evidence of ``utterance``/``span`` (original-text span)."""
        speaker = start = end = evidence = None
        if utterance is not None:
            said = call.transcript.utterances[utterance]
            speaker, start, end = said.speaker, said.start, said.end
            if span is not None:
                evidence = said.text[span[0]:span[1]]
        # Timing findings name the interval they measured rather than the utterance's own times.
        start = extra.pop("start", start)
        end = extra.pop("end", end)
        return Finding(rule=self.id, category=self.category, severity=self.severity, message=message,
                       utterance=utterance, speaker=speaker, span=span, start=start, end=end,
                       evidence=evidence, deduction=self.deduction, fine=self.fine, source=self.source,
                       fatal=self.fatal, **extra)


class SceneDetector(Protocol):
    def detect(self, call: "CallContext") -> frozenset[str]: ...


class CallContext:
    """One call being checked: normalised texts, automaton hits grouped by rule, lazy offset maps."""

    def __init__(self, transcript: Transcript, normalized: list[str],
                 hits_by_rule: dict[int, list[tuple[int, str, int | None, int, int]]],
                 scenes: SceneDetector | None = None, fired: AbstractSet[int] = frozenset()) -> None:
        self.transcript = transcript
        self.fired = fired  # the rules that a phrase of their firing role was found for
        self._scene_detector = scenes
        self._scenes: frozenset[str] | None = None
        self.normalized = normalized
        self.hits_by_rule = hits_by_rule  # rule index -> (utterance, role, phrase index, start, end)
        self._offsets: dict[int, Sequence[int]] = {}
        self._derived: dict[str, object] = {}
        self.memo: dict[object, Any] = {}  # per-call scratch space for rule types (e.g. fuzzy scores)
        self._timed: list[int] | None = None
        by_speaker: dict[str, list[int]] = {AGENT: [], CUSTOMER: []}
        for i, said in enumerate(transcript.utterances):
            by_speaker[said.speaker].append(i)
        by_speaker["any"] = list(range(len(transcript.utterances)))
        self.by_speaker = by_speaker

    def fact(self, path: str) -> Any:
        return self.transcript.fact(path)

    def once(self, key: object, compute: Callable[[], Any]) -> Any:
        """``compute()``, worked out on the first request for ``key`` in this call and kept for the others."""
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = compute()
        return found

    def joined(self, speaker: str) -> str:
        """The normalised utterances of ``speaker`` joined by newlines (which no phrase contains)."""
        key = ("joined", speaker)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = "\n".join(self.normalized[u] for u in self.by_speaker[speaker])
        return found

    @staticmethod
    def line_at(joined: str, at: int) -> tuple[int, int]:
        """For offset ``at`` of a ``joined`` text: the place of its utterance among those joined, and where
        that utterance starts in it."""
        return joined.count("\n", 0, at), joined.rfind("\n", 0, at) + 1

    def speaker_set(self, speaker: str) -> frozenset[int]:
        """The utterances of ``speaker`` (agent, customer or any) as a set, built once per call."""
        key = ("speaker set", speaker)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = frozenset(self.by_speaker[speaker])
        return found

    def derived(self, name: str) -> object:
        """A derived call fact (customer_silent, timed, day, time_of_day), computed once per call."""
        if name not in self._derived:
            self._derived[name] = derived_fact(self.transcript, name, self.normalized)
        return self._derived[name]

    def scenes(self) -> frozenset[str]:
        """The pack's scenes this call is in, detected on first use (``when: {scene: …}``)."""
        if self._scenes is None:
            detector = self._scene_detector
            self._scenes = detector.detect(self) if detector is not None else frozenset()
        return self._scenes

    def timed_in_order(self) -> list[int]:
        """Utterances with both start and end, by start time (ties keep transcript order).

        Vendor ASR output may list the two channels' sentences out of time order; timing rules read the
        call as it happened, while findings still name utterances by their index in the transcript.
        """
        if self._timed is None:
            utterances = self.transcript.utterances
            timed = [i for i, u in enumerate(utterances) if u.start is not None and u.end is not None]
            starts = [utterances[i].start for i in timed]
            # Most transcripts are already in time order: checked in one pass, no sort needed.
            in_order = all(map(le, starts, islice(starts, 1, None)))
            self._timed = timed if in_order else sorted(timed, key=lambda i: (utterances[i].start, i))
        return self._timed

    def breaks(self, utterance: int) -> tuple[int, ...]:
        """Where the utterance's sentences end, in its normalised text (see ``text.sentence_breaks``)."""
        key = ("breaks", utterance)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = sentence_breaks(self.transcript.utterances[utterance].text)
        return found

    def span(self, utterance: int, start: int, end: int) -> tuple[int, int]:
        """Original-text span of the normalised range ``[start, end)`` of an utterance."""
        mapping = self._offsets.get(utterance)
        if mapping is None:
            mapping = self._offsets[utterance] = offsets(self.transcript.utterances[utterance].text)
        return original_span(self.transcript.utterances[utterance].text, start, end, mapping)


_FIELD = re.compile(r"\{([^{}]*)\}")


def message_problem(message: str, allowed: tuple[str, ...]) -> str | None:
    """Why a message template is invalid (a placeholder the rule type cannot fill), or None."""
    for name in _FIELD.findall(message):
        if name not in allowed:
            return (f"message placeholder {{{name}}} is not available here "
                    f"(use {', '.join('{' + a + '}' for a in allowed) or 'none'})")
    return None


def format_message(message: str, **values: Any) -> str:
    return _FIELD.sub(lambda m: str(values.get(m.group(1), m.group(0))), message)
