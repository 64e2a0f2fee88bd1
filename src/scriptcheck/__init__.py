"""scriptcheck: check Chinese call-centre conversations against a telephone service standard.

    import scriptcheck
    pack = scriptcheck.load_rules()                      # the bundled default pack
    call = scriptcheck.read_transcript("call.json")
    report = scriptcheck.check(call, pack)
    print(report.score, [f.rule for f in report.findings])
"""
from __future__ import annotations

from importlib import import_module as _import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Public names are imported on first use (PEP 562), so that `import scriptcheck` and the command line
# start quickly and load only the parts they need.
_SOURCES = {
    "check": ".engine",
    "PackError": ".errors", "PackErrors": ".errors", "ScriptcheckError": ".errors", "TranscriptError": ".errors",
    "PackTypeError": ".errors", "TranscriptTypeError": ".errors",
    "ReadOptions": ".transcripts.options",
    "Closest": ".model", "Finding": ".model", "Occurrence": ".model", "ReadFailure": ".model", "Report": ".model",
    "Transcript": ".model", "Utterance": ".model",
    "bundled_packs": ".pack.loader", "load_rules": ".pack.loader",
    "RulePack": ".pack.rulepack",
    "iter_file": ".transcripts", "read_transcript": ".transcripts",
}

__all__ = [
    "check", "load_rules", "read_transcript", "iter_file", "bundled_packs", "ReadOptions",
    "Transcript", "Utterance", "Report", "Finding", "Closest", "Occurrence", "ReadFailure", "RulePack",
    "ScriptcheckError", "PackError", "PackErrors", "TranscriptError", "PackTypeError", "TranscriptTypeError",
    "__version__",
]

if TYPE_CHECKING:
    from .engine import check
    from .errors import PackError, PackErrors, PackTypeError, ScriptcheckError, TranscriptError, TranscriptTypeError
    from .model import Closest, Finding, Occurrence, ReadFailure, Report, Transcript, Utterance
    from .pack.loader import bundled_packs, load_rules
    from .pack.rulepack import RulePack
    from .transcripts import iter_file, read_transcript
    from .transcripts.options import ReadOptions


def __getattr__(name: str) -> object:
    if name not in _SOURCES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_import_module(_SOURCES[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
