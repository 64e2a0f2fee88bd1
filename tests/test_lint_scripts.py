"""Reading call scripts: which lines are said, by whom, and where each one's text starts in the file."""
import textwrap

import pytest

from scriptcheck.errors import ScriptcheckError
from scriptcheck.lint.reader import read_script
from scriptcheck.lint.script import Script


def said(script: Script):
    return [(line.speaker, line.text.strip(), line.line, line.col) for line in script.lines]


def script_from(write, name: str, text: str) -> Script:
    return read_script(write(name, text), name)


@pytest.mark.parametrize("name, text, expected", [
    ("plain.md", "您好！请问有什么可以帮助您？\n", [("agent", "您好！请问有什么可以帮助您？", 1, 1)]),
    ("labels.md", "客服：您好\n客户:我想交费\n坐席： 好的\n用户：谢谢\n",
     [("agent", "您好", 1, 4), ("customer", "我想交费", 2, 4), ("agent", "好的", 3, 5), ("customer", "谢谢", 4, 4)]),
    ("bold-label.md", "**客户**：我想交费\n**客服：**好的\n",
     [("customer", "我想交费", 1, 8), ("agent", "好的", 2, 8)]),
    ("not-a-label.md", "温馨提示：请您带好证件\n", [("agent", "温馨提示：请您带好证件", 1, 1)]),
    ("lists.md", "- 您好\n* 请讲\n+ 请说\n1. 第一句\n12) 第二句\n- [x] 已核对\n",
     [("agent", "您好", 1, 3), ("agent", "请讲", 2, 3), ("agent", "请说", 3, 3), ("agent", "第一句", 4, 4),
      ("agent", "第二句", 5, 5), ("agent", "已核对", 6, 7)]),
    ("quote.md", "> 客户：我想交费\n> > 好的\n> - 客服：请稍候\n",
     [("customer", "我想交费", 1, 6), ("agent", "好的", 2, 5), ("agent", "请稍候", 3, 8)]),
    ("indented.md", "您好\n    请讲\n", [("agent", "您好", 1, 1), ("agent", "请讲", 2, 5)]),
    ("skipped.md", "# 开场白\n## 细则\n---\n***\n```text\n客服：在代码块里\n```\n~~~\n", [("agent", "在代码块里", 6, 4)]),
    ("setext.md", "开场白\n======\n您好\n", [("agent", "您好", 3, 1)]),
    # '---' under a line is a separator to most authors: the line stays a script line.
    ("dash-rule.md", "您好\n---\n", [("agent", "您好", 1, 1)]),
    ("comments.md", "<!-- 说明 -->\n您好<!-- 注 -->请讲\n<!-- 多行\n不知道 -->\n再见\n",
     [("agent", "您好" + " " * 10 + "请讲", 2, 1), ("agent", "再见", 5, 1)]),
    ("table.md", "| 角色 | 话术 |\n| --- | :---: |\n| 客户 | 我想交费 |\n| 客服 | 好的 |\n",
     [("agent", "角色 | 话术 |", 1, 3), ("customer", "我想交费 |", 3, 8), ("agent", "好的 |", 4, 8)]),
    ("emphasis.md", "您好，**请问**有什么可以帮助您？\n", [("agent", "您好，**请问**有什么可以帮助您？", 1, 1)]),
    ("plain.txt", "客服:您好\n\n# 注释行\n  客户：我想交费\n请稍等\n",
     [("agent", "您好", 1, 4), ("customer", "我想交费", 4, 6), ("agent", "请稍等", 5, 1)]),
    ("markers.txt", "- 您好\n", [("agent", "- 您好", 1, 1)]),
    ("list.yaml", "- 您好\n- '客户: 我想交费'\n- \"请您稍等\"\n",
     [("agent", "您好", 1, 3), ("customer", "我想交费", 2, 8), ("agent", "请您稍等", 3, 4)]),
    ("mapping.yaml", "scene: call\nlines:\n  - 客服: 您好\n  - {客户: 我想交费}\n  - 用户:   谢谢\n",
     [("agent", "您好", 3, 9), ("customer", "我想交费", 4, 10), ("customer", "谢谢", 5, 11)]),
    ("block.yaml", "lines:\n  - |\n    您好\n    请讲\n", [("agent", "您好\n请讲", 3, 5)]),
    ("empty.yaml", "", []),
])
def test_lines_said_with_speaker_and_position(write, name, text, expected):
    assert said(script_from(write, name, text)) == expected


