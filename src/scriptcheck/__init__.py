"""scriptcheck: check Chinese call-centre conversations against a telephone service standard.

    import scriptcheck
    pack = scriptcheck.load_rules()                      # the bundled default pack
    call = scriptcheck.read_transcript("call.json")
    report = scriptcheck.check(call, pack)
    print(report.score, [f.rule for f in report.findings])
"""
from __future__ import annotations

__version__ = "0.1.0"

from .engine import check
from .errors import PackError, PackErrors, ScriptcheckError, TranscriptError
from .model import Closest, Finding, Occurrence, ReadFailure, Report, Transcript, Utterance
from .pack.loader import bundled_packs, load_rules
from .pack.rulepack import RulePack
from .transcripts import iter_file, read_transcript

__all__ = [
    "check", "load_rules", "read_transcript", "iter_file", "bundled_packs",
    "Transcript", "Utterance", "Report", "Finding", "Closest", "Occurrence", "ReadFailure", "RulePack",
    "ScriptcheckError", "PackError", "PackErrors", "TranscriptError", "__version__",
]
