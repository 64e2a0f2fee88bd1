"""Rule packs written to hurt: they are data, so they either load (and then check in bounded time) or are
refused with a clear PackError — they never run code, hang a run, or exhaust memory.

docs/security.md states the guarantees these tests hold: safe YAML without object tags, bounded alias
expansion and nesting, RE2 (linear-time) regular expressions, the size limits.
"""
from __future__ import annotations

import random
import re

import pytest
from robustness_support import (Timer, assert_pack_error_lines, check_and_write, record_tried,
                                robustness_tally)  # noqa: F401  (robustness_tally: autouse fixture)

import scriptcheck
from scriptcheck import PackError
from scriptcheck.pack.loader import MAX_EXTENDS_DEPTH, MAX_PACK_BYTES
from scriptcheck.transcripts.canonical import transcript_from_dict
from scriptcheck.yamlsource import MAX_CHARACTERS, MAX_DEPTH, MAX_NODES

FORBIDDEN = "rules:\n  - id: hostile\n    type: forbidden\n    category: forbidden\n    message: 忌语「{evidence}」\n"
REDOS = ["(a+)+$", "(x+x+)+y", "(a|aa)+$", "(a*)*b", "(.*a){25}", "^(([a-z])+.)+[A-Z]([a-z])+$", "(\\p{Han}+)+!"]
# A long utterance of the kind each pattern backtracks on without end in a backtracking engine.
ADVERSARIAL = ["a" * 50_000 + "!", "x" * 50_000, "喂" * 30_000 + "?", "您好" + "a" * 50_000 + "再见"]


def _billion_laughs(levels: int = 10) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    return "\n".join(lines) + f"\nrules: *a{levels - 1}\n"


def _quadratic_blowup() -> str:
    """One long string, referenced thousands of times: few nodes, gigabytes of phrases."""
    aliases = ", ".join(["*big"] * 5_000)
    return f'description: &big "{"不知道" * 30_000}"\n' + FORBIDDEN + f"    phrases: [{aliases}]\n"


