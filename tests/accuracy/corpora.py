"""Readers for the four third-party corpora the accuracy measurement is run on.

Each reader turns one corpus, read straight from its folder, into canonical transcript dicts
(contracts §1) whose `id` is the corpus's own conversation id and whose utterance indexes are the ones
the labels refer to, and whose `channel` is `chat` or `phone`.

Speaker assumptions:

- JDDC: column 2 (是否客服发送) is 1 for the agent, anything else is the customer; every row is an
  utterance, in file order, so an index is the row's position in its session.
- STC-3: `helpdesk` is the agent; a turn holding several utterances gives one utterance each, empty
  strings (uncrawled emoji and photos) are skipped.
- MobileCS: `[SPEAKER 1]` is the agent, `[SPEAKER 2]` the customer (examples/convert_mobilecs.py).
- ECD: the turns are word-segmented by the dataset's creators; the spaces next to Chinese characters are
  removed again. Speakers are not labelled. Turns alternate and the last one (the label-1 response) is the
  shop agent's, so speakers are assigned backwards from it: agent, customer, agent, …. The first
  turn is usually the customer's, which agrees with this for contexts of odd length; where it does
  not, the reading is still the only one consistent with alternation.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

_EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
if str(_EXAMPLES) not in sys.path:
    sys.path.insert(0, str(_EXAMPLES))

import convert_mobilecs  # noqa: E402  (examples/ is not a package)

Call = dict[str, Any]


def _call(call_id: str, corpus: str, channel: str, utterances: list[dict[str, str]]) -> Call:
    return {"id": call_id, "direction": "inbound", "channel": channel,
            "metadata": {"corpus": corpus}, "utterances": utterances}


def read_jddc(root: Path) -> Iterator[Call]:
    path = root / "jddc-sample" / "chat_0.1per.txt"
    session, utterances = None, []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 7:
                continue
            if row[0] != session:
                if utterances:
                    yield _call(session, "jddc", "chat", utterances)
                session, utterances = row[0], []
            speaker = "agent" if row[2].strip() == "1" else "customer"
            utterances.append({"speaker": speaker, "text": "\t".join(row[6:])})
    if utterances:
        yield _call(session, "jddc", "chat", utterances)


def read_stc3(root: Path) -> Iterator[Call]:
    path = root / "stc3-weibo-helpdesk" / "test_data_cn.json"
    for dialogue in json.loads(path.read_text(encoding="utf-8")):
        utterances = []
        for turn in dialogue["turns"]:
            speaker = "agent" if turn["sender"] == "helpdesk" else "customer"
            utterances += [{"speaker": speaker, "text": text} for text in turn["utterances"] if text.strip()]
        if utterances:
            yield _call(str(dialogue["id"]), "stc3", "chat", utterances)


def read_mobilecs(root: Path) -> Iterator[Call]:
    for call in convert_mobilecs.convert(root / "mobilecs-seretod"):
        if call["utterances"]:
            yield _call(call["id"], "mobilecs", "phone", call["utterances"])


def read_ecd(root: Path) -> Iterator[Call]:
    for name in ("test", "train"):
        path = root / "ecd-taobao-sample" / name
        with path.open(encoding="utf-8") as handle:
            for line_no, line in enumerate(handle, 1):
                fields = line.rstrip("\n").split("\t")
                if len(fields) < 3 or fields[0] != "1":
                    continue
                turns = fields[1:]
                last = len(turns) - 1
                utterances = [{"speaker": "agent" if (last - i) % 2 == 0 else "customer", "text": _unsegmented(text)}
                              for i, text in enumerate(turns)]
                yield _call(f"{name}:{line_no}", "ecd", "chat", utterances)


# The dataset's creators cut every turn into words with spaces; the chat had none. A space next to a
# Chinese character is removed (spaces between two ASCII words, as in 「iPhone 6」, stay), so that
# clause boundaries are the chat's own punctuation, not the word cuts.
_SEGMENT_SPACE = re.compile(r" (?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) ")


def _unsegmented(text: str) -> str:
    return _SEGMENT_SPACE.sub("", text)


@dataclass(frozen=True)
class Corpus:
    name: str
    channel: str
    read: Callable[[Path], Iterator[Call]]


CORPORA: tuple[Corpus, ...] = (
    Corpus("jddc", "chat", read_jddc),
    Corpus("stc3", "chat", read_stc3),
    Corpus("mobilecs", "phone", read_mobilecs),
    Corpus("ecd", "chat", read_ecd),
)
BY_NAME = {corpus.name: corpus for corpus in CORPORA}
