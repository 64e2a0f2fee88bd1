"""Every reader, fed what users and attackers feed it, gives calls or one-line errors — never an exception.

Inputs: valid documents with the wrong type, a missing or an extra value at any place; arbitrary Unicode
and control characters; huge lines; deep nesting; files cut short; arbitrary bytes. Every call that is
read is checked with the default pack: the check never fails, every finding points inside its
utterance (``text[span] == evidence``), and the report can be written as UTF-8.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from robustness_strategies import (CANONICAL, SCRIPT_PIECES, VENDOR_DOCS, YAML_SCRIPT, delimited_files,
                                   json_bytes, json_values, script_files, subtitle_files, text_files, yaml_documents)
from robustness_support import (assert_one_line_error, assert_read_outcomes, check_and_write, fuzz, outcome,
                                record_case, robustness_tally)  # noqa: F401  (robustness_tally: autouse fixture)

import scriptcheck
from scriptcheck.errors import ScriptcheckError
from scriptcheck.lint.checker import lint_script
from scriptcheck.lint.reader import read_script
from scriptcheck.lint.scenes import SceneRules
from scriptcheck.transcripts import INPUT_FORMATS, ReadOptions, iter_file


@pytest.fixture(scope="module")
def pack():
    return scriptcheck.load_rules()


# Calls with more text than this are read but not checked here: the engine's time grows with the square
# of the hits in one utterance (20,000 「喂」 take minutes), which would blow the suite's time budget.
# Long calls are checked in test_resource_limits.py.
CHECKED_CHARACTERS = 2_000


def read_and_check(reader: str, path: Path, raw: bytes, options: ReadOptions, pack) -> None:
    path.write_bytes(raw)
    items = list(iter_file(path, options))
    calls = assert_read_outcomes(items, path)
    checked = [call for call in calls if sum(len(u.text) for u in call.utterances) <= CHECKED_CHARACTERS]
    record_case(reader, outcome(items), unchecked=len(checked) < len(calls))
    for call in checked:
        check_and_write(call, pack)


agent_speakers = st.sampled_from([None, "0", "1", "SPEAKER_00", "客服", "customer", "9", " "])
directions = st.sampled_from([None, "inbound", "outbound"])


@fuzz(400)
@given(raw=json_bytes(CANONICAL))
def test_canonical_json(raw, tmp_path, pack):
    read_and_check("json", tmp_path / "call.json", raw, ReadOptions(), pack)


@fuzz(200)
@given(lines=st.lists(json_bytes(CANONICAL), max_size=6), newline=st.sampled_from([b"\n", b"\r\n"]),
       cut=st.one_of(st.none(), st.integers(0, 10_000)))
def test_jsonl(lines, newline, cut, tmp_path, pack):
    raw = newline.join(lines)
    if cut is not None:  # the last line cut short, as by a full disk or an interrupted copy
        raw = raw[:len(raw) - cut % (len(raw) + 1)]
    read_and_check("jsonl", tmp_path / "day.jsonl", raw, ReadOptions(), pack)


@fuzz(400)
@given(text=text_files, direction=directions)
def test_plain_text_dialogue(text, direction, tmp_path, pack):
    read_and_check("text", tmp_path / "call.txt", text.encode("utf-8"), ReadOptions(direction=direction), pack)


@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
@fuzz(250)
@given(data=st.data(), direction=directions)
def test_csv_and_tsv(fmt, delimiter, data, direction, tmp_path, pack):
    raw, options = data.draw(delimited_files(delimiter))
    read_and_check(fmt, tmp_path / f"export.{fmt}", raw, ReadOptions(direction=direction, **options), pack)


@pytest.mark.parametrize("vendor, base", [(vendor, doc) for vendor, docs in VENDOR_DOCS.items() for doc in docs],
                         ids=lambda value: value if isinstance(value, str) else "")
@fuzz(150)
@given(data=st.data(), agent_speaker=agent_speakers, direction=directions, by_content=st.booleans())
def test_asr_vendor_json(vendor, base, data, agent_speaker, direction, by_content, tmp_path, pack):
    """Each vendor's shape, read with --input-format and recognised by content in a .json file."""
    raw = data.draw(json_bytes(base))
    options = ReadOptions(input_format=None if by_content else vendor, agent_speaker=agent_speaker,
                          direction=direction)
    read_and_check(vendor, tmp_path / "asr.json", raw, options, pack)


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
@fuzz(300)
@given(data=st.data(), agent_speaker=agent_speakers, direction=directions)
def test_subtitles(fmt, data, agent_speaker, direction, tmp_path, pack):
    raw = data.draw(subtitle_files(vtt=fmt == "vtt"))
    options = ReadOptions(agent_speaker=agent_speaker, direction=direction)
    read_and_check(fmt, tmp_path / f"call.{fmt}", raw, options, pack)


@pytest.mark.parametrize("fmt", INPUT_FORMATS)
@fuzz(80)
@given(raw=st.binary(max_size=3_000))
def test_arbitrary_bytes(fmt, raw, tmp_path, pack):
    """Any bytes at all, read as each format."""
    read_and_check(fmt, tmp_path / "anything.bin", raw, ReadOptions(input_format=fmt), pack)


# ---------------------------------------------------------------------------------------------------------
# Call scripts: scriptcheck lint's readers

@pytest.fixture(scope="module")
def scene_rules(pack):
    return SceneRules(pack, ())


def read_and_lint(reader: str, path: Path, raw: bytes, scene_rules) -> None:
    path.write_bytes(raw)
    shown = path.name
    try:
        script = read_script(path, shown)
    except ScriptcheckError as exc:
        record_case(reader, "error")
        for line in str(exc).split("\n"):  # a bad front matter may have several problems: one line each
            assert_one_line_error(line, shown)
        return
    lines = raw.decode("utf-8", "replace").splitlines() or [""]
    for said in script.lines:
        assert 1 <= said.line <= len(lines) + 1 and said.col >= 1
    if sum(len(said.text) for said in script.lines) > CHECKED_CHARACTERS:
        record_case(reader, "read", unchecked=True)
        return
    record_case(reader, "read")
    for finding in lint_script(script, scene_rules):
        assert 1 <= finding.line <= len(lines) + 1, finding
        assert 1 <= finding.col < finding.end_col, finding
        assert "\n" not in finding.message


@pytest.mark.parametrize("suffix", [".md", ".txt"])
@fuzz(250)
@given(text=script_files)
def test_markdown_and_text_scripts(suffix, text, tmp_path, scene_rules):
    read_and_lint(f"script{suffix}", tmp_path / f"script{suffix}", text.encode("utf-8"), scene_rules)


@fuzz(300)
@given(raw=st.one_of(yaml_documents(YAML_SCRIPT, json_values),
                     script_files.map(lambda text: text.encode("utf-8")),
                     st.lists(st.sampled_from(SCRIPT_PIECES), max_size=8).map(lambda p: "\n".join(p).encode())))
def test_yaml_scripts(raw, tmp_path, scene_rules):
    read_and_lint("script.yaml", tmp_path / "script.yaml", raw, scene_rules)
