"""The accuracy measurement: label files are well-formed, and the measurement runs on the real corpora."""
from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import scriptcheck  # noqa: E402
from corpora import BY_NAME  # noqa: E402
from labels import LabelError, load_label_file, load_labels, problems  # noqa: E402
import measure  # noqa: E402

LABEL_FILES = sorted((HERE / "labels").glob("*.yaml"))
CORPUS = measure.DEFAULT_CORPUS
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no corpus folder at {CORPUS}: "
                                  "the accuracy measurement reads the third-party corpora from there")


def _rule_ids(corpus: str) -> set[str]:
    return measure.bundled_rule_ids()


@pytest.mark.parametrize("path", LABEL_FILES, ids=lambda p: p.name)
def test_label_file_is_well_formed(path):
    labels = load_label_file(path)
    assert labels.corpus == path.stem and labels.corpus in BY_NAME
    assert labels.sessions
    known = _rule_ids(labels.corpus)
    unknown = {item.rule for session in labels.sessions for item in (*session.findings, *session.violations)
               if item.rule is not None and item.rule not in known}
    assert not unknown


@needs_corpus
@pytest.mark.parametrize("path", LABEL_FILES, ids=lambda p: p.name)
def test_labels_point_inside_their_conversations(path):
    labels = load_label_file(path)
    lengths = {call["id"]: len(call["utterances"]) for call in BY_NAME[labels.corpus].read(CORPUS)}
    assert problems(labels, lengths, _rule_ids(labels.corpus)) == []


