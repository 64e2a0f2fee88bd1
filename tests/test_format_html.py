"""The html report: one self-contained page a QA team lead opens offline."""
from __future__ import annotations

import gc
import io
import weakref
from collections import defaultdict
from html.parser import HTMLParser

import pytest

import scriptcheck
from conftest import REPO
from scriptcheck.formatters import FormatOptions
from scriptcheck.formatters.html import HtmlFormatter
from scriptcheck.model import Closest, Finding, Occurrence, ReadFailure, Report, Transcript, Utterance

VOID_ELEMENTS = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "area", "base", "source"}
HOSTILE = "<script>alert('x')</script>"


class Page(HTMLParser):
    """What a reader of the report sees: texts by element id, tables, highlights, links — and markup errors."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.errors: list[str] = []
        self.start_tags: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[str, list[str]] = defaultdict(list)
        self.utterance_texts: dict[str, list[str]] = defaultdict(list)
        self.marks: list[dict] = []
        self.tables: dict[str, list[list[str]]] = defaultdict(list)
        self.feed(text)
        self.close()
        self.errors += [f"<{tag}> never closed" for tag, _ in self.stack]

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.start_tags.append((tag, attributes))
        if tag in VOID_ELEMENTS:
            return
        self.stack.append((tag, attributes))
        if tag == "mark":
            self.marks.append({"text": "", "rules": attributes.get("data-rules", "").split(),
                               "title": attributes.get("title", ""), "utterance": self._nearest_id("li")})
        table = self._nearest_id("table")
        if tag == "tr" and table and not self._inside("thead"):
            self.tables[table].append([])
        if tag == "td" and table and self.tables[table]:
            self.tables[table][-1].append("")

    def handle_startendtag(self, tag, attrs):
        self.start_tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1][0] if self.stack else 'nothing'}>")
            return
        self.stack.pop()

    def handle_data(self, data):
        for tag, attributes in self.stack:
            if "id" in attributes:
                self.texts[attributes["id"]].append(data)
            if "text" in attributes.get("class", "").split():
                self.utterance_texts[self._nearest_id("li")].append(data)
        if self._inside("mark"):
            self.marks[-1]["text"] += data
        table = self._nearest_id("table")
        if table and self._inside("td") and self.tables[table] and self.tables[table][-1]:
            self.tables[table][-1][-1] += data

    def _inside(self, tag: str) -> bool:
        return any(open_tag == tag for open_tag, _ in self.stack)

    def _nearest_id(self, tag: str) -> str | None:
        return next((attrs.get("id") for open_tag, attrs in reversed(self.stack) if open_tag == tag), None)

    def text(self, element_id: str) -> str:
        return "".join(self.texts[element_id]).strip()

    def utterance(self, element_id: str) -> str:
        return "".join(self.utterance_texts[element_id])

    def rows(self, table_id: str) -> list[list[str]]:
        return [[cell.strip() for cell in row] for row in self.tables[table_id]]

    def ids(self) -> set[str]:
        return {attrs["id"] for _, attrs in self.start_tags if "id" in attrs}

    def call_sections(self) -> list[str]:
        return [attrs["id"] for tag, attrs in self.start_tags
                if tag == "section" and "call" in attrs.get("class", "").split()]


def finding(rule: str, deduction: float = 10.0, fine: float = 0.0, **fields) -> Finding:
    fields.setdefault("category", rule.split(".")[0])
    fields.setdefault("severity", "major")
    fields.setdefault("message", f"{rule} 的说明")
    return Finding(rule=rule, deduction=deduction, fine=fine, **fields)


def report(call_id: str, score: float, passed: bool, findings=(), agent: str | None = "4762",
           rules: str = "default@1.0", fatal: bool = False, fine: float | None = None) -> Report:
    fine = sum(f.fine for f in findings) if fine is None else fine
    return Report(id=call_id, source=f"calls/{call_id}.txt", rules=rules, score=score, passed=passed,
                  fatal=fatal, fine=fine, findings=tuple(findings), agent=agent)


def render(results, title: str = "质检报告") -> str:
    """The page for ``results``: Report/ReadFailure items, or (report, transcript) pairs."""
    out = io.StringIO()
    formatter = HtmlFormatter(out, FormatOptions(title=title))
    for item in results:
        result, transcript = item if isinstance(item, tuple) else (item, None)
        formatter.write(result, transcript)
    formatter.close()
    return out.getvalue()


LI_NA_CALL = Transcript(id="a2", utterances=(
    Utterance("agent", "喂，说吧！", 0.0, 1.5),
    Utterance("customer", "我想交燃气费。", 2.0, 3.5),
    Utterance("agent", "不知道，你去营业厅问吧，不知道的。", 4.0, 8.0),
))

# Four calls by two named agents and one unnamed, two packs, one fatal call, one unreadable file.
BATCH = [
    report("a1", 100, True, agent="李娜"),
    (report("a2", 69, False, agent="李娜", findings=[
        finding("forbidden.dismissive", fine=10, utterance=2, speaker="agent", span=(0, 3), evidence="不知道"),
        finding("forbidden.dismissive", fine=10, utterance=2, speaker="agent", span=(12, 15), evidence="不知道"),
        finding("opening.inbound", closest=Closest(0, "喂，说吧！", 13.6)),
        finding("courtesy.nin", deduction=1, severity="minor", utterance=2, speaker="agent", span=(4, 5),
                evidence="你", occurrences=(Occurrence(2, (4, 5), "你"),)),
    ]), LI_NA_CALL),
    report("b1", 0, False, agent="王伟", fatal=True, rules="outbound-sales@1.0", findings=[
        finding("disclosure.cancellation", deduction=0, fine=50, fatal=True, severity="critical"),
        finding("forbidden.dismissive", fine=10, utterance=3, speaker="agent", span=(0, 3), evidence="不知道"),
    ]),
    report("c1", 97, True, agent=None, findings=[
        finding("courtesy.nin", deduction=1, severity="minor", utterance=1, span=(0, 1), evidence="你"),
        finding("courtesy.words", deduction=2, severity="minor"),
    ]),
    ReadFailure("calls/broken.json", "calls/broken.json:1:17: invalid JSON: Expecting value"),
]


@pytest.fixture(scope="module")
def batch_page() -> Page:
    return Page(render(BATCH))


def example_results():
    pack = scriptcheck.load_rules()
    results = []
    for path in sorted((REPO / "examples" / "calls").iterdir()):
        if path.suffix in (".json", ".jsonl", ".txt"):
            for call in scriptcheck.iter_file(path):
                result = scriptcheck.check(call, pack)
                results.append((result, None if result.passed else call))
    return results


@pytest.fixture(scope="module")
def examples():
    return example_results()


@pytest.mark.parametrize("name", ["batch", "examples", "empty", "hostile"])
def test_every_element_is_closed_and_nothing_is_fetched_from_the_network(name, examples):
    results = {"batch": BATCH, "examples": examples, "empty": [], "hostile": [hostile_call()]}[name]
    text = render(results)
    page = Page(text)
    assert page.errors == []
    assert text.startswith("<!DOCTYPE html>")
    assert "http://" not in text and "https://" not in text
    tags = {tag for tag, _ in page.start_tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert not [attrs for _, attrs in page.start_tags if "src" in attrs]
    assert "@import" not in text and "url(" not in text


def test_chinese_text_renders_with_the_fonts_of_the_reader_s_system():
    text = render(BATCH)
    page = Page(text)
    assert next(attrs for tag, attrs in page.start_tags if tag == "html")["lang"] == "zh-CN"
    assert {"charset": "utf-8"} in [attrs for tag, attrs in page.start_tags if tag == "meta"]
    style = text[text.index("<style>"):text.index("</style>")]
    for font in ('"Noto Sans CJK SC"', '"PingFang SC"', '"Microsoft YaHei"', "sans-serif"):
        assert font in style


@pytest.mark.parametrize("summary, expected", [
    ("sum-calls", "4"),                   # unreadable files are not calls
    ("sum-unreadable", "1"),
    ("sum-pass-rate", "50.0%"),
    ("sum-failing", "2"),
    ("sum-fatal", "1"),
    ("sum-mean-score", "66.5"),           # (100 + 69 + 0 + 97) / 4
    ("sum-deductions", "44"),             # every finding's deduction, passing calls included
    ("sum-fines", "80元"),
    ("sum-packs", "default@1.0、outbound-sales@1.0"),
])
def test_summary_numbers_are_computed_from_the_results(batch_page, summary, expected):
    assert batch_page.text(summary) == expected


def test_agents_are_listed_worst_mean_score_first(batch_page):
    rows = batch_page.rows("agent-table")
    # agent, calls, mean score, pass rate, fines, fatal calls, top 3 rules
    assert [row[:7] for row in rows] == [
        ["王伟", "1", "0", "0.0%", "60元", "1", "disclosure.cancellation ×1、forbidden.dismissive ×1"],
        ["李娜", "2", "84.5", "50.0%", "20元", "0", "forbidden.dismissive ×2、courtesy.nin ×1、opening.inbound ×1"],
        ["（未知）", "1", "97", "100.0%", "0元", "0", "courtesy.nin ×1、courtesy.words ×1"],
    ]


def test_rules_are_listed_most_hits_first(batch_page):
    rows = batch_page.rows("rule-table")
    # rule, category, hits, calls hit, total deduction, total fine
    assert [row[:6] for row in rows] == [
        ["forbidden.dismissive", "forbidden", "3", "2", "30", "30元"],
        ["courtesy.nin", "courtesy", "2", "2", "2", "0元"],
        ["courtesy.words", "courtesy", "1", "1", "2", "0元"],
        ["disclosure.cancellation", "disclosure", "1", "1", "0", "50元"],
        ["opening.inbound", "opening", "1", "1", "10", "0元"],
    ]


def test_a_section_for_each_failing_call_and_none_for_passing_calls(batch_page):
    assert batch_page.call_sections() == ["call-1", "call-2"]
    assert [row[0] for row in batch_page.rows("failing-table")] == ["a2", "b1"]
    assert batch_page.text("call-1").startswith("a2") and batch_page.text("call-2").startswith("b1")
    for passing in ("a1", "c1"):
        assert passing not in batch_page.text("failing")


def test_every_link_leads_to_a_place_on_the_page(batch_page):
    hrefs = [attrs["href"] for tag, attrs in batch_page.start_tags if tag == "a"]
    assert all(href.startswith("#") and href[1:] in batch_page.ids() for href in hrefs)
    assert {"#call-1", "#call-2", "#call-1-u2"} <= set(hrefs)
    assert batch_page.rows("agent-table")[0][7] == "b1（0分）"  # 王伟's worst failing call
    assert batch_page.rows("rule-table")[0][6] == "a2"          # the first failing call with the rule


def test_evidence_is_highlighted_inside_its_utterance(batch_page):
    assert batch_page.utterance("call-1-u2") == LI_NA_CALL.utterances[2].text  # the text is intact
    marks = [(m["utterance"], m["text"], m["rules"]) for m in batch_page.marks]
    assert marks == [
        ("call-1-u2", "不知道", ["forbidden.dismissive"]),
        ("call-1-u2", "你", ["courtesy.nin"]),
        ("call-1-u2", "不知道", ["forbidden.dismissive"]),
    ]
    assert "forbidden.dismissive" in batch_page.marks[0]["title"]
    assert "forbidden.dismissive 的说明" in batch_page.marks[0]["title"]


OVERLAP_TEXT = "你到底要不要办理"


@pytest.mark.parametrize("spans, expected_marks", [
    ({"r.a": (0, 4), "r.b": (2, 6)},                   # overlapping: cut into three pieces
     [("你到", ["r.a"]), ("底要", ["r.a", "r.b"]), ("不要", ["r.b"])]),
    ({"r.a": (0, 6), "r.b": (2, 3)},                   # nested
     [("你到", ["r.a"]), ("底", ["r.a", "r.b"]), ("要不要", ["r.a"])]),
    ({"r.a": (1, 3), "r.b": (1, 3)},                   # the same span for two rules
     [("到底", ["r.a", "r.b"])]),
    ({"r.a": (0, 2), "r.b": (2, 4)},                   # touching
     [("你到", ["r.a"]), ("底要", ["r.b"])]),
    ({"r.a": (6, 99)},                                 # past the end of the text: clipped
     [("办理", ["r.a"])]),
    ({"r.a": (3, 3)},                                  # empty: nothing to mark
     []),
])
def test_overlapping_spans_are_split_into_marked_pieces(spans, expected_marks):
    call = Transcript(id="o1", utterances=(Utterance("agent", OVERLAP_TEXT),))
    findings = [finding(rule, utterance=0, speaker="agent", span=span) for rule, span in spans.items()]
    page = Page(render([(report("o1", 80, False, findings=findings), call)]))
    assert page.errors == []
    assert page.utterance("call-1-u0") == OVERLAP_TEXT
    assert [(m["text"], m["rules"]) for m in page.marks] == expected_marks


def test_real_calls_mark_each_finding_span_in_its_utterance(examples):
    page = Page(render(examples))
    failing = [(result, call) for result, call in examples if not result.passed]
    assert page.call_sections() == [f"call-{n}" for n in range(1, len(failing) + 1)]
    for n, (result, call) in enumerate(failing, start=1):
        for f in result.findings:
            if f.span is None:
                continue
            utterance_id = f"call-{n}-u{f.utterance}"
            assert page.utterance(utterance_id) == call.utterances[f.utterance].text
            # Where another finding overlaps, the evidence is marked in several pieces.
            marked = "".join(m["text"] for m in page.marks if m["utterance"] == utterance_id and f.rule in m["rules"])
            assert f.evidence in marked, (result.id, f.rule)


def test_missing_phrases_are_listed_with_their_closest_candidate(batch_page):
    rows = batch_page.rows("call-1-findings")
    opening = next(row for row in rows if row[0] == "opening.inbound")
    assert opening[4] == "整通"                       # no utterance: the whole call
    assert "「喂，说吧！」" in opening[8] and "13.6" in opening[8]


def test_a_failing_call_without_transcript_shows_its_findings_only(batch_page):
    assert "call-2-u0" not in batch_page.ids()
    assert [row[0] for row in batch_page.rows("call-2-findings")] == ["disclosure.cancellation",
                                                                        "forbidden.dismissive"]
    assert batch_page.rows("call-2-findings")[0][6] == "致命"


def hostile_call():
    call = Transcript(id=HOSTILE, utterances=(Utterance("agent", f"您好{HOSTILE}不知道"),))
    result = Report(id=HOSTILE, source=f"calls/{HOSTILE}.txt", rules=HOSTILE, score=50, passed=False,
                    fatal=False, fine=0, agent=HOSTILE, findings=(
                        finding(HOSTILE, message=HOSTILE, utterance=0, speaker="agent", span=(2, 9),
                                evidence=HOSTILE, closest=Closest(0, HOSTILE, 1.0)),))
    return result, call


@pytest.mark.parametrize("where", ["call-1", "call-1-u0", "call-1-findings", "failing-table", "agent-table",
                                   "rule-table", "sum-packs", "unreadable", "top"])
def test_hostile_text_is_shown_as_text(where):
    page = Page(render([hostile_call(), ReadFailure(HOSTILE, HOSTILE)], title=HOSTILE))
    assert page.errors == []
    assert not {tag for tag, _ in page.start_tags} & {"script"}
    assert HOSTILE in page.text(where)
    assert HOSTILE in page.marks[0]["title"]


def test_unreadable_files_are_listed_with_their_error(batch_page):
    assert batch_page.text("unreadable").endswith(
        "calls/broken.json: calls/broken.json:1:17: invalid JSON: Expecting value")


@pytest.mark.parametrize("score, bin_label", [
    (0, "0–9"), (9.9, "0–9"), (10, "10–19"), (59.5, "50–59"), (89.99, "80–89"), (90, "90–100"), (100, "90–100"),
])
def test_each_score_is_counted_in_its_histogram_bin(score, bin_label):
    page = Page(render([report("s", score, score >= 60)]))
    counts = {attrs["data-bin"]: attrs["data-count"] for tag, attrs in page.start_tags if tag == "g"}
    assert len(counts) == 10
    assert counts == {label: ("1" if label == bin_label else "0") for label in counts}


def test_passing_calls_need_no_transcript_and_add_no_output():
    assert HtmlFormatter.needs_transcripts == "failing"
    sizes = {}
    for calls in (10, 2000):
        sizes[calls] = len(render(report(f"ok-{n}", 100 - n % 30, True, agent=f"坐席{n % 5}",
                                         findings=[finding("courtesy.nin", deduction=1)] * (n % 3))
                                  for n in range(calls)))
    assert (sizes[2000] - sizes[10]) / 1990 < 1  # bytes per extra passing call


def test_the_formatter_keeps_no_call_once_written():
    formatter = HtmlFormatter(io.StringIO())
    kept = []
    for passed in (True, False):
        result = report("k", 100 if passed else 10, passed, findings=[finding("opening.inbound")])
        call = Transcript(id="k", utterances=(Utterance("agent", "喂"),))
        formatter.write(result, None if passed else call)
        kept += [weakref.ref(result), weakref.ref(call)]
        del result, call
    gc.collect()
    assert [ref() for ref in kept] == [None] * 4
    formatter.close()


def test_the_same_input_gives_the_same_page():
    assert render(BATCH) == render(BATCH)
