"""Checking one call against a compiled pack: pure, no I/O, safe to run in any process."""
from __future__ import annotations

from itertools import chain

from .checks import RULE_TYPES, CallContext
from .errors import PackTypeError, TranscriptTypeError
from .model import Finding, Report, Transcript
from .pack.rulepack import RulePack
from .scoring import score
from .text import normalize_many

# Types whose findings are merged across their rules before reporting (e.g. nested forbidden hits dropped).
_MERGED = {name: kind.merge_findings for name, kind in RULE_TYPES.items() if kind.merge_findings is not None}


def check(transcript: Transcript, pack: RulePack) -> Report:
    """Score ``transcript`` with ``pack``: every finding with its evidence, the score, pass/fail and fines.

    Raises TranscriptTypeError when ``transcript`` is not a Transcript and PackTypeError when ``pack`` is
    not a RulePack (each a TypeError and a ScriptcheckError); a Transcript checked its own fields when it
    was built.
    """
    if not isinstance(transcript, Transcript):
        raise TranscriptTypeError(f"check() expects a scriptcheck.Transcript (read_transcript, Transcript.from_dict), "
                                  f"got {type(transcript).__name__}")
    if not isinstance(pack, RulePack):
        raise PackTypeError(f"check() expects a scriptcheck.RulePack (load_rules), got {type(pack).__name__}")
    call = prepare(transcript, pack)
    # The rules that need hits run only where one of their firing phrases was said: most of them,
    # most calls, are not even looked at.
    # Whatever the condition of a rule asks about the channel, the direction and the timing was answered
    # when the pack was loaded; only the rules that can still apply are visited, with the rest of it.
    gate = pack.gates.get((transcript.channel, transcript.direction, call.derived("timed")), pack.ungated)
    fired, rules, whens = call.fired, pack.rules, gate.when
    findings: list[Finding] = []
    merged: dict[str, list[Finding]] = {}
    runnable = gate.unconditional
    if fired:
        fired = fired.intersection(gate.possible)
        if fired:
            runnable = sorted(fired.union(runnable))
    for index in runnable:
        when = whens[index]
        if when is not None and not when.applies(call):
            continue
        rule = rules[index]
        produced = rule.check(call, index)
        if produced:
            if rule.type in _MERGED:
                merged.setdefault(rule.type, []).extend(produced)
            else:
                findings.extend(produced)
    for kind, produced in merged.items():
        findings.extend(_MERGED[kind](produced))
    findings.sort(key=_reading_order)
    outcome = score(findings, pack.scoring, pack.caps)
    agent = transcript.agent.get("id") or transcript.agent.get("name")
    return Report(id=transcript.id, source=transcript.source, rules=pack.label, score=outcome.score,
                  passed=outcome.passed, fatal=outcome.fatal, fine=outcome.fine, findings=outcome.findings,
                  agent=str(agent) if agent not in (None, "") else None, channel=transcript.channel)


def prepare(transcript: Transcript, pack: RulePack) -> CallContext:
    """The call as every rule reads it: normalised texts and the automaton's hits grouped by rule."""
    normalized = normalize_many([u.text for u in transcript.utterances])
    hits_by_rule, found = pack.index.hand_out(normalized, pack.listeners)
    fires = pack.fires
    fired = set(chain.from_iterable(map(fires.__getitem__, found)))
    return CallContext(transcript, normalized, hits_by_rule, pack.scenes, fired)


def _reading_order(finding: Finding) -> tuple:
    # Findings about the whole call (missing phrases) come after those tied to an utterance.
    utterance = finding.utterance if finding.utterance is not None else 1 << 30
    span = finding.span or (0, 0)
    return (utterance, span[0], finding.rule)
