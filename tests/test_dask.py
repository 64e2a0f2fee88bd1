"""Scoring on a local Dask cluster gives exactly what the engine gives in-process."""
import json

import pytest

import scriptcheck
from conftest import REPO
from scriptcheck.dask import RESULT_COLUMNS, score_bag, score_dataframe
from scriptcheck.formatters.json import result_to_dict
from scriptcheck.mask import mask_report

dask = pytest.importorskip("dask", reason="the dask extra is part of the test extra")
from dask.distributed import Client, LocalCluster  # noqa: E402

CALLS = REPO / "examples" / "calls"


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as connected:
            yield connected


def canonical_calls():
    calls = []
    for path in sorted(CALLS.glob("*.json")):
        calls.append(json.loads(path.read_text(encoding="utf-8")))
    return calls


def test_score_bag_matches_in_process_results(client):
    import dask.bag as db

    calls = canonical_calls() + [{"id": "broken", "utterances": []}]
    results = score_bag(db.from_sequence(calls, npartitions=3), "default").compute()
    pack = scriptcheck.load_rules()
    expected = [result_to_dict(mask_report(scriptcheck.check(scriptcheck.Transcript.from_dict(c), pack)))
                for c in calls[:-1]]
    assert results[:-1] == expected
    assert "empty call" in results[-1]["error"]


def test_score_dataframe_one_row_per_call(client):
    import dask.dataframe as dd
    import pandas as pd

    rows = []
    for call in canonical_calls():
        for utterance in call["utterances"]:
            rows.append({"call": call["id"], "speaker": utterance["speaker"], "text": utterance["text"],
                         "start": utterance.get("start"), "end": utterance.get("end")})
    frame = dd.from_pandas(pd.DataFrame(rows), npartitions=2)
    out = score_dataframe(frame, "default", start="start", end="end").compute()
    assert list(out.columns) == list(RESULT_COLUMNS)
    by_id = {row.id: row for row in out.itertuples()}
    assert set(by_id) == {c["id"] for c in canonical_calls()}
    pack = scriptcheck.load_rules()
    for call in canonical_calls():
        plain = {"id": call["id"], "utterances": [
            {k: u[k] for k in ("speaker", "text", "start", "end") if k in u} for u in call["utterances"]]}
        report = scriptcheck.check(scriptcheck.Transcript.from_dict(plain), pack)
        assert by_id[call["id"]].score == report.score
        assert len(json.loads(by_id[call["id"]].findings)) == len(report.findings)


@pytest.mark.parametrize("channel, phone_rules_fire", [("phone", True), ("chat", False)])
def test_score_dataframe_gives_every_call_its_channel(client, channel, phone_rules_fire):
    import dask.dataframe as dd
    import pandas as pd

    rows = [{"call": "c1", "speaker": "customer", "text": "在吗", "start": 0.0, "end": 1.0},
            {"call": "c1", "speaker": "agent", "text": "您好，在的，请问有什么可以帮您？", "start": 60.0, "end": 62.0}]
    frame = dd.from_pandas(pd.DataFrame(rows), npartitions=1)
    [row] = score_dataframe(frame, "default", start="start", end="end", channel=channel).compute().itertuples()
    assert row.channel == channel
    assert ("silence.agent" in {f["rule"] for f in json.loads(row.findings)}) is phone_rules_fire


def test_a_call_the_engine_fails_on_is_an_error_result_not_a_failed_task(monkeypatch):
    import scriptcheck.worker as worker
    from scriptcheck.dask import score_one

    def failing(call, pack):
        raise ZeroDivisionError("a defect")

    monkeypatch.setattr(worker, "check", failing)
    call = canonical_calls()[0]
    result = score_one(call, scriptcheck.load_rules())
    assert result["error"].endswith(": internal error while checking the call (ZeroDivisionError: a defect); "
                                    "please report it")
    assert "score" not in result