@needs_corpus
def test_measurement_runs_on_the_labelled_corpora(capsys):
    assert measure.main(["--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result["corpora"]) == {path.stem for path in LABEL_FILES}
    assert sum(t["read_in_full"] for t in result["corpora"].values()) >= 40


def test_the_labelled_set_is_large_enough():
    files = [load_label_file(path) for path in LABEL_FILES]
    assert sum(len(session.findings) for labels in files for session in labels.sessions) >= 300
    assert {labels.corpus for labels in files} == set(BY_NAME)


def test_measurement_without_the_corpus_says_so(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        measure.main(["--corpus", str(tmp_path / "missing")])
    assert stop.value.code == 2
    assert "no corpus folder" in capsys.readouterr().err


# ------------------------------------------------------------------ the label format

BAD_LABELS = [
    ("missing reason", "findings:\n      - {utterance: 1, rule: courtesy.words, label: true}", "needs a reason"),
    ("empty reason", "findings:\n      - {utterance: 1, rule: courtesy.words, label: true, reason: ' '}",
     "needs a reason"),
    ("unknown verdict", "findings:\n      - {utterance: 1, rule: courtesy.words, label: maybe, reason: x}",
     "true, false or unjudgeable"),
    ("negative index", "findings:\n      - {utterance: -1, rule: courtesy.words, label: true, reason: x}",
     "non-negative index"),
    ("duplicate key", "findings:\n      - {utterance: null, rule: closing.inbound, label: true, reason: x}\n"
                      "      - {utterance: null, rule: closing.inbound, label: false, reason: y}", "duplicate label"),
    ("violations not read in full", "violations:\n      - {utterance: 1, rule: null, reason: x}",
     "only for a session read in full"),
    ("misspelt key", "findings:\n      - {utterence: 1, rule: courtesy.words, label: true, reason: x}",
     "unknown key 'utterence'"),
]


@pytest.mark.parametrize("name, body, message", BAD_LABELS, ids=[case[0] for case in BAD_LABELS])
def test_malformed_labels_are_refused_with_the_key_path(tmp_path, name, body, message):
    path = tmp_path / "jddc.yaml"
    path.write_text(f"corpus: jddc\nsessions:\n  - id: s1\n    {body}\n", encoding="utf-8")
    with pytest.raises(LabelError, match=message) as error:
        load_label_file(path)
    assert "jddc.yaml: sessions[0]" in str(error.value)


# ------------------------------------------------------------------ the measurement, on a corpus written here

AGENT, CUSTOMER = "1", "0"
CHATS = [  # session, speaker, text (written for these tests; no corpus text)
    ("s1", AGENT, "您好，请问有什么可以帮您？"),
    ("s1", CUSTOMER, "这个订单怎么还没发货"),
    ("s1", AGENT, "不知道，你自己看吧"),
    ("s1", CUSTOMER, "好吧"),
    ("s1", AGENT, "嗯"),
    ("s2", AGENT, "您好，请问有什么可以帮您？"),
    ("s2", CUSTOMER, "能改地址吗"),
    ("s2", AGENT, "可以的，已经帮您改好了，感谢您的来电，再见"),
]


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus" / "jddc-sample"
    folder.mkdir(parents=True)
    rows = [f"{session}\tUSER\t{speaker}\t0\t0\tnan\t{text}" for session, speaker, text in CHATS]
    (folder / "chat_0.1per.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return tmp_path / "corpus"


def _labels(tmp_path: Path, s1_findings: str, s1_violations: str = "") -> Path:
    folder = tmp_path / "labels"
    folder.mkdir()
    text = ("corpus: jddc\nsessions:\n  - id: s1\n    read_in_full: true\n"
            f"    findings:\n{textwrap.indent(s1_findings, '      ')}\n"
            f"    violations:\n{textwrap.indent(s1_violations, '      ')}\n")
    (folder / "jddc.yaml").write_text(text, encoding="utf-8")
    return folder


def _run(tmp_path, labels, *options):
    # The fixture's chats are judged by the default pack's rules (closing.inbound), whatever pack chats get.
    return measure.measure(_corpus(tmp_path), labels, "default"), measure.main(
        ["--corpus", str(tmp_path / "corpus"), "--labels", str(labels), "--rules", "default", *options])


DISMISSIVE_TRUE = "- {utterance: 2, rule: forbidden.dismissive, label: true, reason: 「不知道」 as the answer}"
CLOSING_TRUE = "- {utterance: null, rule: closing.inbound, label: true, reason: no closing}"
CLOSING_VIOLATION = "- {utterance: null, rule: closing.inbound, reason: no closing}"


def test_reported_findings_are_counted_by_verdict_and_the_rest_is_unlabelled(tmp_path, capsys):
    labels = _labels(tmp_path, DISMISSIVE_TRUE + "\n- {utterance: null, rule: closing.inbound, label: false, "
                     "reason: x}", "- {utterance: 2, rule: forbidden.dismissive, reason: x}")
    result, code = _run(tmp_path, labels)
    assert code == 0
    assert (result.rules["forbidden.dismissive"].true, result.rules["closing.inbound"].false) == (1, 1)
    assert result.rules["closing.inbound"].precision == 0
    unlabelled = {f.key[3] for f in result.unlabelled}
    assert "forbidden.dismissive" not in unlabelled and unlabelled  # e.g. courtesy.words: one 请 in three replies
    assert "unlabelled:" in capsys.readouterr().out


def test_a_true_finding_no_longer_reported_is_lost_and_fails_the_check(tmp_path, capsys):
    labels = _labels(tmp_path, "- {utterance: 3, rule: forbidden.dismissive, label: true, reason: x}",
                     "- {utterance: 3, rule: forbidden.dismissive, reason: x}")
    result, code = _run(tmp_path, labels, "--check")
    assert [key for key, _ in result.lost] == [("jddc", "s1", 3, "forbidden.dismissive")]
    assert code == 1
    assert "lost: jddc/s1/3/forbidden.dismissive" in capsys.readouterr().err


def test_violations_no_finding_reports_are_misses_and_uncovered_ones_are_apart(tmp_path):
    labels = _labels(tmp_path, DISMISSIVE_TRUE + "\n" + CLOSING_TRUE,
                     "- {utterance: 2, rule: forbidden.dismissive, reason: x}\n" + CLOSING_VIOLATION + "\n"
                     "- {utterance: 2, rule: courtesy.nin, reason: 你自己看}\n"
                     "- {utterance: 2, rule: null, reason: tells the customer to look it up}")
    result, code = _run(tmp_path, labels, "--check")
    assert code == 0
    assert [key for key, _ in result.misses] == [("jddc", "s1", 2, "courtesy.nin")]
    assert [key for key, _ in result.uncovered] == [("jddc", "s1", 2, "")]
    assert result.rules["forbidden.dismissive"].recall == 100 and result.rules["courtesy.nin"].recall == 0


@pytest.mark.parametrize("target, code", [(95, 1), (50, 0)])
def test_check_gates_on_precision_only_for_rules_with_enough_judged_findings(tmp_path, target, code):
    folder = _corpus(tmp_path)
    rows = (folder / "jddc-sample" / "chat_0.1per.txt").read_text(encoding="utf-8")
    extra = "".join(f"s{n}\tUSER\t0\t0\t0\tnan\t在吗\ns{n}\tUSER\t1\t0\t0\tnan\t在的\n" for n in range(3, 9))
    (folder / "jddc-sample" / "chat_0.1per.txt").write_text(rows + extra, encoding="utf-8")
    labels = tmp_path / "labels"
    labels.mkdir()
    sessions = "".join(f"  - id: s{n}\n    findings:\n      - {{utterance: null, rule: closing.inbound, "
                       f"label: {'false' if n == 3 else 'true'}, reason: x}}\n" for n in range(3, 9))
    (labels / "jddc.yaml").write_text("corpus: jddc\nsessions:\n" + sessions, encoding="utf-8")
    args = ["--corpus", str(folder), "--labels", str(labels), "--rules", "default", "--check", "--target",
            str(target)]
    assert measure.main(args) == code  # closing.inbound: 5 of 6 judged true = 83 %


def test_labels_that_do_not_fit_the_conversation_are_refused(tmp_path):
    labels = _labels(tmp_path, "- {utterance: 9, rule: forbidden.dismissive, label: false, reason: x}")
    with pytest.raises(SystemExit, match="utterance 9 is past the end"):
        measure.measure(_corpus(tmp_path), labels, None)


def test_a_true_finding_of_a_session_read_in_full_must_be_among_its_violations(tmp_path):
    labels = _labels(tmp_path, DISMISSIVE_TRUE)
    with pytest.raises(SystemExit, match="not listed among the session's violations"):
        measure.measure(_corpus(tmp_path), labels, None)


def test_load_labels_refuses_a_file_named_for_another_corpus(tmp_path):
    (tmp_path / "stc3.yaml").write_text("corpus: jddc\nsessions: []\n", encoding="utf-8")
    with pytest.raises(LabelError, match="does not match the file name"):
        load_labels(tmp_path)
