"""A template of words and gaps is searched without RE2, and must find exactly the span RE2 finds."""
import re2
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scriptcheck.phrases import GAP_CHARS, Slot, compile_template

# A small alphabet makes words recur, overlap and sit at every distance from each other.
WORDS = st.text(alphabet="ab您好再", min_size=1, max_size=3)
TEXTS = st.text(alphabet="ab您好再见\n", max_size=80)


@st.composite
def templates(draw):
    slot = Slot("s", tuple(draw(st.lists(WORDS, min_size=1, max_size=4))))
    items = draw(st.lists(st.one_of(WORDS, st.just("{s}")), min_size=1, max_size=4))
    gaps = draw(st.lists(st.booleans(), min_size=len(items), max_size=len(items)))
    text = "".join(item + ("{*}" if gap and i < len(items) - 1 else "") for i, (item, gap) in
                   enumerate(zip(items, gaps)))
    return compile_template(text, {"s": slot})


@settings(max_examples=800, deadline=None)
@given(templates(), TEXTS)
def test_words_and_gaps_find_the_span_re2_finds(template, text):
    assume(not template.literal)
    expected = re2.compile(template._pattern()).search(text)
    assert template.search(text, lambda path: None) == (expected.span() if expected else None)


def test_long_gap_is_not_crossed():
    template = compile_template("感谢您的来电{*}再见", {})
    assert template.search("感谢您的来电" + "好" * GAP_CHARS + "再见", lambda path: None) is not None
    assert template.search("感谢您的来电" + "好" * (GAP_CHARS + 1) + "再见", lambda path: None) is None


def test_slot_values_are_tried_in_the_order_written():
    template = compile_template("{s}{*}再见", {"s": Slot("s", ("您好", "您好啊"))})
    assert template.search("您好啊再见", lambda path: None) == (0, 5)


def test_templates_with_patterns_or_facts_still_use_re2():
    slots = {"no": Slot("no", pattern="[0-9]{1,6}"), "name": Slot("name", from_fact="customer.surname")}
    assert compile_template("工号{no}为您服务", slots)._words_and_gaps is None
    assert compile_template("{name}先生您好", slots)._words_and_gaps is None
    assert compile_template("{*}您好", slots)._words_and_gaps is None
