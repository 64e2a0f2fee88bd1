"""jieba's word segmenter, with its dictionary read in a fraction of the time jieba itself takes.

jieba builds a prefix dictionary of its 350,000 words (every word with its frequency, every prefix of a
word with 0) and caches it with marshal in the temporary directory: loading it costs about a second per
process, and importing jieba another quarter of a second, most of it ``pkg_resources``, which jieba
only uses to find its own files. Segmentation looks a fragment up only when it starts at a character
of the text being cut, so here the prefix dictionary is built one first character at a time, from
``dict.txt`` grouped by first character once. The segmentation is jieba's own (``cut`` with
``HMM=False``); a test checks it against jieba set up the usual way.
"""
from __future__ import annotations

import re
import sys
import threading
from itertools import groupby
from pathlib import Path
from typing import Any

_FREQUENCY = re.compile(rb" (\d+)")


class PrefixDictionary:
    """jieba's ``FREQ`` mapping, filled in per first character on the first lookup that needs it."""

    def __init__(self, dictionary: bytes) -> None:
        lines = dictionary.decode("utf-8").splitlines()
        self._pending: dict[str, list[list[str]]] = {}
        for first, group in groupby(lines, key=lambda line: line[:1]):
            self._pending.setdefault(first, []).append(list(group))
        self.total = sum(map(int, _FREQUENCY.findall(dictionary)))
        self._frequencies: dict[str, int] = {}
        self._lock = threading.Lock()

    def _add(self, first: str) -> None:
        # As jieba's gen_pfdict, for the lines starting with ``first`` (prefixes share it), in file order.
        # A character stays pending until its words are all in: a thread that finds it no longer pending
        # reads complete frequencies, and one that finds it pending waits here for the thread filling it.
        with self._lock:
            frequencies = self._frequencies
            for group in self._pending.get(first, ()):
                for line in group:
                    word, frequency = line.strip().split(" ")[:2]
                    frequencies[word] = int(frequency)
                    for end in range(1, len(word)):
                        frequencies.setdefault(word[:end], 0)
            self._pending.pop(first, None)

    def _words(self, fragment: str) -> dict[str, int]:
        if fragment[:1] in self._pending:
            self._add(fragment[:1])
        return self._frequencies

    def __contains__(self, fragment: str) -> bool:
        return fragment in self._words(fragment)

    def __getitem__(self, fragment: str) -> int:
        return self._words(fragment)[fragment]

    def get(self, fragment: str, default: Any = None) -> Any:
        return self._words(fragment).get(fragment, default)


def load_tokenizer() -> Any:
    """A ``jieba.Tokenizer`` of jieba's default dictionary, ready to ``cut``."""
    jieba = _import_jieba()
    tokenizer = jieba.Tokenizer()
    words = PrefixDictionary((Path(jieba.__file__).parent / "dict.txt").read_bytes())
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = words, words.total, True
    return tokenizer


_IMPORT_LOCK = threading.Lock()


def _import_jieba() -> Any:
    with _IMPORT_LOCK:  # "jieba" is in sys.modules while another thread is still importing it
        return _import_jieba_once()


def _import_jieba_once() -> Any:
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    # jieba finds its files through pkg_resources when that imports, and opens them directly when it
    # does not; importing pkg_resources takes longer than everything else jieba does here.
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
    return jieba
