"""Word boundaries come from jieba's own segmentation, whatever way its dictionary is loaded."""
import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scriptcheck
from conftest import REPO
from scriptcheck.segmenter import load_tokenizer
from scriptcheck.text import normalize

SENTENCES = [
    "喂您好请问有什么可以帮您", "您要给孩子喂奶是吧好的", "好嘛就这样喽", "对嘛没问题的嘛", "我不知道就别说了",
    "南京市长江大桥", "小明硕士毕业于中国科学院计算所后在日本京都大学深造", "abc123中文混合text",
    "喂喂喂听得到吗", "那个那个就是说嗯", "", "a", "中",
]
# Characters of everyday service calls, for random texts.
ALPHABET = "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里" \
           "喂嘛吧呢啊哦嗯您请谢好燃气费用户缴表维修师傅查询稍等问题还有其它别再见客服电话号码"


@pytest.fixture(scope="module")
def tokenizers(tmp_path_factory):
    import jieba

    jieba.setLogLevel(logging.WARNING)
    usual = jieba.Tokenizer()
    usual.tmp_dir = str(tmp_path_factory.mktemp("jieba"))  # its cache, away from the system's
    usual.initialize()
    return load_tokenizer(), usual


def _example_texts():
    texts = []
    for path in sorted((REPO / "examples" / "calls").iterdir()):
        for item in scriptcheck.iter_file(path):
            if isinstance(item, scriptcheck.Transcript):
                texts += [normalize(u.text) for u in item.utterances]
    return texts


def test_segmentation_matches_jieba_on_sentences_and_example_calls(tokenizers):
    ours, usual = tokenizers
    texts = SENTENCES + _example_texts()
    assert len(texts) > 100
    for text in texts:
        assert list(ours.cut(text, HMM=False)) == list(usual.cut(text, HMM=False)), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_segmentation_matches_jieba_on_random_text(tokenizers, text):
    ours, usual = tokenizers
    assert list(ours.cut(text, HMM=False)) == list(usual.cut(text, HMM=False))


def test_prefix_dictionary_answers_like_jiebas(tokenizers):
    ours, usual = tokenizers
    assert ours.total == usual.total
    for fragment in ("喂", "喂奶", "中华人民", "中华人民共和国", "燃气费", "不存在的词语", "a", "c#"):
        assert (fragment in ours.FREQ) == (fragment in usual.FREQ)
        assert ours.FREQ.get(fragment) == usual.FREQ.get(fragment)
