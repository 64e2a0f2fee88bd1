"""Use scriptcheck as a library: load a rule pack, read a call, check it, walk the findings."""
import sys
from pathlib import Path

CALLS = Path(__file__).resolve().parent / "calls"
try:
    import scriptcheck
except ImportError:  # running from a source checkout that is not installed
    sys.path.insert(0, str(CALLS.parent.parent / "src"))
    import scriptcheck

pack = scriptcheck.load_rules()  # the bundled default pack; or load_rules("outbound-sales") or a path
try:
    call = scriptcheck.read_transcript(str(CALLS / "inbound-faulty.json"))
except scriptcheck.TranscriptError as err:  # "file:line:col: what is wrong"
    sys.exit(f"cannot read transcript: {err}")

report = scriptcheck.check(call, pack)
print(f"{report.id} [{report.rules}]: score {report.score:g}, passed={report.passed}, "
      f"fatal={report.fatal}, fine {report.fine:g} 元")
for f in report.findings:
    where = f"utterance {f.utterance} {f.span} 「{f.evidence}」" if f.utterance is not None else "(whole call)"
    print(f"  {f.category:<10} {f.rule:<24} -{f.deduction:g} fine {f.fine:g}元  {where}")
    if f.closest is not None:  # the nearest candidate for a required phrase that is missing
        print(f"    closest: utterance {f.closest.utterance} 「{f.closest.text}」 {f.closest.similarity:.1f}")

# The outbound sales pack: a call that never says how to cancel is failed outright.
sales = scriptcheck.check(scriptcheck.read_transcript(str(CALLS / "sales-outbound.txt")),
                          scriptcheck.load_rules("outbound-sales"))
print(f"{sales.id} [{sales.rules}]: score {sales.score:g}, fatal={sales.fatal}")

# A transcript built in memory, e.g. straight from your own ASR pipeline.
memo = scriptcheck.Transcript.from_dict({"utterances": [{"speaker": "客服", "text": "您好"}]})
print("in memory:", [f.rule for f in scriptcheck.check(memo, pack).findings])
