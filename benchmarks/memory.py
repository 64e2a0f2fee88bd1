"""Memory benchmark: ``python benchmarks/memory.py [--sizes 2000000 4000000 8000000] [--pack-phrases 60000]``.

Peak resident memory (Linux's VmHWM) of ``scriptcheck score --jobs 1`` on one call whose agent utterance
has millions of characters, against a short call; and the load time and peak memory of a pack of many
gapped phrases (``{*}``). The figures in docs/security.md come from this script.
"""
from __future__ import annotations

import argparse
import json
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
    path.write_text(f"""extends: default
pack: gapped-{count}
rules:
  - id: forbidden.synthetic
    type: forbidden
    category: forbidden
    source: benchmark
    message: 使用忌语「{{evidence}}」
    phrases: {json.dumps(phrases, ensure_ascii=False)}
""", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[2_000_000, 4_000_000, 8_000_000])
    parser.add_argument("--pack-phrases", type=int, nargs="*", default=[20_000, 60_000])
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


if __name__ == "__main__":
    main()
