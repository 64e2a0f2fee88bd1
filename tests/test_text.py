import pytest

from scriptcheck.text import _FOLD_LENGTH, _TRADITIONAL, is_separator, normalize, offsets, original_span, traditional_character_class


@pytest.mark.parametrize("original, normalised", [
    ("您好！请问有什么可以帮助您？", "您好请问有什么可以帮助您"),          # full-width punctuation
    ("您好, 请问 有什么可以帮助您?", "您好请问有什么可以帮助您"),          # ASCII punctuation and spaces
    ("ＡＴＥＮ宏正，您好", "aten宏正您好"),                               # full-width letters, case
    ("１０２４号", "1024号"),                                             # full-width digits
    ("您好！請問有什麼可以幫助您？", "您好请问有什么可以帮助您"),          # Traditional → Simplified
    ("我也沒辦法！", "我也没办法"),
    ("您好↑，很高兴为您服务", "您好很高兴为您服务"),                       # symbols
    ("好的_嗯 [UNK]", "好的嗯unk"),                                      # ASR artefacts
    ("", ""),
])
def test_normalize(original, normalised):
    assert normalize(original) == normalised


@pytest.mark.parametrize("original", [
    "您好！請問有什麼可以幫助您？", "ＡＢＣ １２３ 喂，說話啊！", "a\u0301e", "ﬁle", "㈠㍿", "乾隆 頭髮", "",
])
def test_offsets_map_every_normalised_character_back(original):
    mapping = offsets(original)
    assert len(mapping) == len(normalize(original))
    assert list(mapping) == sorted(mapping)
    assert all(0 <= i < len(original) for i in mapping)


@pytest.mark.parametrize("original", ["您好，请问有什么可以帮您？", "好的。", "，，我家在5栋！", "没有标点abc123", "？"])
def test_offsets_of_plain_text(original):
    assert [original[i] for i in offsets(original)] == list(normalize(original))


def test_plain_characters_fold_to_themselves_and_usual_marks_to_nothing():
    # offsets maps text of only these characters without looking any of them up in the fold
    plain = [chr(c) for c in range(0x4E00, 0xA000)] + list("abcdefghijklmnopqrstuvwxyz0123456789")
    assert "".join(plain).translate(_FOLD_LENGTH) == "1" * len(plain)
    assert "，。？！".translate(_FOLD_LENGTH) == "0000"


@pytest.mark.parametrize("original, phrase, expected", [
    ("喂，說話啊！", "说话啊", "說話啊"),
    ("您好，我 不 知道。", "不知道", "不 知道"),
    ("ＡＢＣ不知道", "不知道", "不知道"),
])
def test_original_span_points_into_original_text(original, phrase, expected):
    normalised = normalize(original)
    start = normalised.index(phrase)
    s, e = original_span(original, start, start + len(phrase))
    assert original[s:e] == expected


@pytest.mark.parametrize("char, separator", [("，", True), (" ", True), ("!", True), ("↑", True),
                                              ("好", False), ("a", False), ("1", False)])
def test_is_separator(char, separator):
    assert is_separator(char) is separator


def test_shipped_traditional_characters_are_those_the_installed_opencc_converts():
    # The fast path decides from this class whether a call needs OpenCC at all; a stale table would
    # leave Traditional characters unconverted.
    assert _TRADITIONAL().pattern == traditional_character_class()
    assert _TRADITIONAL().search("這個問題") and not _TRADITIONAL().search("这个问题")
