"""The same inputs and pack give byte-identical reports: across runs, across --jobs 1/2/3, and across
processes with different hash seeds (a set or dict order leaking into a report would show here)."""
from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from robustness_support import REPO, record_tried, robustness_tally  # noqa: F401

PACK = """\
extends: default
pack: determinism
slots:
  product: {pattern: '(燃气|天然气)(费|表)'}
rules:
  - id: forbidden.extra
    type: forbidden
    category: forbidden
    message: 使用忌语「{evidence}」
    phrases: [随便, 没办法, 你自己看]
    patterns: ['不(知道|清楚)(啊|呀)?']
    fine: 5
  - id: product.mentioned
    type: count
    category: courtesy
    message: 提到「{evidence}」{count}次
    phrases: ['{product}']
    max: 1
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(REPO / "examples" / "calls", folder / "examples")
    rng = random.Random(11)
    agent = ["您好，请问有什么可以帮助您？", "不知道啊，你自己看。", "请您稍等。", "感谢您的等待，王先生。", "没办法，随便你。",
             "您的燃气费是一百元，燃气表正常。", "请问还有其它问题吗？", "感谢您的来电，再见！", "喂？喂？"]
    customer = ["我想查燃气费。", "谢谢", "我姓王。", "我要投诉！", "好的。", "我的手机号是13812345678。"]
    lines = []
    for i in range(60):
        now, utterances = 0.0, []
        for j in range(rng.randint(2, 14)):
            said = rng.choice(agent if j % 2 == 0 else customer)
            utterances.append({"speaker": "客服" if j % 2 == 0 else "客户", "text": said, "start": round(now, 1),
                               "end": round(now + len(said) / 4, 1)})
            now += len(said) / 4 + rng.uniform(0.1, 20)
        call = {"id": f"g{i:02d}", "direction": rng.choice(["inbound", "outbound"]), "utterances": utterances,
                "customer": {"surname": "王"} if i % 3 else {},
                "started_at": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00"}
        if i < 30:
            (folder / f"g{i:02d}.json").write_text(json.dumps(call, ensure_ascii=False), encoding="utf-8")
        else:
            lines.append(json.dumps(call, ensure_ascii=False))
    (folder / "more.jsonl").write_text("\n".join(lines[:15] + ["{broken"] + lines[15:]) + "\n", encoding="utf-8")
    (folder / "export.csv").write_text("call_id,speaker,text\n" + "\n".join(
        f"x{c},{'客服' if r % 2 == 0 else '客户'},{rng.choice(agent if r % 2 == 0 else customer)}"
        for c in range(12) for r in range(5)) + "\n", encoding="utf-8")
    (folder / "broken.json").write_text('{"utterances": [{"speaker": "主持人", "text": "大家好"}]}', encoding="utf-8")
    (folder / "pack.yaml").write_text(PACK, encoding="utf-8")
    return folder


def run(corpus: Path, out: Path, jobs: str, seed: str, fmt: str = "json") -> bytes:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    done = subprocess.run([sys.executable, "-m", "scriptcheck", "score", str(corpus), "--rules",
                           str(corpus / "pack.yaml"), "--format", fmt, "--output", str(out), "--jobs", jobs,
                           "--no-progress"],
                          env=env, capture_output=True, timeout=300)
    assert done.returncode == 2, done.stderr  # two inputs cannot be read; every other call is scored
    return out.read_bytes()


@pytest.mark.parametrize("fmt, runs", [
    ("json", [("1", "0"), ("1", "1"), ("2", "2"), ("3", "3"), ("2", "random")]),
    ("csv", [("1", "4"), ("3", "5")]),
])
def test_reports_are_byte_identical_across_runs_jobs_and_hash_seeds(corpus, tmp_path, fmt, runs):
    reports = [run(corpus, tmp_path / f"report-{i}.{fmt}", jobs, seed, fmt) for i, (jobs, seed) in enumerate(runs)]
    which = ", ".join(f"--jobs {jobs} seed {seed}" for jobs, seed in runs)
    record_tried("determinism", f"--format {fmt}: {len(runs)} runs ({which}), {len(reports[0]):,} bytes each: "
                                "identical")
    assert all(report == reports[0] for report in reports[1:])
    if fmt == "json":
        results = json.loads(reports[0])
        ids = {r["id"] for r in results if "id" in r}
        assert {f"g{i:02d}" for i in range(60)} | {f"x{c}" for c in range(12)} <= ids  # every call scored
        assert sorted(r["source"].rsplit("/", 1)[-1] for r in results if "error" in r) == ["broken.json", "more.jsonl"]
