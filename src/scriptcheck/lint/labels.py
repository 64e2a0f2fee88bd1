"""Speaker labels at the start of a script line: ``客服:``, ``客户：``, ``**客服**：`` or a table's first cell."""
from __future__ import annotations

import re

from ..model import AGENT
from ..transcripts.canonical import speaker_of

# Markdown scripts often set the label in bold: **客服**：… or **客服：**…
_LABEL = re.compile(r"(?:\*\*|__)?(?P<name>[^\s:：*_|]{1,20}?)(?:\*\*|__)?\s*[:：|](?:\*\*|__)?\s*")


def split_label(text: str, cell_separator: bool = False) -> tuple[str, int]:
    """The speaker of a line and the offset where what is said begins; unlabelled lines are the agent's.

    ``cell_separator``: in a Markdown table row, ``| 客户 | 我想… |`` labels the line too.
    """
    match = _LABEL.match(text)
    if match is None or (text[match.end("name"):match.end()].strip(" *_") == "|" and not cell_separator):
        return AGENT, 0
    speaker = speaker_of(match.group("name"))
    if speaker is None:
        return AGENT, 0
    return speaker, match.end()
