"""A pack of many phrases with gaps (``{*}``) or slots costs about what a pack of as many plain phrases
costs, to load and to hold; and ``--jobs N`` workers share the loaded pack instead of each holding a copy
(docs/security.md states the measured figures for the largest pack the limits allow).

Before, each gapped phrase compiled its RE2 expression at load: several kilobytes and a quarter of a
millisecond each, 380 MiB and 16 seconds for 60,000 phrases, most of them never searched by a batch."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from memory_support import tree_pss_mib
from robustness_support import record_tried, robustness_tally  # noqa: F401

PHRASES = 20_000
SYLLABLES = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"


def _phrases(count: int, shape: str) -> list[str]:
    """``count`` distinct made-up phrases of 8 to 12 characters in ``shape`` (A, B: literal halves)."""
    out = []
    n = len(SYLLABLES)
    for i in range(count):
        word = "".join(SYLLABLES[(i * 7919 + k * 104729 + k * k * i) % n] for k in range(8 + i % 5))
        word = SYLLABLES[i % n] + SYLLABLES[(i // n) % n] + SYLLABLES[(i // n // n) % n] + word[3:]  # distinct
        half = len(word) // 2
        out.append(shape.replace("A", word[:half]).replace("B", word[half:]))
    return out


def pack_file(folder: Path, count: int, shape: str) -> Path:
    path = folder / f"pack-{count}-{shape.encode().hex()}.yaml"
    path.write_text(f"""extends: default
pack: many-phrases
slots:
  thing: {{values: [账单, 发票, 订单]}}
rules:
  - id: forbidden.many
    type: forbidden
    category: forbidden
    source: test
    message: 使用忌语「{{evidence}}」
    phrases: {json.dumps(_phrases(count, shape), ensure_ascii=False)}
""", encoding="utf-8")
    return path


MEASURED_LOAD = """\
import json, sys, time
import scriptcheck.pack.loader
started = time.process_time()
scriptcheck.load_rules(sys.argv[1])
seconds = time.process_time() - started
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps([peak / 1024, seconds]), file=sys.stderr)
"""


def load_cost(pack: str) -> tuple[float, float]:
    """Peak MiB and CPU seconds of a fresh process loading ``pack``."""
    done = subprocess.run([sys.executable, "-c", MEASURED_LOAD, pack], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return tuple(json.loads(done.stderr.strip().splitlines()[-1]))  # type: ignore[return-value]


SHAPES = {
    "one gap": "A{*}B",
    "two gaps": "A{*}B{*}我",
    "a slot of values": "A{thing}B",
}


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from /proc")
@pytest.mark.parametrize("shape", SHAPES)
def test_phrases_with_gaps_or_slots_load_about_as_cheaply_as_plain_ones(shape, tmp_path):
    default_peak, default_seconds = load_cost("default")
    plain_peak, plain_seconds = load_cost(str(pack_file(tmp_path, PHRASES, "AB")))
    peak, seconds = load_cost(str(pack_file(tmp_path, PHRASES, SHAPES[shape])))
    per_phrase = (peak - default_peak) * 2 ** 20 / PHRASES
    plain_per_phrase = (plain_peak - default_peak) * 2 ** 20 / PHRASES
    record_tried("memory", f"a pack of {PHRASES:,} phrases, {shape}: {seconds:.1f} s, {per_phrase:.0f} bytes per "
                           f"phrase (plain phrases: {plain_seconds:.1f} s, {plain_per_phrase:.0f} bytes)")
    # A compiled RE2 expression per phrase took about 6 KB and a quarter of a millisecond.
    assert per_phrase < plain_per_phrase + 1_000, f"{per_phrase:.0f} bytes per phrase"
    assert seconds - default_seconds < 1.5 * (plain_seconds - default_seconds) + 0.5, f"{seconds:.1f} s"


CALLS = 96


def calls_file(folder: Path) -> Path:
    utterances = [{"speaker": "agent", "text": "您好，很高兴为您服务，请问有什么可以帮您"},
                  {"speaker": "customer", "text": "我想查一下上个月的账单"},
                  {"speaker": "agent", "text": "好的，请稍等，我帮您查询一下，感谢您的耐心等待"},
                  {"speaker": "agent", "text": "感谢您的来电，再见"}]
    path = folder / "calls.jsonl"
    path.write_text("".join(json.dumps({"id": f"c{i}", "utterances": utterances}, ensure_ascii=False) + "\n"
                            for i in range(CALLS)), encoding="utf-8")
    return path


def score(calls: Path, pack: str, jobs: int) -> list[str]:
    return [sys.executable, "-m", "scriptcheck", "score", str(calls), "--rules", pack, "--jobs", str(jobs),
            "--format", "jsonl", "--no-progress"]


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="reads the memory from /proc")
@pytest.mark.parametrize("shape", ["one gap"])
def test_worker_processes_share_the_loaded_pack(shape, tmp_path):
    calls = calls_file(tmp_path)
    large = str(pack_file(tmp_path, PHRASES * 2, SHAPES[shape]))
    small_one, small_two = tree_pss_mib(score(calls, "default", 1)), tree_pss_mib(score(calls, "default", 2))
    large_one, large_two = tree_pss_mib(score(calls, large, 1)), tree_pss_mib(score(calls, large, 2))
    pack = large_one - small_one
    duplicated = (large_two - large_one) - (small_two - small_one)
    record_tried("memory", f"`score --jobs 2` with a pack of {2 * PHRASES:,} phrases, {shape}: "
                           f"{large_two:.0f} MiB in all (`--jobs 1`: {large_one:.0f} MiB; the pack "
                           f"{pack:.0f} MiB, of which the workers duplicate {duplicated:.0f} MiB)")
    assert duplicated < 0.3 * pack, f"workers add {duplicated:.0f} MiB for a pack of {pack:.0f} MiB"


WORKER_COLLECTS = """\
import gc, json, sys
import scriptcheck
from scriptcheck import pools
from scriptcheck.runner import RunSettings

def private_mib_after_full_collection():
    def private():
        with open("/proc/self/smaps_rollup") as rollup:
            return sum(int(line.split()[1]) for line in rollup if line.startswith(("Private_Dirty", "Private_Clean")))
    before = private()
    gc.collect()
    return (private() - before) / 1024

if __name__ == "__main__":
    pool = pools._pool(1, RunSettings(scriptcheck.load_rules(sys.argv[1])))
    print(json.dumps(pool.submit(private_mib_after_full_collection).result()))
    pool.shutdown()
"""


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="reads the memory from /proc")
@pytest.mark.parametrize("phrases", [PHRASES, 2 * PHRASES])
def test_a_full_collection_in_a_worker_does_not_copy_the_pack(phrases, tmp_path):
    """A worker's garbage collector, which runs now and then in a long batch, leaves the pack's pages shared."""
    done = subprocess.run([sys.executable, "-c", WORKER_COLLECTS, str(pack_file(tmp_path, phrases, SHAPES["one gap"]))],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    copied = json.loads(done.stdout.strip().splitlines()[-1])
    record_tried("memory", f"a full garbage collection in a worker, pack of {phrases:,} phrases: {copied:.0f} MiB copied")
    assert copied < 5, f"{copied:.0f} MiB of the pack copied into the worker"
