"""One failing call in the html report: its transcript with every finding marked in place, and its findings."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..model import Finding, ReadFailure, Report, Transcript, Utterance
from .html_text import (NUMERIC, SEVERITY_LABELS, Column, agent_label, amount, clock, esc, money, speaker_label,
                        table, table_row)

# Most serious first: a stretch of text covered by several findings is coloured by the worst of them.
_LEVELS = ("fatal", "critical", "major", "minor")
_STANDARD_MARKER = "标准："


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    rule: str
    note: str
    level: str


def finding_level(finding: Finding) -> str:
    if finding.fatal:
        return "fatal"
    return finding.severity if finding.severity in _LEVELS else "minor"


def _finding_note(finding: Finding) -> str:
    return f"{finding.rule}（{finding.category}）：{finding.message}"


def _places(finding: Finding) -> list[tuple[int, tuple[int, int] | None]]:
    """Every (utterance, span) a finding points at: its own place and those of its occurrences."""
    places: list[tuple[int, tuple[int, int] | None]] = []
    if finding.utterance is not None:
        places.append((finding.utterance, finding.span))
    places.extend((occurrence.utterance, occurrence.span) for occurrence in finding.occurrences)
    return list(dict.fromkeys(places))


def highlights_by_utterance(findings: tuple[Finding, ...]) -> tuple[dict[int, list[Highlight]],
                                                                    dict[int, list[Finding]]]:
    """The marks to draw in each utterance, and the findings that concern each utterance."""
    marks: dict[int, list[Highlight]] = {}
    concerned: dict[int, list[Finding]] = {}
    for finding in findings:
        for utterance, span in _places(finding):
            if finding not in concerned.setdefault(utterance, []):
                concerned[utterance].append(finding)
            if span is not None:
                marks.setdefault(utterance, []).append(
                    Highlight(span[0], span[1], finding.rule, _finding_note(finding), finding_level(finding)))
    return marks, concerned


def highlighted_text(text: str, highlights: list[Highlight]) -> str:
    """``text`` escaped, with each highlight as a ``<mark>``.

    Overlapping spans cannot nest as elements, so the text is cut at every span boundary and each piece
    is marked with all the findings that cover it.
    """
    spans = []
    for highlight in highlights:
        start = min(max(highlight.start, 0), len(text))
        end = min(max(highlight.end, start), len(text))
        if start < end:
            spans.append((start, end, highlight))
    cuts = sorted({0, len(text)} | {s for s, _, _ in spans} | {e for _, e, _ in spans})
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [h for s, e, h in spans if s <= start and end <= e]
        piece = esc(text[start:end])
        if not covering:
            pieces.append(piece)
            continue
        level = min((h.level for h in covering), key=_LEVELS.index)
        classes = level + (" overlap" if len(covering) > 1 else "")
        title = "\n".join(dict.fromkeys(h.note for h in covering))
        rules = " ".join(dict.fromkeys(h.rule for h in covering))
        pieces.append(f'<mark class="{classes}" data-rules="{esc(rules)}" title="{esc(title)}">{piece}</mark>')
    return "".join(pieces)


def _message_html(message: str) -> str:
    # Messages end with the quoted service standard; set it apart so the finding itself reads first.
    head, marker, standard = message.partition(_STANDARD_MARKER)
    if not marker or not head:
        return esc(message)
    return f'{esc(head)}<span class="standard">{esc(marker + standard)}</span>'


def _utterance_ref(anchor: str, index: int, shown: int, speaker: str | None = None) -> str:
    """``#index 客服``, linked to the utterance when it is among the ``shown`` utterances of the section."""
    label = f"#{index}" + (f" {speaker_label(speaker)}" if speaker else "")
    return f'<a href="#{anchor}-u{index}">{esc(label)}</a>' if 0 <= index < shown else esc(label)


def _timing(utterance: Utterance) -> str:
    if utterance.start is None and utterance.end is None:
        return ""
    return f"{clock(utterance.start)}–{clock(utterance.end)}"


def render_transcript(transcript: Transcript, findings: tuple[Finding, ...], anchor: str) -> Iterator[str]:
    """The transcript's list, row by row: a call of millions of utterances is never one string."""
    marks, concerned = highlights_by_utterance(findings)
    timed = any(u.start is not None or u.end is not None for u in transcript.utterances)
    yield f'<ol class="{"transcript" if timed else "transcript untimed"}">\n'
    for index, utterance in enumerate(transcript.utterances):
        here = concerned.get(index, [])
        tags = "".join(f'<span class="tag {finding_level(f)}" title="{esc(_finding_note(f))}">{esc(f.rule)}</span>'
                       for f in here)
        classes = f"utt {esc(utterance.speaker)}" + (" flagged" if here else "")
        time_cell = f'<span class="time">{esc(_timing(utterance))}</span>' if timed else ""
        text = highlighted_text(utterance.text, marks.get(index, []))
        yield (f'<li class="{classes}" id="{anchor}-u{index}"><span class="idx">#{index}</span>'
               f'<span class="who">{esc(speaker_label(utterance.speaker))}</span>{time_cell}'
               f'<div class="said"><span class="text">{text}</span>{tags}</div></li>\n')
    yield "</ol>\n"


