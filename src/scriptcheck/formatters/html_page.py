"""The html report's page: head and style, batch summary, and the per-agent and per-rule tables."""
from __future__ import annotations

from .. import __version__
from .html_stats import BatchTotals
from .html_text import NUMERIC, Column, amount, esc, money, percent, table, table_row

STYLE = """
:root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --soft: #f6f8fa; --link: #0969da;
  --bad: #cf222e; --bar: #4a90d9; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff; font-size: 14px; line-height: 1.6;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
main { max-width: 1320px; margin: 0 auto; padding: 24px 32px 48px; }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
h1 { font-size: 26px; margin: 0; }
h2 { font-size: 19px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 0 0 8px; display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; }
.muted, .subtitle { color: var(--muted); }
.subtitle { margin: 4px 0 12px; }
nav { display: flex; gap: 16px; flex-wrap: wrap; padding: 8px 0; border-bottom: 1px solid var(--line); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 12px; margin: 16px 0; }
.cards div { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: var(--soft); }
.cards dt { color: var(--muted); font-size: 13px; }
.cards dd { margin: 0; font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
.cards .alert dd { color: var(--bad); }
.chart svg { max-width: 1000px; width: 100%; height: auto; }
svg text { font-family: inherit; font-size: 12px; fill: var(--fg); }
svg .axis { stroke: #8c959f; stroke-width: 1; }
svg .grid { stroke: #eaeef2; stroke-width: 1; }
svg .bar { fill: var(--bar); }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.fatal td, tr.critical td { background: #fff0ee; }
.fatal-label { color: var(--bad); font-weight: 600; }
ul.failures li { margin: 4px 0; }
.call { border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 20px 0; }
.call-id { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.back { margin-left: auto; font-size: 13px; font-weight: 400; }
.badge { font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 10px; color: #fff; background: #bc4c00; }
.badge.fatal { background: var(--bad); }
.call-meta { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 0 0 8px; }
.call-meta div { display: flex; gap: 6px; }
.call-meta dt { color: var(--muted); }
.call-meta dd { margin: 0; }
.transcript { list-style: none; padding: 0; margin: 8px 0 16px; border-top: 1px solid var(--line); }
.utt { display: grid; grid-template-columns: 40px 40px 130px 1fr; gap: 8px; padding: 5px 8px;
  border-bottom: 1px solid #eaeef2; border-left: 3px solid transparent; }
.untimed .utt { grid-template-columns: 40px 40px 1fr; }
.utt.agent { border-left-color: #54aeff; }
.utt.customer { border-left-color: #d0d7de; background: #fafbfc; }
.utt.flagged { background: #fff8e6; }
.utt .idx, .utt .time { color: var(--muted); font-variant-numeric: tabular-nums; font-size: 12px; padding-top: 2px; }
.utt .who { font-weight: 600; }
mark { color: inherit; padding: 0 1px; border-radius: 2px; background: #fff3b0; border-bottom: 2px solid #d4a72c; }
mark.major { background: #ffdcc2; border-bottom-color: #e16f24; }
mark.critical, mark.fatal { background: #ffd0cc; border-bottom-color: var(--bad); }
mark.overlap { border-bottom-style: double; border-bottom-width: 3px;
  background-image: linear-gradient(rgba(0, 0, 0, 0.08), rgba(0, 0, 0, 0.08)); }
.tag { display: inline-block; margin-left: 8px; padding: 0 7px; border-radius: 10px; font-size: 11px;
  line-height: 18px; vertical-align: 1px; white-space: nowrap; background: #eef1f4; color: #57606a; }
.tag.major { background: #fff1e5; color: #953800; }
.tag.critical, .tag.fatal { background: #ffebe9; color: var(--bad); }
td.message { min-width: 260px; }
td.where { white-space: nowrap; }
td.evidence { min-width: 96px; }
.standard { display: block; color: var(--muted); font-size: 12px; }
td.closest { min-width: 160px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
"""


def page_head(title: str) -> str:
    return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n")


_NAVIGATION = (("scores", "分数分布"), ("agents", "坐席"), ("rules", "规则"), ("unreadable", "无法读取"),
               ("failing", "不合格通话"))


