"""How the benchmark measures: the floor, the in-process engine, CLI runs, and the result table."""
from __future__ import annotations

import hashlib
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import scriptcheck
from scriptcheck.text import normalize_many


def floor_seconds(path: Path, pack, normalise: bool = False) -> float:
    """Seconds to read, JSON-parse and scan every call of a JSONL file once with the pack's automaton,
    with no rule logic; ``normalise`` adds the normalisation every matcher needs."""
    started = time.perf_counter()
    with path.open("rb") as stream:
        for line in stream:
            texts = [u["text"] for u in json.loads(line)["utterances"]]
            pack.index.matches(normalize_many(texts) if normalise else texts)
    return time.perf_counter() - started


def engine_seconds(calls: list, pack, warm: bool = True) -> float:
    """Seconds for ``check`` over already-parsed calls (the in-process engine)."""
    if warm:
        for call in calls[:50]:
            scriptcheck.check(call, pack)  # fold tables, jieba when a hit needs a word boundary
    started = time.perf_counter()
    for call in calls:
        scriptcheck.check(call, pack)
    return time.perf_counter() - started


def best_of(runs: int, measure, *args) -> float:
    """The shortest of ``runs`` timings: the least disturbed by whatever else the machine does."""
    return min(measure(*args) for _ in range(runs))


def linear_fit(costs: dict[int, float]) -> tuple[float, float, float]:
    """Least-squares line through (length, cost): (intercept, slope, largest relative deviation)."""
    n = len(costs)
    mean_x = sum(costs) / n
    mean_y = sum(costs.values()) / n
    slope = (sum((x - mean_x) * (y - mean_y) for x, y in costs.items())
             / sum((x - mean_x) ** 2 for x in costs))
    intercept = mean_y - slope * mean_x
    deviation = max(abs(y - (intercept + slope * x)) / y for x, y in costs.items())
    return intercept, slope, deviation


def cli(args: list[str], output: Path | None = None) -> tuple[float, int, str]:
    """(seconds, peak RSS in MiB of the largest of the command's processes, sha256 of the output)."""
    command = [sys.executable, "-c", (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"),
        sys.executable, "-m", "scriptcheck", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds, rss = done.stdout.split()
    digest = hashlib.sha256(output.read_bytes()).hexdigest() if output else ""
    return float(seconds), int(rss) // 1024, digest


def start_up(args: list[str], runs: int = 5) -> float:
    """Median wall time of ``scriptcheck args`` over ``runs`` runs."""
    return statistics.median(cli(args)[0] for _ in range(runs))


def parse(path: Path) -> list:
    with path.open("rb") as stream:
        return [scriptcheck.Transcript.from_dict(json.loads(line)) for line in stream]


class Table:
    """Rows of (measurement, result, notes, target, met) printed as Markdown."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, bool | None]] = []

    def add(self, measurement: str, result: str, notes: str = "", target: str = "", met: bool | None = None) -> None:
        self.rows.append((measurement, result, notes, target, met))
        print(f"  {measurement}: {result}", flush=True)

    def markdown(self) -> str:
        lines = ["| measurement | result | notes | target | met |", "| --- | --- | --- | --- | --- |"]
        for measurement, result, notes, target, met in self.rows:
            verdict = "" if met is None else ("yes" if met else "**no**")
            lines.append(f"| {measurement} | {result} | {notes} | {target} | {verdict} |")
        return "\n".join(lines)