@pytest.mark.parametrize("name, text, direction, scene, summary_line", [
    ("fm.md", "---\ndirection: outbound\nscene: opening\n---\n您好\n", "outbound", "opening", 3),
    ("fm.txt", "---\nscene: closing\n---\n再见\n", "inbound", "closing", 2),
    ("fm-title.md", "---\ntitle: 开场白\n---\n您好\n", "inbound", None, 1),
    ("fm-empty.md", "---\n---\n您好\n", "inbound", None, 1),
    ("none.md", "您好\n", "inbound", None, 1),
    ("script.yaml", "direction: outbound\nscene: call\nlines: [您好]\n", "outbound", "call", 2),
    ("bare.yml", "- 您好\n", "inbound", None, 1),
])
def test_front_matter_declares_direction_and_scene(write, name, text, direction, scene, summary_line):
    script = script_from(write, name, text)
    assert (script.direction, script.scene, script.summary_at[0]) == (direction, scene, summary_line)


def test_front_matter_lines_are_not_said(write):
    script = script_from(write, "fm.md", "---\nscene: opening\n---\n# 开场\n您好\n")
    assert said(script) == [("agent", "您好", 5, 1)]


@pytest.mark.parametrize("name, content, where, problem", [
    ("open.md", "---\nscene: opening\n您好\n", "open.md:1:1", "front matter is not closed"),
    ("typo.md", "---\nscnee: opening\n---\n您好\n", "typo.md:2:1", "did you mean 'scene'?"),
    ("direction.txt", "---\ndirection: incoming\n---\n您好\n", "direction.txt:2:1", "must be one of inbound, outbound"),
    ("syntax.yaml", "lines: [您好\n", "syntax.yaml:2:1", "invalid YAML"),
    ("speaker.yaml", "lines:\n  - 经理: 您好\n", "speaker.yaml:2:5", "unknown speaker '经理'"),
    ("item.yaml", "lines:\n  - [您好]\n", "item.yaml:2:5", "expected a string or a single-key mapping"),
    ("nolines.yaml", "scene: call\n", "nolines.yaml:1:1", "missing required key 'lines'"),
    ("scalar.yaml", "您好\n", "scalar.yaml:1:1", "expected a list of lines"),
    ("gbk-broken.txt", b"\xff\xff\xff\n", "gbk-broken.txt:1:1", "cannot decode text"),
])
def test_unparsable_scripts_name_file_line_and_column(write, name, content, where, problem):
    path = write(name, content if isinstance(content, bytes) else textwrap.dedent(content))
    with pytest.raises(ScriptcheckError) as caught:
        read_script(path, name)
    assert str(caught.value).startswith(where) and problem in str(caught.value)


@pytest.mark.parametrize("encoded", [
    "客服：您好\n".encode("utf-8-sig"),
    "客服：您好\n".encode("gbk"),
])
def test_encodings_of_chinese_editors_are_read(write, encoded):
    assert said(read_script(write("enc.txt", encoded), "enc.txt")) == [("agent", "您好", 1, 4)]


def test_yaml_positions_follow_quotes_and_escapes(write):
    script = script_from(write, "q.yaml", 'lines:\n  - "客服: 您好\\t请讲"\n')
    (line,) = script.lines
    assert line.text == "您好\t请讲"
    assert line.region(3, 5) == (2, 14, 16)  # 请讲, after the two-character escape
