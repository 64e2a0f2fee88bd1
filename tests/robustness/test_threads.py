"""``scriptcheck.check`` shares one pack between threads from the first call on: what is set up lazily on
first use (jieba, OpenCC, the pack's compiled operators) is set up once, and every thread gets the
report a single thread gets. Each run is a fresh interpreter, since only the first use can race."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from robustness_support import record_tried, robustness_tally  # noqa: F401

RUNS = 4  # fresh processes per case: the race showed in every run before the fix, so a few runs tell
THREADS = 8

_PROGRAM = textwrap.dedent("""
    import json, sys, threading
    import scriptcheck

    pack = scriptcheck.load_rules(sys.argv[1])
    call = scriptcheck.Transcript.from_dict(json.loads(sys.argv[2]))
    barrier = threading.Barrier(int(sys.argv[3]))
    results, errors = [], []

    def run():
        barrier.wait()
        try:
            report = scriptcheck.check(call, pack)
            results.append((report.score, tuple((f.rule, f.utterance, f.span) for f in report.findings)))
        except Exception as exc:  # the failure the test is about
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=run) for _ in range(barrier.parties)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    alone = scriptcheck.check(call, pack)
    expected = (alone.score, tuple((f.rule, f.utterance, f.span) for f in alone.findings))
    print(json.dumps({"errors": errors, "different": sum(r != expected for r in results),
                      "results": len(results)}))
""")

# Calls whose checking loads something on first use: jieba for a word boundary (喂 as a greeting),
# OpenCC for Traditional characters, fuzzy matching for a closing said with a typo.
CALLS = {
    "word boundary (jieba)": ["客服:喂，你好。", "客户:我想问一下燃气费。", "客服:不知道。"],
    "traditional characters (OpenCC)": ["客服:您好，請問有什麼可以幫您？", "客户:謝謝。", "客服:不客氣，再見。"],
    "fuzzy closing": ["客服:您好，中邑燃气。", "客户:好的谢谢。", "客服:感谢您的来电，再见了。"],
}


def _call(lines: list[str]) -> str:
    utterances = [{"speaker": line.split(":", 1)[0], "text": line.split(":", 1)[1]} for line in lines]
    return json.dumps({"id": "threads", "utterances": utterances}, ensure_ascii=False)


@pytest.mark.parametrize("pack", ["default", "chat"])
@pytest.mark.parametrize("name", sorted(CALLS))
def test_threads_sharing_a_pack_on_first_use_get_the_same_report(pack, name):
    record_tried("threads", f"{THREADS} threads, first use, {pack}: {name}")
    for _ in range(RUNS):
        done = subprocess.run([sys.executable, "-c", _PROGRAM, pack, _call(CALLS[name]), str(THREADS)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        outcome = json.loads(done.stdout)
        assert outcome == {"errors": [], "different": 0, "results": THREADS}