def page_header(title: str, totals: BatchTotals) -> str:
    packs = esc("、".join(sorted(totals.packs)) or "—")
    nav = "".join(f'<a href="#{anchor}">{label}</a>' for anchor, label in _NAVIGATION)
    return (f'<header id="top">\n<h1>{esc(title)}</h1>\n'
            f'<p class="subtitle">通话质检报告 · 规则包 <span id="sum-packs">{packs}</span></p>\n'
            f"<nav>{nav}</nav>\n</header>\n")


def summary_cards(totals: BatchTotals) -> str:
    mean = amount(round(totals.mean_score, 1)) if totals.calls else "—"
    cards = [  # (id, label, value, whether it calls for attention)
        ("calls", "通话数", str(totals.calls), False),
        ("unreadable", "无法读取", str(totals.unreadable), totals.unreadable > 0),
        ("pass-rate", "合格率", percent(totals.passed, totals.calls), False),
        ("failing", "不合格", f'<a href="#failing">{totals.failing}</a>', False),
        ("fatal", "致命", str(totals.fatal), totals.fatal > 0),
        ("mean-score", "平均分", mean, False),
        ("deductions", "扣分合计", amount(totals.deductions), False),
        ("fines", "罚款合计", money(totals.fines), totals.fines > 0),
    ]
    alert_class = ' class="alert"'
    items = "".join(f'<div{alert_class if alert else ""}><dt>{label}</dt><dd id="sum-{key}">{value}</dd></div>'
                    for key, label, value, alert in cards)
    return f'<section id="summary">\n<dl class="cards">{items}</dl>\n</section>\n'


def _link(anchor: str | None, text: str) -> str:
    return f'<a href="#{anchor}">{esc(text)}</a>' if anchor else esc(text)


def rule_anchors(totals: BatchTotals) -> dict[str, str]:
    """Row anchors of the per-rule table, by rule id (ids may hold any character, so number them)."""
    return {rule: f"rule-{n}" for n, (rule, _) in enumerate(totals.rules_by_hits(), start=1)}


AGENT_COLUMNS = (Column("坐席"), Column("通话", NUMERIC), Column("平均分", NUMERIC), Column("合格率", NUMERIC),
                 Column("罚款", NUMERIC), Column("致命", NUMERIC), Column("最常见问题（前 3）"),
                 Column("最低分不合格通话"))


def agent_table(totals: BatchTotals, anchors: dict[str, str]) -> str:
    rows = []
    for name, agent in totals.agents_needing_coaching_first():
        top = "、".join(f"{_link(anchors.get(rule), rule)} ×{count}" for rule, count in agent.top_rules())
        worst = agent.worst_failing
        rows.append(table_row(AGENT_COLUMNS, [
            esc(name), str(agent.calls), amount(round(agent.mean_score, 1)), percent(agent.passed, agent.calls),
            money(agent.fines), str(agent.fatal), top or "—",
            _link(worst.anchor, f"{worst.call_id}（{amount(worst.score)}分）") if worst else "—"]))
    return ('<section id="agents">\n<h2>坐席（按平均分从低到高）</h2>\n'
            + table("agent-table", AGENT_COLUMNS, rows, "没有通话") + "</section>\n")


RULE_COLUMNS = (Column("规则"), Column("类别"), Column("命中次数", NUMERIC), Column("涉及通话", NUMERIC),
                Column("扣分合计", NUMERIC), Column("罚款合计", NUMERIC), Column("首个不合格通话"))


def rule_table(totals: BatchTotals, anchors: dict[str, str]) -> str:
    rows = []
    for rule_id, rule in totals.rules_by_hits():
        first = rule.first_failing
        rows.append(table_row(RULE_COLUMNS, [
            f"<code>{esc(rule_id)}</code>", esc(rule.category), str(rule.hits), str(rule.calls),
            amount(rule.deduction), money(rule.fine), _link(first.anchor, first.call_id) if first else "—"],
            row_id=anchors[rule_id]))
    return ('<section id="rules">\n<h2>规则（按命中次数从多到少）</h2>\n'
            + table("rule-table", RULE_COLUMNS, rows, "没有发现问题") + "</section>\n")


def page_footer(totals: BatchTotals) -> str:
    return (f"<footer>scriptcheck {esc(__version__)} · {totals.calls} 通通话，{totals.unreadable} 个文件无法读取"
            "</footer>\n</main>\n</body>\n</html>\n")
