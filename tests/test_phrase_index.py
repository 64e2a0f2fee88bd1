"""The pack's automaton finds every occurrence of every literal, nested ones included, in order of end."""
from hypothesis import given, settings, strategies as st

from scriptcheck.automaton import PhraseIndex

ALPHABET = "请问您好不知道就别说了喂"
literals = st.lists(st.text(ALPHABET, min_size=1, max_size=4), min_size=1, max_size=12, unique=True)
texts = st.lists(st.text(ALPHABET, max_size=30), min_size=1, max_size=5)


def every_occurrence(literals: list[str], texts: list[str]) -> list[list[tuple[int, int, int]]]:
    return [sorted((i, start, start + len(literal)) for i, literal in enumerate(literals)
                   for start in range(len(text) - len(literal) + 1) if text.startswith(literal, start))
            for text in texts]


@settings(max_examples=300, deadline=None)
@given(literals, texts)
def test_scan_finds_every_occurrence_in_order_of_end(literals, texts):
    index = PhraseIndex()
    for literal in literals:
        index.add(literal)
    index.freeze()
    found = index.scan(texts)
    assert [sorted(occurrences) for occurrences in found] == every_occurrence(literals, texts)
    for occurrences in found:
        ends = [end for _, _, end in occurrences]
        assert ends == sorted(ends)


def test_nested_literals_are_all_found():
    index = PhraseIndex()
    for literal in ("不知道", "不知道就别说了", "知道"):
        index.add(literal)
    index.freeze()
    assert sorted(index.scan(["你不知道就别说了"])[0]) == [(0, 1, 4), (1, 1, 8), (2, 2, 4)]
