"""Throughput benchmark: ``python benchmarks/run.py [--calls N] [--quick]``.

Measures, on a seeded synthetic corpus (and the JD.com sample when ../shared/corpus is present):
- the floor: reading + JSON-parsing the calls + one multi-pattern scan of their text, no rule logic;
- the in-process engine per call (``scriptcheck.check``), in calls per second on one core;
- end-to-end ``scriptcheck score`` with --jobs 1 and --jobs 2 (identical output required), its ratio to
  the floor, peak memory for 10,000 and 100,000 calls, and CLI start-up for one call;
- how cost grows with call length and with the number of forbidden phrases; dense and very long calls.
Prints a Markdown table. Timing targets live here, never in the test suite.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402

import scriptcheck  # noqa: E402
from scriptcheck.text import normalize_many  # noqa: E402

JDDC = HERE.parent.parent / "shared" / "corpus" / "jddc-sample" / "chat_0.1per.txt"


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def floor(path: Path, pack) -> float:
    """Seconds to read, parse and scan every call of a JSONL file once, with no rule logic."""
    def run():
        with path.open("rb") as stream:
            for line in stream:
                call = json.loads(line)
                pack.index.scan([u["text"] for u in call["utterances"]])
    return timed(run)[1]


def floor_normalized(path: Path, pack) -> float:
    """The floor plus the normalisation every matcher needs (full-width, punctuation, Traditional)."""
    def run():
        with path.open("rb") as stream:
            for line in stream:
                call = json.loads(line)
                pack.index.scan(normalize_many([u["text"] for u in call["utterances"]]))
    return timed(run)[1]


def engine(calls: list, pack) -> float:
    """Seconds for ``check`` over already-parsed calls (the in-process engine)."""
    for call in calls[:50]:
        scriptcheck.check(call, pack)  # warm caches (fold tables, jieba if a hit needs it)
    return timed(lambda: [scriptcheck.check(c, pack) for c in calls])[1]


def cli(args: list[str], output: Path | None = None) -> tuple[float, int, str]:
    """(seconds, peak RSS in MiB of the command and its workers, sha256 of the output)."""
    command = [sys.executable, "-c", (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"),
        sys.executable, "-m", "scriptcheck", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds, rss = done.stdout.split()
    digest = hashlib.sha256(output.read_bytes()).hexdigest() if output else ""
    return float(seconds), int(rss) // 1024, digest


def parse(path: Path) -> list:
    with path.open("rb") as stream:
        return [scriptcheck.Transcript.from_dict(json.loads(line)) for line in stream]


def pack_with_phrases(folder: Path, count: int):
    phrases = json.dumps(corpus.synthetic_phrases(count), ensure_ascii=False)
    path = folder / f"phrases-{count}.yaml"
    path.write_text(f"""extends: default
pack: phrases-{count}
rules:
  - id: forbidden.synthetic
    type: forbidden
    category: forbidden
    source: benchmark
    message: 使用忌语「{{evidence}}」
    phrases: {phrases}
