"""Start-up loads only what is used: ``import scriptcheck`` loads none of the engine, and scoring with one
job loads neither multiprocessing, nor the HTML report, nor the readers of other input formats."""
from __future__ import annotations

import json
import subprocess
import sys

CALL = {"id": "c1", "utterances": [{"speaker": "客服", "text": "您好，请问有什么可以帮您？"},
                                   {"speaker": "客户", "text": "没有了，谢谢。"}]}


def _loaded(code: str) -> set[str]:
    """The modules in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    report = "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code + report], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_import_scriptcheck_loads_none_of_the_library():
    loaded = _loaded("import scriptcheck\nassert scriptcheck.__version__")
    assert not {m for m in loaded if m.startswith("scriptcheck.")}
    assert not {"yaml", "re2", "opencc", "jieba", "rapidfuzz"} & loaded


def test_scoring_with_one_job_loads_only_what_it_uses(tmp_path):
    call = tmp_path / "call.json"
    call.write_text(json.dumps(CALL, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "report.json"
    loaded = _loaded("from scriptcheck.cli import main\n"
                     f"main(['score', {str(call)!r}, '--format', 'json', '--jobs', '1', '--output', {str(out)!r}])")
    assert json.loads(out.read_text(encoding="utf-8"))[0]["id"] == "c1"
    assert "scriptcheck.formatters.json" in loaded
    assert not {"multiprocessing", "concurrent.futures.process", "scriptcheck.pools", "scriptcheck.formatters.html",
                "scriptcheck.formatters.csv", "scriptcheck.transcripts.csv_reader", "scriptcheck.transcripts.aliyun",
                "scriptcheck.transcripts.subtitles", "scriptcheck.authoring", "scriptcheck.lint"} & loaded
