"""Customer data protection (信息保密): a phone number is masked wherever it reaches a report — call id, file
name (``source``), agent id, error text, evidence, closest candidate, HTML transcript — in every format, and
in the ways people write it: ``13812345678``, ``138 1234 5678``, ``138-1234-5678``, ``+86 138 1234 5678``.
"""
from __future__ import annotations

import json

import pytest
from cli_capture import run
from robustness_support import record_tried, robustness_tally  # noqa: F401

from scriptcheck import mask


@pytest.mark.parametrize("text, masked", [
    ("13812345678", "138****5678"),
    ("138 1234 5678", "138 **** 5678"),
    ("138-1234-5678", "138-****-5678"),
    ("1381234 5678", "138**** 5678"),
    ("+86 138 1234 5678", "+86 138 **** 5678"),
    ("+86-138-1234-5678", "+86-138-****-5678"),
    ("+8613812345678", "+*********5678"),  # also 13 digits in a row, as an account number: the stricter wins
    ("(+86)138 1234 5678", "(+86)138 **** 5678"),
    ("0086 138 1234 5678", "0086 138 **** 5678"),
    ("我的手机是138 1234 5678，谢谢", "我的手机是138 **** 5678，谢谢"),
    ("１３８ １２３４ ５６７８", "１３８ **** ５６７８"),
    ("138\u30001234\u30005678", "138\u3000****\u30005678"),
    # Not phone numbers: left as they are.
    ("2024-01-15 10:30", "2024-01-15 10:30"),
    ("订单 1234 5678", "订单 1234 5678"),
    ("12 3456 7890", "12 3456 7890"),
])
def test_phone_numbers_as_people_write_them(text, masked):
    assert mask.mask_text(text) == masked


@pytest.mark.parametrize("name, masked", [
    ("13812345678", "138****5678"),
    ("138-1234-5678_20240115.json", "138-****-5678_20240115.json"),
    ("+86 138 1234 5678", "+86 138 **** 5678"),
    ("0571-88886666.json", "****-****6666.json"),
    ("110105199003071234", "**************1234"),
    ("11010519900307123X.txt", "**************123X.txt"),
    # Call-centre numbering (dates, sequences): the report must still lead to the call.
    ("ib-20240115-0214", "ib-20240115-0214"),
    ("20240115-000123.json", "20240115-000123.json"),
    ("202401150001230001", "202401150001230001"),
    ("6222021234567890", "6222021234567890"),  # so a bank-card number in a name is not told from a sequence
])
def test_names_mask_the_numbers_that_name_a_person(name, masked):
    assert mask.mask_name(name) == masked


CALL_ID, FILE_PHONE, AGENT_ID, BROKEN_PHONE = "13824681111", "13935791111", "13746801111", "15892463333"
SAID = ["138 5791 2222", "138-6813-2222", "+86 138 7924 2222", "+86-139-8035-2222"]
# The middle four digits of every number: none of them may appear anywhere in a masked report.
HIDDEN = ["2468", "3579", "4680", "9246", "5791", "6813", "7924", "8035"]
FORMATS = ["text", "json", "jsonl", "csv", "html"]
NUMBERED = "ib-20240115-0214"  # a call numbered by date and sequence, as call-centre systems do


@pytest.fixture
def calls(tmp_path):
    folder = tmp_path / "calls"
    folder.mkdir()
    call = {"id": CALL_ID, "agent": {"id": AGENT_ID},
            "utterances": [{"speaker": "客服", "text": f"请讲，我的号码{SAID[0]}"},  # no greeting: the closest
                           {"speaker": "客户", "text": f"号码是{SAID[1]}和{SAID[2]}"},
                           {"speaker": "客服", "text": f"不知道{SAID[3]}"}]}
    (folder / f"{FILE_PHONE}.json").write_text(json.dumps(call, ensure_ascii=False), encoding="utf-8")
    (folder / f"{BROKEN_PHONE}.json").write_text("{broken", encoding="utf-8")
    (folder / f"{NUMBERED}.json").write_text(json.dumps(call, ensure_ascii=False).replace(CALL_ID, NUMBERED),
                                              encoding="utf-8")
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_phone_number_reaches_a_report(calls, monkeypatch, fmt, jobs):
    record_tried("masking", f"score --format {fmt} --jobs {jobs}: phone numbers in every field")
    ran = run(["score", str(calls), "--format", fmt, "--no-progress", "--jobs", jobs], monkeypatch)
    assert ran.code == 2  # the broken file
    everything = ran.out + ran.err
    leaked = [digits for digits in HIDDEN if digits in everything]
    assert leaked == [], f"{leaked} in {everything[:3000]}"
    for masked in ("138****1111", "139****1111", "158****3333"):  # id, file name, broken file's name
        assert masked in everything
    if fmt != "text":  # the text format shows no agent
        assert "137****1111" in everything
    assert f"{NUMBERED}.json" in everything  # its id and file name lead to the call


def test_source_and_error_are_masked_alike(calls, monkeypatch):
    ran = run(["score", str(calls), "--format", "jsonl", "--no-progress", "--jobs", "1"], monkeypatch)
    failure = next(r for r in map(json.loads, ran.out.splitlines()) if "error" in r)
    assert failure["source"].endswith("158****3333.json")
    assert failure["error"].startswith(failure["source"] + ":")


def test_no_mask_shows_every_number(calls, monkeypatch):
    ran = run(["score", str(calls), "--format", "jsonl", "--no-progress", "--no-mask", "--jobs", "1"], monkeypatch)
    results = [json.loads(line) for line in ran.out.splitlines()]
    scored = next(r for r in results if "score" in r)
    assert (scored["id"], scored["agent"]) == (CALL_ID, AGENT_ID)
    assert scored["source"].endswith(f"{FILE_PHONE}.json")
    assert next(f["closest"]["text"] for f in scored["findings"] if f["closest"]).endswith(SAID[0])
    assert next(r for r in results if "error" in r)["source"].endswith(f"{BROKEN_PHONE}.json")