def _phrases(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    han = [chr(code) for code in range(0x4E00, 0x9FA5)]
    found: set[str] = set()
    while len(found) < count:
        found.add("".join(rng.choice(han) for _ in range(rng.randint(3, 7))))
    return sorted(found)


def _giant_pack(count: int) -> str:
    return FORBIDDEN + "    phrases:\n" + "".join(f"      - {phrase}\n" for phrase in _phrases(count))


# (id, pack text, expected PackError message as a regex); every one is refused, quickly
REFUSED = [
    ("billion laughs (alias bomb)", _billion_laughs(), rf"document too large \(more than {MAX_NODES} values"),
    ("quadratic blowup (one long string, 5,000 aliases)", _quadratic_blowup(),
     rf"more than {MAX_CHARACTERS // 2 ** 20} MiB of text after expanding aliases"),
    ("alias containing itself", "rules: &loop [*loop]\n", rf"nested deeper than {MAX_DEPTH} levels"),
    ("mapping containing itself", "scoring: &s {deductions: *s}\n", rf"nested deeper than {MAX_DEPTH} levels"),
    ("flow nesting 100,000 deep", "rules: " + "[" * 100_000, rf"nested deeper than {MAX_DEPTH} levels"),
    ("block nesting 100,000 deep", "rules:\n" + "- " * 100_000 + "x\n", rf"nested deeper than {MAX_DEPTH} levels"),
    ("!!python/object/apply:os.system", "rules: !!python/object/apply:os.system ['touch {marker}']\n",
     r"YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    ("!!python/object/new:subprocess.Popen", "rules: !!python/object/new:subprocess.Popen [['touch', '{marker}']]\n",
     r"YAML tag 'tag:yaml.org,2002:python/object/new:subprocess.Popen' is not allowed"),
    ("!!python/name:os.system", "pack: !!python/name:os.system\n", r"YAML tag .*python/name:os.system' is not allowed"),
    ("!!python/module:os", "pack: !!python/module:os\n", r"YAML tag .*python/module:os' is not allowed"),
    ("tag in a phrase list", FORBIDDEN + "    phrases: [!!python/object/apply:os.system ['touch {marker}']]\n",
     r"rules\[0\]\.phrases\[0\]: YAML tag .* is not allowed"),
    ("custom tag", "pack: !include /etc/passwd\n", r"YAML tag '!include' is not allowed"),
    ("merge key", "base: &b {base: 100}\nscoring: {<<: *b}\n", r"YAML tag 'tag:yaml.org,2002:merge' is not allowed"),
    ("200,001 phrases (more values than MAX_NODES)",
     FORBIDDEN + "    phrases: [" + ",".join(["喂"] * (MAX_NODES + 1)) + "]\n",
     rf"document too large \(more than {MAX_NODES} values"),
    ("extends /dev/zero (never ends)", "extends: /dev/zero\n",
     rf"rule pack larger than {MAX_PACK_BYTES // 2 ** 20} MiB"),
    ("extends a directory", "extends: /tmp\n", r"cannot read rule pack: Is a directory"),
    ("extends a name too long for the file system", "extends: " + "a" * 5_000 + "\n", r"no rule pack named 'aaaa"),
    ("extends a name with a NUL byte", 'extends: "pack\\0.yaml"\n', r"pack\\x00\.yaml: cannot read rule pack"),
    ("extends a name with a line break", 'extends: "two\\nlines"\n', r"two\\nlines: no rule pack named 'two\\nlines'"),
    ("a control character", "pack: \x07\n", r":1:7: invalid YAML: control characters are not allowed \(U\+0007\)"),
    ("a key with a line break", '"bad\\nkey": 1\n', r":1:1: bad\\nkey: unknown key"),
    ("invalid RE2 pattern (lookbehind)", FORBIDDEN + "    patterns: ['(?<=a)b']\n",
     r"rules\[0\]\.patterns\[0\]: invalid regular expression '\(\?<=a\)b'"),
    ("invalid RE2 pattern (backreference)", "slots:\n  s: {pattern: '(a)\\1'}\n",
     r"slots\.s\.pattern: invalid regular"),
]


@pytest.mark.parametrize("name, text, message", REFUSED, ids=[case[0] for case in REFUSED])
def test_hostile_pack_is_refused_clearly_and_quickly(name, text, message, tmp_path):
    marker = tmp_path / "code-ran"
    path = tmp_path / "hostile.yaml"
    path.write_text(text.replace("{marker}", str(marker)), encoding="utf-8")
    record_tried("hostile rule packs", f"{name}: refused")
    with Timer() as timer, pytest.raises(PackError) as refused:
        scriptcheck.load_rules(path)
    assert re.search(message, str(refused.value)), str(refused.value)[:500]
    assert_pack_error_lines(refused.value, (str(tmp_path), "/dev/zero", "/tmp", "aaa", "two\\n"))
    assert not marker.exists(), "a YAML tag ran code"
    assert timer.seconds < 10, f"refusing took {timer.seconds:.1f} s"


def test_pack_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as sparse:  # a hole, not 10 MiB of writing
        sparse.truncate(MAX_PACK_BYTES + 1)
    record_tried("hostile rule packs", f"{MAX_PACK_BYTES + 1:,}-byte pack file: refused")
    refusal = rf"huge.yaml: rule pack larger than {MAX_PACK_BYTES // 2 ** 20} MiB"
    with Timer() as timer, pytest.raises(PackError, match=refusal):
        scriptcheck.load_rules(path)
    assert timer.seconds < 5


def test_extends_chain_and_cycle_are_bounded(tmp_path):
    for i in range(MAX_EXTENDS_DEPTH + 2):
        (tmp_path / f"p{i}.yaml").write_text(f"extends: p{i + 1}.yaml\n" if i <= MAX_EXTENDS_DEPTH else "rules: []\n")
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n")
    record_tried("hostile rule packs", f"extends chain of {MAX_EXTENDS_DEPTH + 2} packs and an extends cycle: refused")
    with pytest.raises(PackError, match=rf"'extends' chain deeper than {MAX_EXTENDS_DEPTH}"):
        scriptcheck.load_rules(tmp_path / "p0.yaml")
    with pytest.raises(PackError, match="'extends' forms a cycle"):
        scriptcheck.load_rules(tmp_path / "a.yaml")


@pytest.mark.parametrize("where", ["patterns", "slot pattern", "surname_patterns"])
def test_catastrophic_regexes_run_in_linear_time(where, tmp_path):
    """RE2 has no backtracking: patterns that take exponential time in Python's re finish at once."""
    if where == "patterns":
        text = FORBIDDEN + "    patterns: [" + ", ".join(f"'{p}'" for p in REDOS) + "]\n"
    elif where == "slot pattern":
        text = ("slots:\n" + "".join(f"  s{i}: {{pattern: '{p}'}}\n" for i, p in enumerate(REDOS))
                + "rules:\n  - id: opening\n    type: required\n    category: opening\n    message: 缺少「{phrase}」\n"
                + "    phrases: [" + ", ".join(f"'您好{{s{i}}}'" for i in range(len(REDOS))) + "]\n"
                + "  - id: answer\n    type: response\n    category: response\n    message: 未回应「{evidence}」\n"
                + "    triggers: [谢谢]\n    phrases: [" + ", ".join(f"'{{s{i}}}不用谢'" for i in range(len(REDOS))) + "]\n")
    else:
        text = ("rules:\n  - id: address\n    type: address\n    category: address\n    message: 称呼{count}次\n"
                + "    surname_patterns: [" + ", ".join(f"'{p}(\\p{{Han}})'" for p in REDOS) + "]\n")
    path = tmp_path / "redos.yaml"
    path.write_text(text, encoding="utf-8")
    pack = scriptcheck.load_rules(path)
    record_tried("hostile rule packs", f"catastrophic-backtracking regexes in {where} ({', '.join(REDOS)}) "
                                       f"on {len(ADVERSARIAL)} utterances of 30,000-50,000 characters: linear time")
    for text in ADVERSARIAL:
        call = transcript_from_dict({"utterances": [{"speaker": "agent", "text": text},
                                                    {"speaker": "customer", "text": "谢谢" + text}]}, source="long.json")
        with Timer() as timer:
            check_and_write(call, pack)
        assert timer.seconds < 5, f"{where} on {text[:10]!r}…: {timer.seconds:.1f} s"


def test_giant_pack_of_20000_phrases_loads_and_checks_in_bounded_time(tmp_path):
    path = tmp_path / "giant.yaml"
    path.write_text(_giant_pack(20_000), encoding="utf-8")
    with Timer() as loading:
        pack = scriptcheck.load_rules(path)
    record_tried("hostile rule packs", f"20,000 forbidden phrases ({path.stat().st_size // 1024} KiB): "
                                       f"loaded in {loading.seconds:.1f} s")
    assert loading.seconds < 20  # about 1.5 s; docs/security.md gives the figures
    phrases = _phrases(20_000)
    call = transcript_from_dict({"utterances": [{"speaker": "agent", "text": "，".join(phrases[::400])},
                                                {"speaker": "agent", "text": "喂" * 2_000}]}, source="giant.json")
    with Timer() as checking:
        report = check_and_write(call, pack)
    assert len([f for f in report.findings if f.rule == "hostile"]) == len(phrases[::400])
    assert checking.seconds < 5


def test_extends_of_a_file_that_is_not_a_pack_is_refused(tmp_path):
    """``extends`` may name any readable file; one that is not a pack is refused without quoting its text."""
    secret = tmp_path / "secret.txt"
    secret.write_text("password: hunter2\n[unbalanced\n", encoding="utf-8")
    path = tmp_path / "pack.yaml"
    path.write_text(f"extends: {secret}\n", encoding="utf-8")
    record_tried("hostile rule packs", "extends a non-pack file: refused, its content not shown")
    with pytest.raises(PackError) as refused:
        scriptcheck.load_rules(path)
    assert "hunter2" not in str(refused.value)
