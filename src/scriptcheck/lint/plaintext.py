"""Plain-text scripts: one line said per line, ``#`` lines are comments."""
from __future__ import annotations

from .frontmatter import front_matter, split_lines
from .labels import split_label
from .script import Script, ScriptLine
from .suppress import hash_directive


def read_plain_text(text: str, path: str) -> Script:
    lines = split_lines(text)
    header, body, suppressions = front_matter(lines, path)
    said: list[ScriptLine] = []
    for index in range(body, len(lines)):
        number = index + 1
        patterns, line = hash_directive(lines[index])
        if patterns:
            suppressions[number] = patterns
        content = line.strip()
        if not content or content.startswith("#"):
            continue
        offset = len(line) - len(line.lstrip())
        speaker, skip = split_label(content)
        if content[skip:].strip():
            said.append(ScriptLine(speaker, content[skip:], number, offset + skip + 1))
    return Script(path, tuple(said), header.direction, header.scene, header.summary_at, suppressions)
