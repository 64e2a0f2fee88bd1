"""Convert the MobileCS (SereTOD 2022) example dialogs into scriptcheck's canonical JSONL.

Usage: python examples/convert_mobilecs.py SRC_DIR OUT.jsonl

SRC_DIR holds example.json (a list of {"id", "content": [turn, ...]}) and/or
example_v1_2022-06-30.json (a bare list of turn lists). Each turn pairs an agent utterance
("[SPEAKER 1]") with the customer's reply ("[SPEAKER 2]"). Texts are kept as transcribed
(pause marks "_", "[UNK]", masked numbers): good material for fuzzy matching. The corpus
carries no licence: write the output outside the repository (e.g. /tmp), never redistribute it.
"""
import json
import sys
from pathlib import Path

FILES = ("example.json", "example_v1_2022-06-30.json")
ROLES = (("[SPEAKER 1]", "agent"), ("[SPEAKER 2]", "customer"))


def to_transcript(call_id, turns, source):
    utterances = []
    for turn in turns:
        for key, speaker in ROLES:
            text = (turn.get(key) or "").strip()
            if text:
                utterances.append({"speaker": speaker, "text": text})
    return {"id": call_id, "direction": "inbound",
            "metadata": {"corpus": "MobileCS", "source": source}, "utterances": utterances}


def convert(src_dir):
    for name in FILES:
        path = Path(src_dir) / name
        if not path.is_file():
            continue
        records = json.loads(path.read_text(encoding="utf-8"))
        for n, record in enumerate(records, 1):
            if isinstance(record, dict):  # newer layout: {"id", "content"}
                yield to_transcript(str(record["id"]), record["content"], name)
            else:                         # older layout: a bare list of turns
                yield to_transcript(f"v1-{n}", record, name)


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    calls = [call for call in convert(args[0]) if call["utterances"]]
    if not calls:
        print(f"{args[0]}: none of {', '.join(FILES)} found", file=sys.stderr)
        return 2
    with open(args[1], "w", encoding="utf-8") as out:
        for call in calls:
            out.write(json.dumps(call, ensure_ascii=False) + "\n")
    print(f"wrote {len(calls)} calls to {args[1]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