FINDING_COLUMNS = (Column("规则"), Column("类别"), Column("严重度"), Column("说明", "message"),
                   Column("位置", "where"), Column("证据", "evidence"), Column("扣分", NUMERIC),
                   Column("罚款", NUMERIC), Column("最接近的候选", "closest"), Column("实测 / 上限", NUMERIC))


def _where(finding: Finding, anchor: str, shown: int) -> str:
    if finding.utterance is None:
        where = "整通"
    else:
        where = _utterance_ref(anchor, finding.utterance, shown, finding.speaker)
        if finding.start is not None:
            where += f'<br><span class="muted">{esc(clock(finding.start))}</span>'
    if len(finding.occurrences) > 1:
        where += f'<br><span class="muted">共 {len(finding.occurrences)} 处</span>'
    return where


def _closest(finding: Finding, anchor: str, shown: int) -> str:
    if finding.closest is None:
        return "—"
    candidate = finding.closest
    return (f"{_utterance_ref(anchor, candidate.utterance, shown)} 「{esc(candidate.text)}」"
            f'<br><span class="muted">相似度 {esc(amount(candidate.similarity))}</span>')


def _measured(finding: Finding) -> str:
    if finding.measured is None:
        return "—"
    limit = "—" if finding.limit is None else amount(finding.limit)
    return f"{esc(amount(finding.measured))} / {esc(limit)}"


def _finding_row(finding: Finding, anchor: str, shown: int) -> str:
    deduction = '<span class="fatal-label">致命</span>' if finding.fatal else esc(amount(finding.deduction))
    return table_row(FINDING_COLUMNS, [
        f"<code>{esc(finding.rule)}</code>", esc(finding.category),
        esc(SEVERITY_LABELS.get(finding.severity, finding.severity)), _message_html(finding.message),
        _where(finding, anchor, shown), esc(finding.evidence) if finding.evidence else "—", deduction,
        esc(money(finding.fine)) if finding.fine else "—", _closest(finding, anchor, shown), _measured(finding),
    ], row_class=finding_level(finding))


def render_findings_table(report: Report, anchor: str, shown: int) -> str:
    """The findings of a call; ``shown`` utterances of its transcript are on the page to link to."""
    rows = [_finding_row(finding, anchor, shown) for finding in report.findings]
    return table(f"{anchor}-findings", FINDING_COLUMNS, rows, "没有发现问题", table_class="findings")


def _verdict_badges(report: Report) -> str:
    badges = '<span class="badge fail">不合格</span>'
    if report.fatal:
        badges += '<span class="badge fatal">致命</span>'
    return badges


CHANNEL_LABELS = {"phone": "电话", "chat": "在线客服"}


def render_call_section(report: Report, transcript: Transcript | None, anchor: str) -> Iterator[str]:
    """The call's section in pieces, to be written one after the other."""
    meta = [("来源", esc(report.source) or "—"), ("坐席", esc(agent_label(report.agent))),
            ("渠道", CHANNEL_LABELS.get(report.channel, esc(report.channel))),
            ("得分", esc(amount(report.score))), ("致命", "是" if report.fatal else "否"),
            ("罚款", esc(money(report.fine))), ("规则包", esc(report.rules) or "—"),
            ("问题数", str(len(report.findings)))]
    meta_html = "".join(f"<div><dt>{label}</dt><dd>{value}</dd></div>" for label, value in meta)
    yield (f'<section class="call" id="{anchor}">\n'
           f'<h3><span class="call-id">{esc(report.id or report.source)}</span>{_verdict_badges(report)}'
           f'<a class="back" href="#failing">↑ 不合格通话一览</a></h3>\n'
           f'<dl class="call-meta">{meta_html}</dl>\n')
    if transcript is not None:
        yield from render_transcript(transcript, report.findings, anchor)
    else:
        yield '<p class="muted">未附转写文本，仅列出问题。</p>\n'
    shown = len(transcript.utterances) if transcript is not None else 0
    if report.findings:
        yield render_findings_table(report, anchor, shown)
    yield "</section>\n"


FAILING_COLUMNS = (Column("通话"), Column("坐席"), Column("得分", NUMERIC), Column("致命", NUMERIC),
                   Column("罚款", NUMERIC), Column("问题数", NUMERIC), Column("主要问题"))


def render_failing_row(report: Report, anchor: str) -> str:
    """A row of the failing-calls index at the top of the page."""
    worst = sorted(report.findings, key=lambda f: (not f.fatal, -f.deduction))[:3]
    problems = "、".join(dict.fromkeys(f.rule for f in worst)) or "—"
    return table_row(FAILING_COLUMNS, [
        f'<a href="#{anchor}">{esc(report.id or report.source)}</a>', esc(agent_label(report.agent)),
        esc(amount(report.score)), "是" if report.fatal else "", esc(money(report.fine)),
        str(len(report.findings)), esc(problems)])


def render_read_failure(failure: ReadFailure) -> str:
    return f"<li><code>{esc(failure.source)}</code>: {esc(failure.error)}</li>\n"
