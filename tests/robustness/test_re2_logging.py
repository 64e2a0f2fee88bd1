"""RE2 writes nothing to standard error: not the C++ log lines of a pattern it refuses (which came before
scriptcheck's own pack error), nor one "DFA out of memory" line per search for a pattern whose automaton
outgrows RE2's memory budget (RE2 then searches another way, still in linear time). Standard error carries
scriptcheck's messages only."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from robustness_support import record_tried, robustness_tally  # noqa: F401

PACK = """\
extends: default
pack: hostile-regex
rules:
  - id: forbidden.pattern
    type: forbidden
    category: forbidden
    source: test
    message: 使用忌语「{{evidence}}」
    patterns: [{pattern}]
"""


def random_ab(seed: int) -> str:
    return "".join(random.Random(seed).choice("ab") for _ in range(100_000)) + "x"


# (pattern, the utterance of call i, exit status, what standard error must say)
CASES = {
    "lookbehind, refused at load": ("'(?<=a)b'", str, 2, "invalid regular expression"),
    "invalid repetition, refused at load": ("'a{1001}'", str, 2, "invalid regular expression"),
}
RE2_LOG = ("re2.cc", "absl::", "DFA out of memory", "E0000")


@pytest.mark.parametrize("name", CASES)
def test_re2_writes_nothing_to_stderr(name, tmp_path):
    pattern, text, status, expected = CASES[name]
    (tmp_path / "pack.yaml").write_text(PACK.format(pattern=pattern), encoding="utf-8")
    with (tmp_path / "calls.jsonl").open("w", encoding="utf-8") as out:
        for i in range(20):
            out.write(json.dumps({"id": f"c{i}", "utterances": [{"speaker": "agent", "text": text(i)}]}) + "\n")
    done = subprocess.run([sys.executable, "-m", "scriptcheck", "score", "calls.jsonl", "--rules", "pack.yaml",
                           "--jobs", "1", "--format", "jsonl", "-o", "out.jsonl", "--no-progress",
                           "--fail-under", "0"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    record_tried("RE2 logging", f"{name}: exit {done.returncode}, {len(done.stderr.splitlines())} stderr lines")
    assert [line for line in done.stderr.splitlines() if any(mark in line for mark in RE2_LOG)] == []
    assert done.returncode == status, done.stderr[-2000:]
    if expected:
        assert expected in done.stderr
        assert all(line.startswith(("pack.yaml", "error")) for line in done.stderr.splitlines()), done.stderr
    else:
        assert done.stderr == ""
        assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 20


# RE2 keeps one DFA cache per expression; a search that finds it full too often gives the DFA up (and
# logged so): texts of growing length with an expression of 2^30 states do it from the third search on.
DFA_EXHAUSTED = """\
import random
from scriptcheck.phrases import compile_regex
regex = compile_regex("[ab]*a[ab]{30}x")
rng = random.Random(1)
for size in (1_000, 10_000, 100_000, 100_000, 300_000):
    text = "".join(rng.choice("ab") for _ in range(size)) + "x"
    regex.search(text), list(regex.finditer(text))
print("searched")
"""


def test_an_expression_that_exhausts_the_dfa_runs_without_a_word_on_stderr():
    done = subprocess.run([sys.executable, "-c", DFA_EXHAUSTED], capture_output=True, text=True, timeout=120)
    record_tried("RE2 logging", "an expression whose DFA outgrows RE2's memory, searched in long texts")
    assert (done.returncode, done.stdout, done.stderr) == (0, "searched\n", "")
