"""Customer data protection (信息保密): phone, ID-card and bank-card numbers masked in every report.

Masking replaces digits with ``*`` one for one, so spans in findings still point at the same
characters of the (masked) text. The last four digits stay visible so a reviewer can tell numbers
apart; mobile numbers also keep their first three (the carrier prefix), as Chinese bills print them,
and the country code when one is written (``+86 138 **** 5678``).

A report is masked whole: every field that can hold what a customer said or who they are — call id,
file name, agent id, error text, messages, evidence, closest candidates — not only the findings. In
names (call ids, file names, agent ids) only the numbers that name a person are masked: phone numbers
and ID-card numbers with a real birth date. Call-centre systems number calls with dates and sequence
numbers (``ib-20240115-0214``) that read like bank-card digits; masked, a report would no longer lead
to its call.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .model import Closest, Finding, Occurrence, ReadFailure, Report, Transcript

CN_DIGITS = "零〇一二三四五六七八九幺两"  # Chinese numerals as ASR writes digits read out (幺 = 1)
# 18-digit (or old 15-digit) resident ID card numbers
_ID_CARD = (re.compile(r"(?<![\d])\d{17}[\dXx](?![\dXx])|(?<!\d)\d{15}(?!\d)"), 0)
# … with a birth date that can be one: 6 digits of region, (19)900307, sequence (and check digit)
BIRTH_DAY = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_DATED_ID_CARD = (re.compile(rf"(?<!\d)\d{{6}}(?:18|19|20)\d{{2}}{BIRTH_DAY}\d{{3}}[\dXx](?![\dXx])"
                             rf"|(?<!\d)\d{{8}}{BIRTH_DAY}\d{{3}}(?!\d)"), 0)
# mobile numbers, as people write them: 138****5678, 138 **** 5678, 138-****-5678, +86 138 **** 5678
_MOBILE = (re.compile(r"(?<!\d)(?:(?:\+|00)86[ \u3000-]?)?(?P<number>1[3-9]\d(?:[ \u3000-]?\d{4}){2})(?!\d)"), 3)
# bank cards: 12–19 digits, possibly grouped by spaces or hyphens
_BANK_CARD = (re.compile(r"(?<!\d)\d{4}(?:[ -]?\d{4}){2,3}(?:[ -]?\d{1,3})?(?!\d)"), 0)
# landlines with an area code: 0571-8888 6666
_LANDLINE = (re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"), 0)
# numbers read out in Chinese numerals by ASR: 一三八一二三四五六七八
_CN_NUMERALS = (re.compile(f"[{CN_DIGITS}]{{11,}}"), 3)

_PATTERNS = (_ID_CARD, _MOBILE, _BANK_CARD, _LANDLINE, _CN_NUMERALS)
_NAME_PATTERNS = (_DATED_ID_CARD, _MOBILE, _LANDLINE, _CN_NUMERALS)


_FULL_WIDTH_DIGITS = {ord("０") + i: str(i) for i in range(10)}
_FULL_WIDTH = re.compile("[０-９]")
# Every pattern above needs four digits or Chinese numerals in a row (``\\d`` also matches full-width
# digits): text without them, nearly all of it, is returned as it is (the same object) after one search.
_MAYBE_NUMBER = re.compile(f"[\\d{CN_DIGITS}]{{4}}")


def mask_text(text: str) -> str:
    """What was said, a message, an error: every phone, ID-card and bank-card number masked."""
    return _masked(text, _PATTERNS)


def mask_name(text: str) -> str:
    """A call id, a file name or an agent id: the phone and ID-card numbers in it masked."""
    return _masked(text, _NAME_PATTERNS)


def _masked(text: str, patterns: tuple) -> str:
    if not _MAYBE_NUMBER.search(text):
        return text
    # Numbers are found on a copy with full-width digits made ASCII (same length), then the
    # positions found are masked in the original text.
    probe = text.translate(_FULL_WIDTH_DIGITS) if _FULL_WIDTH.search(text) else text
    hidden: set[int] = set()
    for pattern, keep_start in patterns:
        group = "number" if "number" in pattern.groupindex else 0
        for match in pattern.finditer(probe):
            hidden.update(match.start(group) + i for i in _hidden_positions(match.group(group), keep_start))
    if not hidden:
        return text
    return "".join("*" if i in hidden else c for i, c in enumerate(text))


def _hidden_positions(number: str, keep_start: int) -> list[int]:
    digits = [i for i, c in enumerate(number) if not c.isspace() and c != "-"]
    return digits[keep_start:-4] if len(digits) > keep_start + 4 else digits


def mask_report(report: Report | ReadFailure) -> Report | ReadFailure:
    if isinstance(report, ReadFailure):
        return _masked_failure(report)
    call_id, source = mask_name(report.id), mask_name(report.source)
    agent = mask_name(report.agent) if report.agent is not None else None
    findings = tuple(_mask_finding(f) for f in report.findings)
    if (call_id is report.id and source is report.source and agent is report.agent
            and all(masked is f for masked, f in zip(findings, report.findings))):
        return report
    return replace(report, id=call_id, source=source, agent=agent, findings=findings)


def _masked_failure(failure: ReadFailure) -> ReadFailure:
    # The error starts with the file's name: masked as the name is, so the two read alike.
    source, error = failure.source, failure.error
    if source and error.startswith(source):
        return ReadFailure(mask_name(source), mask_name(source) + mask_text(error[len(source):]))
    return ReadFailure(mask_name(source), mask_text(error))


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
    """The call's utterances, id and file name masked (what a report shows of a transcript)."""
    texts = [mask_text(u.text) for u in call.utterances]
    call_id, source = mask_name(call.id), mask_name(call.source)
    if call_id is call.id and source is call.source and all(new is u.text for new, u in zip(texts, call.utterances)):
        return call
    return replace(call, id=call_id, source=source,
                   utterances=tuple(replace(u, text=text) for u, text in zip(call.utterances, texts)))