""", encoding="utf-8")
    return scriptcheck.load_rules(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000, help="typical calls for throughput (default 20000)")
    parser.add_argument("--memory-calls", type=int, nargs=2, default=(10_000, 30_000), metavar=("SMALL", "LARGE"),
                        help="batch sizes whose peak memory is compared (default 10000 30000)")
    parser.add_argument("--full", action="store_true", help="memory at 10,000 and 100,000 calls (several minutes more)")
    parser.add_argument("--quick", action="store_true", help="small sizes, for trying the script")
    args = parser.parse_args(argv)
    if args.full:
        args.memory_calls = (10_000, 100_000)
    if args.quick:
        args.calls, args.memory_calls = 2_000, (1_000, 5_000)
    rows: list[tuple[str, str, str]] = []
    pack = scriptcheck.load_rules()
    work = Path(tempfile.mkdtemp(prefix="scriptcheck-bench-"))
    typical = work / "typical.jsonl"
    corpus.write_jsonl(str(typical), corpus.typical_calls(args.calls))
    calls = parse(typical)
    chars = sum(len(u.text) for c in calls for u in c.utterances) / len(calls)
    utterances = sum(len(c.utterances) for c in calls) / len(calls)
    print(f"corpus: {len(calls)} typical calls, {utterances:.0f} utterances and {chars:.0f} characters each",
          flush=True)

    floor_seconds = floor(typical, pack)
    floor_norm_seconds = floor_normalized(typical, pack)
    engine_seconds = engine(calls, pack)
    n = len(calls)
    rows.append(("floor: read + parse + one scan", f"{n / floor_seconds:,.0f} calls/s",
                 f"{floor_seconds / n * 1e6:,.0f} µs/call"))
    rows.append(("floor + normalisation", f"{n / floor_norm_seconds:,.0f} calls/s",
                 f"{floor_norm_seconds / n * 1e6:,.0f} µs/call"))
    rows.append(("in-process engine (check), 1 core", f"{n / engine_seconds:,.0f} calls/s",
                 f"{engine_seconds / n * 1e6:,.0f} µs/call"))

    out1, out2 = work / "jobs1.jsonl", work / "jobs2.jsonl"
    seconds1, rss1, digest1 = cli(["score", str(typical), "--format", "jsonl", "--jobs", "1", "-o", str(out1)], out1)
    seconds2, rss2, digest2 = cli(["score", str(typical), "--format", "jsonl", "--jobs", "2", "-o", str(out2)], out2)
    rows.append(("end-to-end `score --jobs 1`", f"{n / seconds1:,.0f} calls/s",
                 f"{seconds1 / floor_seconds:.1f}× the floor; {seconds1 / floor_norm_seconds:.1f}× floor + normalisation"))
    rows.append(("end-to-end `score --jobs 2`", f"{n / seconds2:,.0f} calls/s",
                 f"{seconds1 / seconds2:.2f}× faster than --jobs 1; output identical: {digest1 == digest2}"))
    if digest1 != digest2:
        print("ERROR: --jobs 1 and --jobs 2 gave different output", file=sys.stderr)

    # Start-up: a call with no hit that needs a word boundary (jieba stays unloaded), and one with a
    # filler particle (嘛), whose boundary check loads jieba's dictionary.
    for label, call in (("no word segmentation", corpus.clean_call()), ("with a 嘛 to segment", corpus.filler_call())):
        one = work / "one.json"
        one.write_text(json.dumps(call, ensure_ascii=False), encoding="utf-8")
        starts = sorted(cli(["score", str(one), "--format", "json", "--jobs", "1"])[0] for _ in range(5))
        rows.append((f"CLI start-up to first result, 1 call, {label}", f"{starts[2]:.2f} s", "median of 5"))

    for size in args.memory_calls:
        path = work / f"memory-{size}.jsonl"
        corpus.write_jsonl(str(path), corpus.typical_calls(size, seed=size))
        seconds, rss, _ = cli(["score", str(path), "--format", "jsonl", "--jobs", "2", "-o", os.devnull])
        rows.append((f"peak memory, {size:,} calls (--jobs 2)", f"{rss} MiB", f"{size / seconds:,.0f} calls/s"))
        path.unlink()

    for length in (20, 40, 80, 160):
        subset = [scriptcheck.Transcript.from_dict(c) for c in corpus.typical_calls(500, seed=length, utterances=length)]
        seconds = engine(subset, pack)
        rows.append((f"engine, {length}-utterance calls", f"{seconds / len(subset) * 1e6:,.0f} µs/call",
                     f"{seconds / len(subset) / length * 1e6:.1f} µs/utterance"))

    sample = calls[:2000]
    costs = {}
    for count in (100, 1000):
        costs[count] = engine(sample, pack_with_phrases(work, count)) / len(sample)
        rows.append((f"engine, default pack + {count:,} forbidden phrases", f"{costs[count] * 1e6:,.0f} µs/call", ""))
    rows.append(("1,000 phrases vs 100 phrases", f"{costs[1000] / costs[100]:.2f}×", "target < 1.5×"))

    rng = __import__("random").Random(5)
    dense = [scriptcheck.Transcript.from_dict(corpus.dense_call(rng, i)) for i in range(300)]
    seconds = engine(dense, pack)
    findings = sum(len(scriptcheck.check(c, pack).findings) for c in dense[:50]) / 50
    rows.append(("stress: dense hits (every agent turn)", f"{seconds / len(dense) * 1e6:,.0f} µs/call",
                 f"{findings:.0f} findings/call"))
    long_calls = [scriptcheck.Transcript.from_dict(c) for c in corpus.typical_calls(5, seed=9, utterances=2000)]
    seconds = engine(long_calls, pack)
    rows.append(("stress: 2,000-utterance calls", f"{seconds / len(long_calls) * 1e3:,.1f} ms/call",
                 f"{seconds / len(long_calls) / 2000 * 1e6:.1f} µs/utterance"))

    if JDDC.exists():
        out = work / "jddc.jsonl"
        seconds, rss, _ = cli(["score", str(JDDC), "--input-format", "tsv", "--columns", "call=0,speaker=2,text=6",
                               "--agent-value", "1", "--customer-value", "0", "--format", "jsonl", "-o", str(out)], out)
        sessions = sum(1 for _ in out.open(encoding="utf-8"))
        rows.append(("JD.com sample (994 chats), end-to-end", f"{sessions / seconds:,.0f} calls/s", f"{rss} MiB"))

    print()
    print("| measurement | result | notes |")
    print("| --- | --- | --- |")
    for name, result, notes in rows:
        print(f"| {name} | {result} | {notes} |")
    return 0 if digest1 == digest2 else 1


if __name__ == "__main__":
    sys.exit(main())
