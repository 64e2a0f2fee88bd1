"""Choose the conversations to label: stratified per corpus and per rule, with a fixed seed.

Usage: python tests/accuracy/choose_sessions.py [--corpus DIR] [--rules PACK] [--seed N]
                                              [--exclude-labelled DIR] [--per-rule N] [--read-in-full N]

For each corpus, the rules that fire there are taken rarest first (fewest conversations), and for each
rule conversations where it fires are drawn at random until the chosen conversations hold PER_RULE of
its findings or none is left. Then READ_IN_FULL[corpus] of the chosen conversations are drawn to be
read in full for missed violations. With --exclude-labelled, conversations already in that label
folder are never drawn, so a new seed gives a held-out batch. Prints, per corpus, the chosen ids in the order drawn, marking
those to read in full. tests/accuracy/README.md records the run the labels were made from.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import scriptcheck  # noqa: E402
from corpora import CORPORA  # noqa: E402
from labels import load_labels  # noqa: E402
from measure import DEFAULT_CORPUS, pack_for  # noqa: E402

SEED = 20261129
PER_RULE = 10
READ_IN_FULL = {"jddc": 12, "stc3": 10, "mobilecs": 10, "ecd": 10}


def rule_counts(calls: list[dict], pack: scriptcheck.RulePack) -> dict[str, Counter]:
    """Conversation id -> findings per rule."""
    counts = {}
    for call in calls:
        report = scriptcheck.check(scriptcheck.Transcript.from_dict(call), pack)
        counts[call["id"]] = Counter(finding.rule for finding in report.findings)
    return counts


def labelled_ids(directory: Path) -> dict[str, set[str]]:
    """Corpus name -> ids of the conversations already labelled there."""
    return {corpus: {session.id for session in labels.sessions}
            for corpus, labels in load_labels(directory).items()}


def choose(counts: dict[str, Counter], rng: random.Random, read_in_full: int,
           per_rule: int = PER_RULE) -> list[tuple[str, bool]]:
    firing: dict[str, list[str]] = {}
    for call_id in sorted(counts):
        for rule in counts[call_id]:
            firing.setdefault(rule, []).append(call_id)
    chosen: list[str] = []
    for rule in sorted(firing, key=lambda r: (len(firing[r]), r)):
        candidates = list(firing[rule])
        rng.shuffle(candidates)
        held = sum(counts[call_id][rule] for call_id in chosen)
        for call_id in candidates:
            if held >= per_rule:
                break
            if call_id not in chosen:
                chosen.append(call_id)
                held += counts[call_id][rule]
    full = set(rng.sample(chosen, min(read_in_full, len(chosen))))
    return [(call_id, call_id in full) for call_id in chosen]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rules", help="score every corpus with this pack (default: the one measure.py uses)")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed (default: %(default)s)")
    parser.add_argument("--exclude-labelled", type=Path, metavar="DIR",
                        help="never draw conversations already in this label folder")
    parser.add_argument("--per-rule", type=int, default=PER_RULE, help="findings to hold per rule (default: %(default)s)")
    parser.add_argument("--read-in-full", type=int, metavar="N",
                        help="conversations per corpus to read in full (default: 12 JDDC, 10 elsewhere)")
    args = parser.parse_args(argv)
    excluded = labelled_ids(args.exclude_labelled) if args.exclude_labelled else {}
    rng = random.Random(args.seed)
    for corpus in CORPORA:
        pack = scriptcheck.load_rules(pack_for(corpus, args.rules))
        calls = [call for call in corpus.read(args.corpus) if call["id"] not in excluded.get(corpus.name, set())]
        counts = rule_counts(calls, pack)
        full = READ_IN_FULL[corpus.name] if args.read_in_full is None else args.read_in_full
        chosen = choose(counts, rng, full, args.per_rule)
        findings = sum(sum(counts[call_id].values()) for call_id, _ in chosen)
        print(f"# {corpus.name}: {len(chosen)} conversations, {findings} findings")
        for call_id, full in chosen:
            print(f"{corpus.name} {call_id}{' read_in_full' if full else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
