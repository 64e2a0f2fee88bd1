"""Scoring on a Dask cluster: ``pip install 'scriptcheck[dask]'``.

The engine is a pure function of (transcript, pack) and a RulePack pickles as the texts it was loaded
from, so each worker compiles the pack once and scores its partitions with no shared state::

    import dask.bag as db
    from scriptcheck.dask import score_bag

    calls = db.read_text("s3://bucket/calls-*.jsonl").map(json.loads)      # canonical transcript dicts
    results = score_bag(calls, "default").compute()                        # result dicts (contracts §3)

    from scriptcheck.dask import score_dataframe
    per_call = score_dataframe(utterances_df, "default", call="call_id")   # one row per utterance in
    per_call.compute()                                                     # → one row per call

Dask is an optional extra, imported only when these functions are called.
"""
from __future__ import annotations

import json
from typing import Any

from .errors import TranscriptError
from .formatters.json import result_to_dict
from .mask import mask_report
from .model import CHANNELS, PHONE, ReadFailure, Transcript
from .pack.loader import load_rules
from .pack.rulepack import RulePack
from .worker import check_call

RESULT_COLUMNS = ("id", "source", "agent", "channel", "rules", "score", "passed", "fatal", "fine", "findings", "error")


def _pack(pack: RulePack | str | None) -> RulePack:
    return pack if isinstance(pack, RulePack) else load_rules(pack)


def score_one(call: Transcript | dict[str, Any], pack: RulePack, mask: bool = True) -> dict[str, Any]:
    """One call (a Transcript or a canonical dict) → its result dict; a bad call, or one the engine fails on,
    → {"source", "error"}."""
    try:
        transcript = call if isinstance(call, Transcript) else Transcript.from_dict(
            call, source=str(call.get("source", "")) if isinstance(call, dict) else "")
    except TranscriptError as exc:
        failure = ReadFailure(str(call.get("id", "")) if isinstance(call, dict) else "", str(exc))
        return result_to_dict(mask_report(failure) if mask else failure)
    report = check_call(transcript, pack)
    return result_to_dict(mask_report(report) if mask else report)


def score_bag(bag: Any, pack: RulePack | str | None = None, mask: bool = True) -> Any:
    """A ``dask.bag.Bag`` of transcripts (Transcript or canonical dicts) → a Bag of result dicts."""
    compiled = _pack(pack)
    return bag.map_partitions(_score_partition, compiled, mask)


def _score_partition(calls: Any, pack: RulePack, mask: bool) -> list[dict[str, Any]]:
    return [score_one(call, pack, mask) for call in calls]


def score_dataframe(frame: Any, pack: RulePack | str | None = None, *, call: str = "call",
                    speaker: str = "speaker", text: str = "text", start: str | None = None,
                    end: str | None = None, channel: str = PHONE, mask: bool = True) -> Any:
    """A Dask DataFrame with one row per utterance → one row per call (``RESULT_COLUMNS``).

    Rows of a call are taken in their order within the call's group; ``findings`` is a JSON string.
    ``channel`` (``phone`` or ``chat``) is the channel of every call of the frame.
    """
    import pandas as pd

    if channel not in CHANNELS:
        raise ValueError(f"channel must be phone or chat, got {channel!r}")
    compiled = _pack(pack)
    meta = pd.DataFrame({name: pd.Series(dtype="object") for name in RESULT_COLUMNS})
    columns = {"speaker": speaker, "text": text, "start": start, "end": end}
    return frame.groupby(call).apply(_score_group, compiled, columns, channel, mask,
                                     meta=meta).reset_index(drop=True)


def _score_group(rows: Any, pack: RulePack, columns: dict[str, str | None], channel: str, mask: bool) -> Any:
    import pandas as pd

    utterances = []
    for row in rows.itertuples(index=False):
        values = row._asdict()
        utterance = {"speaker": values[columns["speaker"]], "text": values[columns["text"]]}
        for key in ("start", "end"):
            if columns[key] is not None and pd.notna(values[columns[key]]):
                utterance[key] = float(values[columns[key]])
        utterances.append(utterance)
    call_id = str(rows.name) if hasattr(rows, "name") else ""
    result = score_one({"id": call_id, "channel": channel, "utterances": utterances}, pack, mask)
    result["findings"] = json.dumps(result.get("findings", []), ensure_ascii=False)
    return pd.DataFrame([{name: result.get(name) for name in RESULT_COLUMNS}])
