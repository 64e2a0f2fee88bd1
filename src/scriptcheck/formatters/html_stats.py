"""What the html report remembers about a batch: counters only, never the calls themselves."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import Report
from .html_text import agent_label

HISTOGRAM_BINS = 10  # 0–9, 10–19, …, 90–100


@dataclass(frozen=True)
class CallLink:
    """Enough of a failing call to link to its section."""

    anchor: str
    call_id: str
    score: float


@dataclass
class AgentTotals:
    calls: int = 0
    score_sum: float = 0.0
    passed: int = 0
    fines: float = 0.0
    fatal: int = 0
    rule_hits: Counter[str] = field(default_factory=Counter)
    worst_failing: CallLink | None = None

    @property
    def mean_score(self) -> float:
        return self.score_sum / self.calls if self.calls else 0.0

    def top_rules(self, limit: int = 3) -> list[tuple[str, int]]:
        return sorted(self.rule_hits.items(), key=lambda item: (-item[1], item[0]))[:limit]


@dataclass
class RuleTotals:
    category: str
    hits: int = 0
    calls: int = 0
    deduction: float = 0.0
    fine: float = 0.0
    first_failing: CallLink | None = None


def score_bin(score: float) -> int:
    return min(max(int(score // 10), 0), HISTOGRAM_BINS - 1)


@dataclass
class BatchTotals:
    calls: int = 0
    unreadable: int = 0
    passed: int = 0
    failing: int = 0
    fatal: int = 0
    score_sum: float = 0.0
    deductions: float = 0.0
    fines: float = 0.0
    histogram: list[int] = field(default_factory=lambda: [0] * HISTOGRAM_BINS)
    packs: set[str] = field(default_factory=set)
    agents: dict[str, AgentTotals] = field(default_factory=dict)
    rules: dict[str, RuleTotals] = field(default_factory=dict)

    @property
    def mean_score(self) -> float:
        return self.score_sum / self.calls if self.calls else 0.0

    def add(self, report: Report, link: CallLink | None) -> None:
        """Count one report; ``link`` is given for a failing call that has a section of its own."""
        self.calls += 1
        self.passed += report.passed
        self.failing += not report.passed
        self.fatal += report.fatal
        self.score_sum += report.score
        self.fines += report.fine
        self.deductions += sum(finding.deduction for finding in report.findings)
        self.histogram[score_bin(report.score)] += 1
        if report.rules:
            self.packs.add(report.rules)
        self._add_to_agent(report, link)
        self._add_to_rules(report, link)

    def _add_to_agent(self, report: Report, link: CallLink | None) -> None:
        agent = self.agents.setdefault(agent_label(report.agent), AgentTotals())
        agent.calls += 1
        agent.score_sum += report.score
        agent.passed += report.passed
        agent.fines += report.fine
        agent.fatal += report.fatal
        agent.rule_hits.update(finding.rule for finding in report.findings)
        if link is not None and (agent.worst_failing is None or link.score < agent.worst_failing.score):
            agent.worst_failing = link

    def _add_to_rules(self, report: Report, link: CallLink | None) -> None:
        for finding in report.findings:
            rule = self.rules.setdefault(finding.rule, RuleTotals(category=finding.category))
            rule.hits += 1
            rule.deduction += finding.deduction
            rule.fine += finding.fine
        for rule_id in dict.fromkeys(finding.rule for finding in report.findings):
            rule = self.rules[rule_id]
            rule.calls += 1
            if link is not None and rule.first_failing is None:
                rule.first_failing = link

    def agents_needing_coaching_first(self) -> list[tuple[str, AgentTotals]]:
        return sorted(self.agents.items(), key=lambda item: (item[1].mean_score, item[0]))

    def rules_by_hits(self) -> list[tuple[str, RuleTotals]]:
        return sorted(self.rules.items(), key=lambda item: (-item[1].hits, item[0]))
