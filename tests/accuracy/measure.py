"""Measure scriptcheck's accuracy on labelled real conversations.

Usage: python tests/accuracy/measure.py [--corpus DIR] [--rules PACK] [--format text|markdown|json]
                                        [--json] [--show-unlabelled] [--check] [--target PERCENT]

Reads JDDC, STC-3, MobileCS and ECD straight from the corpus folder (default: ../shared/corpus from
the repository root), scores the labelled conversations and compares the findings with
tests/accuracy/labels/<corpus>.yaml:

- precision per rule: true / (true + false) over the labelled findings the build reports
  (unjudgeable ones excluded); "unlabelled": findings in labelled conversations with no label yet;
- lost: findings labelled true that the build no longer reports;
- misses: violations of conversations read in full that no finding reports, and recall over them.

A finding is keyed by (corpus, conversation id, utterance index or null, rule id). Exit 0; with
--check, exit 1 when a rule with at least 5 judged findings is below --target or anything labelled
true is lost. How the conversations are read (and which speaker is the agent): tests/accuracy/corpora.py.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import scriptcheck  # noqa: E402
from corpora import CORPORA, Corpus  # noqa: E402
from labels import LabelFile, load_labels, problems  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_LABELS = HERE / "labels"
MIN_JUDGED = 5  # below this many judged findings, a rule's precision says too little to gate on

Key = tuple[str, str, "int | None", str]


@dataclass(frozen=True)
class Reported:
    key: Key
    evidence: str | None


@dataclass
class RuleCounts:
    true: int = 0
    false: int = 0
    unjudgeable: int = 0
    unlabelled: int = 0
    lost: int = 0
    violations: int = 0
    caught: int = 0

    @property
    def judged(self) -> int:
        return self.true + self.false

    @property
    def precision(self) -> float | None:
        return 100 * self.true / self.judged if self.judged else None

    @property
    def recall(self) -> float | None:
        return 100 * self.caught / self.violations if self.violations else None


@dataclass
class Measurement:
    packs: dict[str, str]
    rules: dict[str, RuleCounts] = field(default_factory=lambda: defaultdict(RuleCounts))
    corpora: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    unlabelled: list[Reported] = field(default_factory=list)
    lost: list[tuple[Key, str]] = field(default_factory=list)
    misses: list[tuple[Key, str]] = field(default_factory=list)
    uncovered: list[tuple[Key, str]] = field(default_factory=list)


def pack_for(corpus: Corpus, chosen: str | None) -> str:
    if chosen:
        return chosen
    if corpus.channel == "chat" and "chat" in scriptcheck.bundled_packs():
        return "chat"
    return "default"


def _reported(corpus: str, call: dict, pack: scriptcheck.RulePack) -> dict[Key, Reported]:
    report = scriptcheck.check(scriptcheck.Transcript.from_dict(call), pack)
    found: dict[Key, Reported] = {}
    for finding in report.findings:
        key = (corpus, call["id"], finding.utterance, finding.rule)
        found.setdefault(key, Reported(key, finding.evidence))  # several hits of one rule in one utterance: one act
    return found


def bundled_rule_ids() -> set[str]:
    """Labels may name the rules of every bundled pack (a chat's opening is judged by the chat pack's rule)."""
    from scriptcheck.pack.bundled import bundled_packs

    return {rule.id for name in bundled_packs() for rule in scriptcheck.load_rules(name).rules}


def measure_corpus(result: Measurement, corpus: Corpus, labels: LabelFile, root: Path, pack_name: str) -> None:
    pack = scriptcheck.load_rules(pack_name)
    wanted = {session.id: session for session in labels.sessions}
    calls = {call["id"]: call for call in corpus.read(root) if call["id"] in wanted}
    found = problems(labels, {i: len(c["utterances"]) for i, c in calls.items()}, bundled_rule_ids())
    in_pack = {r.id for r in pack.rules}
    if found:
        raise SystemExit("label files do not fit the corpus or the pack:\n  " + "\n  ".join(found))
    tally = result.corpora[corpus.name]
    for session in labels.sessions:
        reported = _reported(corpus.name, calls[session.id], pack)
        tally["sessions"] += 1
        tally["findings"] += len(reported)
        judged = {(corpus.name, session.id, j.utterance, j.rule): j for j in session.findings}
        for key, finding in reported.items():
            judgement = judged.get(key)
            counts = result.rules[key[3]]
            if judgement is None:
                counts.unlabelled += 1
                tally["unlabelled"] += 1
                result.unlabelled.append(finding)
            else:
                setattr(counts, judgement.verdict, getattr(counts, judgement.verdict) + 1)
                tally[judgement.verdict] += 1
        for key, judgement in judged.items():
            # A label names a rule of any bundled pack; one this pack does not have is not its concern.
            if judgement.verdict == "true" and key not in reported and key[3] in in_pack:
                result.rules[key[3]].lost += 1
                result.lost.append((key, judgement.reason))
        if not session.read_in_full:
            continue
        tally["read_in_full"] += 1
        for violation in session.violations:
            key = (corpus.name, session.id, violation.utterance, violation.rule or "")
            tally["violations"] += 1
            if violation.rule is None:
                result.uncovered.append((key, violation.reason))
                continue
            if violation.rule not in in_pack:
                continue
            counts = result.rules[violation.rule]
            counts.violations += 1
            if key in reported:
                counts.caught += 1
                tally["caught"] += 1
            else:
                result.misses.append((key, violation.reason))


def measure(root: Path, labels_dir: Path, rules: str | None) -> Measurement:
    labels = load_labels(labels_dir)
    result = Measurement(packs={c.name: pack_for(c, rules) for c in CORPORA if c.name in labels})
    for corpus in CORPORA:
        if corpus.name in labels:
            measure_corpus(result, corpus, labels[corpus.name], root, result.packs[corpus.name])
    return result


def failures(result: Measurement, target: float) -> list[str]:
    found = [f"{rule}: precision {counts.precision:.1f} % on {counts.judged} judged findings, below {target:g} %"
             for rule, counts in sorted(result.rules.items())
             if counts.judged >= MIN_JUDGED and counts.precision < target]
    found += [f"lost: {_where(key)} (labelled true: {reason})" for key, reason in result.lost]
    return found


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} %"


def _where(key: Key) -> str:
    corpus, call, utterance, rule = key
    return f"{corpus}/{call}/{'-' if utterance is None else utterance}/{rule}" if rule else \
        f"{corpus}/{call}/{'-' if utterance is None else utterance}"


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def markdown(result: Measurement) -> str:
    rule_rows = [[f"`{rule}`", str(c.judged), str(c.true), str(c.false), _pct(c.precision), str(c.unjudgeable),
                  str(c.unlabelled), str(c.lost), f"{c.caught}/{c.violations}", _pct(c.recall)]
                 for rule, c in sorted(result.rules.items())]
    total = RuleCounts(**{name: sum(getattr(c, name) for c in result.rules.values())
                          for name in ("true", "false", "unjudgeable", "unlabelled", "lost", "violations", "caught")})
    rule_rows.append(["**all rules**", str(total.judged), str(total.true), str(total.false), _pct(total.precision),
                      str(total.unjudgeable), str(total.unlabelled), str(total.lost),
                      f"{total.caught}/{total.violations}", _pct(total.recall)])
    corpus_rows = [[name, result.packs[name], str(t["sessions"]), str(t["findings"]),
                    str(t["true"]), str(t["false"]), str(t["unjudgeable"]), str(t["unlabelled"]),
                    str(t["read_in_full"]), f"{t['caught']}/{t['violations']}"]
                   for name, t in result.corpora.items()]
    lines = _table(["rule", "judged", "true", "false", "precision", "unjudgeable", "unlabelled", "lost",
                    "caught / violations", "recall"], rule_rows)
    lines += [""] + _table(["corpus", "pack", "sessions", "findings", "true", "false", "unjudgeable", "unlabelled",
                            "read in full", "caught / violations (all, incl. no rule)"], corpus_rows)
    return "\n".join(lines)


def text(result: Measurement, show_unlabelled: bool) -> str:
    lines = [markdown(result), ""]
    lines.append(f"lost ({len(result.lost)}): findings labelled true that this build no longer reports")
    lines += [f"  {_where(key)}  — {reason}" for key, reason in result.lost]
    lines.append(f"misses ({len(result.misses)}): violations of sessions read in full that no finding reports")
    lines += [f"  {_where(key)}  — {reason}" for key, reason in sorted(result.misses, key=lambda m: (m[0][3], m[0]))]
    lines.append(f"no rule covers it ({len(result.uncovered)}):")
    lines += [f"  {_where(key)}  — {reason}" for key, reason in result.uncovered]
    if show_unlabelled:
        lines.append(f"unlabelled ({len(result.unlabelled)}): corpus/id/utterance/rule  evidence")
        lines += [f"  {_where(f.key)}  {f.evidence or ''}" for f in result.unlabelled]
    elif result.unlabelled:
        lines.append(f"unlabelled: {len(result.unlabelled)} findings (list them with --show-unlabelled)")
    return "\n".join(lines)


def as_json(result: Measurement, target: float) -> str:
    def item(key: Key, reason: str) -> dict:
        corpus, call, utterance, rule = key
        return {"corpus": corpus, "id": call, "utterance": utterance, "rule": rule or None, "reason": reason}

    return json.dumps({
        "packs": result.packs,
        "rules": {rule: {**asdict(c), "judged": c.judged, "precision": c.precision, "recall": c.recall}
                  for rule, c in sorted(result.rules.items())},
        "corpora": {name: dict(t) for name, t in result.corpora.items()},
        "lost": [item(k, r) for k, r in result.lost],
        "misses": [item(k, r) for k, r in result.misses],
        "no_rule": [item(k, r) for k, r in result.uncovered],
        "unlabelled": [{**item(f.key, ""), "evidence": f.evidence} for f in result.unlabelled],
        "check_failures": failures(result, target),
    }, ensure_ascii=False, indent=2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the corpus folder (default: %(default)s)")
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS, help="the label folder (default: %(default)s)")
    parser.add_argument("--rules", help="score every corpus with this pack (default: chat for chat corpora when "
                                        "bundled, else default)")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.add_argument("--json", action="store_true", help="same as --format json")
    parser.add_argument("--show-unlabelled", action="store_true", help="list findings that have no label yet")
    parser.add_argument("--check", action="store_true", help=f"exit 1 when a rule with ≥ {MIN_JUDGED} judged "
                                                             "findings is below --target or a true finding is lost")
    parser.add_argument("--target", type=float, default=95.0, help="precision target in %% (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        parser.error(f"no corpus folder at {args.corpus}")
    result = measure(args.corpus, args.labels, args.rules)
    fmt = "json" if args.json else args.format
    print({"json": lambda: as_json(result, args.target), "markdown": lambda: markdown(result),
           "text": lambda: text(result, args.show_unlabelled)}[fmt]())
    if args.check:
        found = failures(result, args.target)
        for line in found:
            print(f"check: {line}", file=sys.stderr)
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
