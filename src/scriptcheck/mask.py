"""Customer data protection (信息保密): phone, ID-card and bank-card numbers masked in every report.

Masking replaces digits with ``*`` one for one, so spans in findings still point at the same
characters of the (masked) text. The last four digits stay visible so a reviewer can tell numbers
apart; mobile numbers also keep their first three (the carrier prefix), as Chinese bills print them.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .model import Closest, Finding, Occurrence, ReadFailure, Report, Transcript

_CN_DIGITS = "零〇一二三四五六七八九幺两"
_PATTERNS = (
    # 18-digit (or old 15-digit) resident ID card numbers
    (re.compile(r"(?<![\d])\d{17}[\dXx](?![\dXx])|(?<!\d)\d{15}(?!\d)"), 0),
    # mobile numbers: 138****5678
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), 3),
    # bank cards: 12–19 digits, possibly grouped by spaces or hyphens
    (re.compile(r"(?<!\d)\d{4}(?:[ -]?\d{4}){2,3}(?:[ -]?\d{1,3})?(?!\d)"), 0),
    # landlines with an area code: 0571-8888 6666
    (re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"), 0),
    # numbers read out in Chinese numerals by ASR: 一三八一二三四五六七八
    (re.compile(f"[{_CN_DIGITS}]{{11,}}"), 3),
)


_FULL_WIDTH_DIGITS = {ord("０") + i: str(i) for i in range(10)}
# Every pattern above needs four digits or Chinese numerals in a row (``\\d`` also matches full-width
# digits): text without them, nearly all of it, is returned as it is (the same object) after one search.
_MAYBE_NUMBER = re.compile(f"[\\d{_CN_DIGITS}]{{4}}")


def mask_text(text: str) -> str:
    if not _MAYBE_NUMBER.search(text):
        return text
    # Numbers are found on a copy with full-width digits made ASCII (same length), then the
    # positions found are masked in the original text.
    probe = text.translate(_FULL_WIDTH_DIGITS)
    hidden: set[int] = set()
    for pattern, keep_start in _PATTERNS:
        for match in pattern.finditer(probe):
            hidden.update(match.start() + i for i in _hidden_positions(match.group(0), keep_start))
    if not hidden:
        return text
    return "".join("*" if i in hidden else c for i, c in enumerate(text))


def _hidden_positions(number: str, keep_start: int) -> list[int]:
    digits = [i for i, c in enumerate(number) if not c.isspace() and c != "-"]
    return digits[keep_start:-4] if len(digits) > keep_start + 4 else digits


def mask_report(report: Report | ReadFailure) -> Report | ReadFailure:
    if isinstance(report, ReadFailure):
        return replace(report, error=mask_text(report.error))
    findings = tuple(_mask_finding(f) for f in report.findings)
    if all(masked is f for masked, f in zip(findings, report.findings)):
        return report
    return replace(report, findings=findings)


def _mask_finding(finding: Finding) -> Finding:
    # mask_text returns the very same string when there is nothing to mask: copy only what changed.
    message = mask_text(finding.message)
    evidence = mask_text(finding.evidence) if finding.evidence is not None else None
    closest = _masked_closest(finding.closest) if finding.closest is not None else None
    occurrences = tuple(_masked_occurrence(o) for o in finding.occurrences)
    if (message is finding.message and evidence is finding.evidence and closest is finding.closest
            and all(new is old for new, old in zip(occurrences, finding.occurrences))):
        return finding
    return replace(finding, message=message, evidence=evidence, closest=closest, occurrences=occurrences)


def _masked_closest(closest: Closest) -> Closest:
    text = mask_text(closest.text)
    return closest if text is closest.text else Closest(closest.utterance, text, closest.similarity)


def _masked_occurrence(occurrence: Occurrence) -> Occurrence:
    evidence = mask_text(occurrence.evidence)
    return occurrence if evidence is occurrence.evidence else Occurrence(occurrence.utterance, occurrence.span, evidence)


def mask_transcript(call: Transcript) -> Transcript:
    texts = [mask_text(u.text) for u in call.utterances]
    if all(new is u.text for new, u in zip(texts, call.utterances)):
        return call
    return replace(call, utterances=tuple(replace(u, text=text) for u, text in zip(call.utterances, texts)))
