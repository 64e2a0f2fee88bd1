"""Memory stays in proportion to the input: a call with one utterance of millions of characters — far past
any real call, within the documented line limit — is scored with a small constant amount of memory per
character (docs/security.md states the factor). Before, the automaton's offset table, jieba's word graph,
rapidfuzz's comparison tables and the offset map each took tens to hundreds of bytes per character of
such an utterance."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from robustness_support import record_tried, robustness_tally  # noqa: F401

CHARS = 2_000_000
# Peak memory of the process, beyond that of scoring a short call, per character of the long utterance.
# Reading the JSON file, the utterance, its normalised form and its offset map take about 30 bytes per
# character; a list of one Python int per character would take 36 alone, and jieba's word graph hundreds.
BYTES_PER_CHAR = 40

PLAIN = "我们这边帮您查询一下燃气费的账单地址和缴费记录师傅明天过来"
PIECES = {
    # Nothing any rule looks for: only the closest-candidate search of the opening and closing reads it.
    "plain text": PLAIN,
    # 喂 is forbidden on word boundaries only: every hit is segmented by jieba.
    "word-boundary hits": PLAIN * 100 + "喂，",
    # A finding every thousand characters or so, which needs the offset map of the utterance (the
    # findings themselves take memory of their own, in proportion to their number: see docs/security.md).
    "findings": PLAIN * 33 + "不知道，",
    # Traditional characters: OpenCC converts the text, the offset map takes the slow path.
    "traditional, full-width": "我們這邊幫您查詢一下燃氣費的賬單地址ＡＢＣ　１２３" * 33 + "不知道，",
}



@pytest.mark.parametrize("pack", ["default", "chat", "outbound-sales"])
def test_plain_text_holds_nothing_the_packs_look_for(pack):
    """The measurements below rest on it: each occurrence of a phrase takes memory of its own."""
    from scriptcheck import load_rules
    from scriptcheck.text import normalize_many

    assert list(load_rules(pack).index.matches(normalize_many([PLAIN]))) == []


MEASURED_RUN = """\
import json, sys
from scriptcheck.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps(peak), file=sys.stderr)
sys.exit(code)
"""


def peak_mib(path: Path, *options: str, codes: tuple[int, ...] = (0, 1)) -> float:
    done = subprocess.run([sys.executable, "-c", MEASURED_RUN, "score", str(path), "--jobs", "1", "--format", "json",
                           "-o", str(path.with_suffix(".out")), "--no-progress", *options],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode in codes, done.stderr[-2000:]
    return json.loads(done.stderr.strip().splitlines()[-1]) / 1024


def one_call(path: Path, text: str) -> Path:
    call = {"id": "long", "utterances": [{"speaker": "agent", "text": text}, {"speaker": "customer", "text": "好的"}]}
    path.write_text(json.dumps(call, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from /proc")
@pytest.mark.parametrize("name", PIECES)
def test_long_utterance_needs_memory_in_proportion_to_its_length(name, tmp_path):
    piece = PIECES[name]
    short_call_peak = peak_mib(one_call(tmp_path / "short.json", piece * 2))  # the same rules at work
    path = one_call(tmp_path / "long.json", (piece * (CHARS // len(piece) + 1))[:CHARS])
    peak = peak_mib(path)
    per_char = (peak - short_call_peak) * 2 ** 20 / CHARS
    record_tried("memory", f"one utterance of {CHARS:,} characters, {name}: peak {peak:.0f} MiB "
                           f"({per_char:.0f} bytes per character over a short call's {short_call_peak:.0f} MiB)")
    assert per_char < BYTES_PER_CHAR, f"{peak:.0f} MiB: {per_char:.0f} bytes per character"


UTTERANCES = 120_000
# Peak memory of all processes with --format html beyond that with --format json, per utterance of a failing
# call the report shows in full. The page's section of such a call was built as one string (with a list of
# its rows beside it): about 330 bytes per utterance; written row by row, what remains is the failing call's
# transcript, kept for its page (about 80 bytes per utterance: the JSON run's peak, checking the call in the
# worker, used to hide it and no longer does).
HTML_BYTES_PER_UTTERANCE = 150


def many_utterances(path: Path) -> Path:
    utterances = [{"speaker": "agent", "text": "这个我不知道" if i % 2000 == 0 else "您好请问有什么可以帮您"}
                  if i % 2 == 0 else {"speaker": "customer", "text": "我想查一下账单"} for i in range(UTTERANCES)]
    path.write_text(json.dumps({"id": "many", "utterances": utterances}, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="reads the memory from /proc")
@pytest.mark.parametrize("jobs", [1, 2])
def test_html_report_writes_a_call_of_many_utterances_in_flat_memory(jobs, tmp_path):
    from memory_support import tree_pss_mib

    path = many_utterances(tmp_path / "many.json")
    # The peak is sampled every 50 ms: on a busy machine one run can miss it, so each format's is the higher of two.
    peaks = {fmt: max(tree_pss_mib([sys.executable, "-m", "scriptcheck", "score", str(path), "--jobs", str(jobs),
                                    "--format", fmt, "-o", str(tmp_path / f"out.{fmt}"), "--no-progress"])
                      for _ in range(2))
             for fmt in ("json", "html")}
    per_utterance = (peaks["html"] - peaks["json"]) * 2 ** 20 / UTTERANCES
    record_tried("memory", f"a failing call of {UTTERANCES:,} utterances, --jobs {jobs}: html {peaks['html']:.0f} MiB, "
                           f"json {peaks['json']:.0f} MiB ({per_utterance:.0f} bytes per utterance more)")
    assert f'-u{UTTERANCES - 1}"' in (tmp_path / "out.html").read_text(encoding="utf-8")  # the whole transcript
    assert per_utterance < HTML_BYTES_PER_UTTERANCE, f"{per_utterance:.0f} bytes per utterance"


CSV_BYTES = 24 * 2 ** 20
# Peak memory of the process, beyond that of reading a small file, per byte of a CSV file that is one huge
# row: reading the file and decoding it take one to two times its size. Before, the whole text was copied
# into a line reader at 4 bytes per character, and a row of tiny cells made a Python string of each (some
# 50 bytes per byte of the file).
CSV_MEMORY_FACTOR = 4
CSV_OPTIONS = ("--columns", "call=0,speaker=1,text=2", "--agent-value", "agent")
ONE_ROW_CSV = {
    "one long text cell": lambda size: "c1,agent," + "a" * size + "\n",
    "one long Chinese cell": lambda size: "c1,agent," + "您" * (size // 3) + "\n",
    "millions of tiny cells": lambda size: ",".join(["ab"] * (size // 3)) + "\n",
    "a quoted cell over many lines": lambda size: 'c1,agent,"' + "您好\n" * (size // 7) + '"\n',
}


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from /proc")
@pytest.mark.parametrize("name", ONE_ROW_CSV)
def test_one_huge_csv_row_is_read_within_a_small_factor_of_its_size(name, tmp_path):
    small = tmp_path / "small.csv"
    small.write_text(ONE_ROW_CSV[name](3000), encoding="utf-8")
    small_peak = peak_mib(small, *CSV_OPTIONS, codes=(0, 1, 2))
    path = tmp_path / "huge.csv"
    path.write_text(ONE_ROW_CSV[name](CSV_BYTES), encoding="utf-8")
    size = path.stat().st_size
    factor = (peak_mib(path, *CSV_OPTIONS, codes=(0, 1, 2)) - small_peak) * 2 ** 20 / size
    record_tried("memory", f"a one-row CSV of {size / 2 ** 20:.0f} MiB, {name}: {factor:.1f} times its size")
    assert factor < CSV_MEMORY_FACTOR, f"{factor:.1f} times the file's size"
