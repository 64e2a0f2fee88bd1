"""``--format html``: one self-contained page for a QA team lead.

The page opens with the batch summary, a score histogram and the per-agent and per-rule tables, which
are only known at the end; the failing calls' sections follow. Only counters are kept in memory: each
failing call is rendered as it arrives and parked in a temporary file until ``close()`` assembles the
page, so a batch of any size is written in flat memory.
"""
from __future__ import annotations

from typing import TextIO

from ..model import ReadFailure, Report, Transcript
from . import FormatOptions
from .html_call import FAILING_COLUMNS, render_call_section, render_failing_row, render_read_failure
from .html_chart import score_histogram
from .html_page import agent_table, page_footer, page_head, page_header, rule_anchors, rule_table, summary_cards
from .html_stats import BatchTotals, CallLink
from .html_text import TABLE_END, Spool, table_start


class HtmlFormatter:
    needs_transcripts = "failing"

    def __init__(self, out: TextIO, options: FormatOptions | None = None) -> None:
        self.out = out
        self.options = options or FormatOptions()
        self.totals = BatchTotals()
        self.read_failures = Spool()
        self.failing_rows = Spool()
        self.call_sections = Spool()
        self.closed = False

    def write(self, result: Report | ReadFailure, transcript: Transcript | None = None) -> None:
        if isinstance(result, ReadFailure):
            self.totals.unreadable += 1
            self.read_failures.write(render_read_failure(result))
            return
        if result.passed:
            self.totals.add(result, None)
            return
        anchor = f"call-{self.totals.failing + 1}"
        self.totals.add(result, CallLink(anchor, result.id or result.source, result.score))
        self.failing_rows.write(render_failing_row(result, anchor))
        self.call_sections.write(render_call_section(result, transcript, anchor))

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self._write_page()
        finally:
            for spool in (self.read_failures, self.failing_rows, self.call_sections):
                spool.close()
        self.out.flush()

    def _write_page(self) -> None:
        out, totals = self.out, self.totals
        anchors = rule_anchors(totals)
        out.write(page_head(self.options.title))
        out.write(page_header(self.options.title, totals))
        out.write(summary_cards(totals))
        out.write(score_histogram(totals.histogram))
        out.write(agent_table(totals, anchors))
        out.write(rule_table(totals, anchors))

        out.write(f'<section id="unreadable">\n<h2>无法读取的文件（{totals.unreadable}）</h2>\n')
        if self.read_failures.count:
            out.write('<ul class="failures">\n')
            self.read_failures.copy_to(out)
            out.write("</ul>\n")
        else:
            out.write('<p class="muted">所有文件均已读取。</p>\n')
        out.write("</section>\n")

        out.write(f'<section id="failing">\n<h2>不合格通话（{totals.failing}）</h2>\n')
        if self.failing_rows.count:
            out.write(table_start("failing-table", FAILING_COLUMNS))
            self.failing_rows.copy_to(out)
            out.write(TABLE_END)
            self.call_sections.copy_to(out)
        else:
            out.write('<p class="muted">没有不合格的通话。</p>\n')
        out.write("</section>\n")
        out.write(page_footer(totals))
