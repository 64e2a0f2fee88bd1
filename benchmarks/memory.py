"""Memory benchmark: ``python benchmarks/memory.py [--sizes 2000000 4000000 8000000] [--pack-phrases 60000] [--limit-pack]``.

Peak resident memory (Linux's VmHWM) of ``scriptcheck score --jobs 1`` on one call whose agent utterance
has millions of characters, against a short call; the load time and peak memory of a pack of many
gapped phrases (``{*}``); and, with ``--limit-pack``, the same for the largest pack the limits allow (as
many gapped phrases of 8 to 12 characters as fit in 200,000 values), with the memory of all processes of
``score --jobs 1`` and ``--jobs 2`` with that pack (proportional set size: pages shared by the main
process and its workers counted once). The figures in docs/security.md come from this script.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402

PLAIN = "我们这边帮您查询一下燃气费的账单地址和联系电话师傅明天上门"
PIECES = {"plain text": PLAIN, "a finding every ~1,000 characters": PLAIN * 33 + "不知道，",
          "a word-boundary hit every ~3,000 characters": PLAIN * 100 + "喂，"}

MEASURED = """\
import json, sys, time
started = time.perf_counter()
{body}
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps([peak / 1024, time.perf_counter() - started]), file=sys.stderr)
"""
SCORE = "from scriptcheck.cli import main\nmain(sys.argv[1:])"
LOAD = "import scriptcheck\nscriptcheck.load_rules(sys.argv[1])"


def measured(body: str, args: list[str]) -> tuple[float, float]:
    done = subprocess.run([sys.executable, "-c", MEASURED.format(body=body), *args], capture_output=True, text=True)
    return tuple(json.loads(done.stderr.strip().splitlines()[-1]))  # type: ignore[return-value]


def score_peak(folder: Path, text: str) -> tuple[float, float]:
    path = folder / "call.json"
    path.write_text(json.dumps({"id": "long", "utterances": [{"speaker": "agent", "text": text},
                                                             {"speaker": "customer", "text": "好的"}]},
                               ensure_ascii=False), encoding="utf-8")
    return measured(SCORE, ["score", str(path), "--jobs", "1", "--format", "json", "-o", str(folder / "out.json"),
                            "--no-progress"])


def gapped_pack(folder: Path, count: int) -> Path:
    phrases = [p[:len(p) // 2] + "{*}" + p[len(p) // 2:] for p in corpus.synthetic_phrases(count)]
    path = folder / f"gapped-{count}.yaml"
    corpus.write_phrase_pack(path, f"gapped-{count}", phrases)
    return path


LIMIT_PHRASES = 199_970  # with the rest of the pack's document, 200,000 values: the documented limit
GAPPED_ALPHABET = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方"
                   "后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开")


def limit_pack(folder: Path, count: int = LIMIT_PHRASES) -> Path:
    """A pack at the limit of 200,000 values: ``count`` distinct gapped phrases of 8 to 12 characters."""
    rng = random.Random(13)
    phrases: set[str] = set()
    while len(phrases) < count:
        word = "".join(rng.choice(GAPPED_ALPHABET) for _ in range(rng.randint(8, 12)))
        phrases.add(word[:len(word) // 2] + "{*}" + word[len(word) // 2:])
    path = folder / "limit.yaml"
    corpus.write_phrase_pack(path, "limit", sorted(phrases))
    return path


def _process_tree(pid: int) -> list[int]:
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                todo += [int(c) for c in Path(f"/proc/{current}/task/{task}/children").read_text().split()]
        except OSError:
            pass
    return tree


def _memory_kib(pid: int) -> tuple[int, int]:
    """(Rss, Pss) of a process, KiB."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0, 0
    values = {line.split(":")[0]: int(line.split()[1]) for line in lines[1:]}
    return values.get("Rss", 0), values.get("Pss", 0)


def tree_peak(command: list[str]) -> tuple[float, float, float, int]:
    """Peak summed PSS and RSS (MiB) of a command and its worker processes, sampled; seconds; status."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    pss = rss = 0
    while process.poll() is None:
        sizes = [_memory_kib(pid) for pid in _process_tree(process.pid)]
        pss, rss = max(pss, sum(p for _, p in sizes)), max(rss, sum(r for r, _ in sizes))
        time.sleep(0.1)
    return pss / 1024, rss / 1024, time.perf_counter() - started, process.returncode


def limit_figures(folder: Path, calls: int) -> None:
    pack = limit_pack(folder)
    peak, seconds = measured(LOAD, [str(pack)])
    print(f"| largest pack: default + {LIMIT_PHRASES:,} gapped phrases of 8-12 characters | load | {seconds:.1f} s "
          f"| peak {peak:.0f} MiB |", flush=True)
    batch = folder / "calls.jsonl"
    corpus.write_jsonl(str(batch), corpus.typical_calls(calls))
    for rules in ("default", str(pack)):
        for jobs in (1, 2):
            pss, rss, seconds, status = tree_peak(
                [sys.executable, "-m", "scriptcheck", "score", str(batch), "--rules", rules, "--jobs", str(jobs),
                 "--format", "json", "-o", str(folder / "out.json"), "--no-progress"])
            name = "default pack" if rules == "default" else "largest pack"
            print(f"| {name} | `score --jobs {jobs}`, {calls:,} calls | {seconds:.1f} s (status {status}) "
                  f"| all processes: PSS {pss:.0f} MiB (RSS summed {rss:.0f} MiB) |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[2_000_000, 4_000_000, 8_000_000])
    parser.add_argument("--pack-phrases", type=int, nargs="*", default=[20_000, 60_000])
    parser.add_argument("--limit-pack", action="store_true", help="measure the largest pack the limits allow")
    parser.add_argument("--calls", type=int, default=2_000, help="calls scored with the largest pack")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("| utterance | characters | peak MiB | over a short call, bytes per character | seconds |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for name, piece in PIECES.items():
            short, _ = score_peak(folder, piece * 2)
            for size in args.sizes:
                peak, seconds = score_peak(folder, (piece * (size // len(piece) + 1))[:size])
                print(f"| {name} | {size:,} | {peak:.0f} | {(peak - short) * 2 ** 20 / size:.0f} | {seconds:.1f} |",
                      flush=True)
        print()
        print("| pack | load seconds | peak MiB |")
        print("| --- | ---: | ---: |")
        base_peak, base_seconds = measured(LOAD, ["default"])
        print(f"| default | {base_seconds:.1f} | {base_peak:.0f} |", flush=True)
        for count in args.pack_phrases:
            peak, seconds = measured(LOAD, [str(gapped_pack(folder, count))])
            print(f"| default + {count:,} gapped phrases | {seconds:.1f} | {peak:.0f} |", flush=True)
        if args.limit_pack:
            print()
            limit_figures(folder, args.calls)


if __name__ == "__main__":
    main()
