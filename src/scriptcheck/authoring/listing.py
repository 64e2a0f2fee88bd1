"""``rules list``: one row per rule of a pack, as an aligned table or as JSON."""
from __future__ import annotations

import json
from typing import Any

from ..pack.rulepack import RulePack
from .wording import number

FIELDS = ("id", "type", "category", "severity", "deduction", "fine", "fatal", "source")


def rule_rows(pack: RulePack) -> list[dict[str, Any]]:
    return [{"id": r.id, "type": r.type, "category": r.category, "severity": r.severity,
             "deduction": r.deduction, "fine": r.fine, "fatal": r.fatal, "source": r.source} for r in pack.rules]


def as_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def as_table(rows: list[dict[str, Any]]) -> str:
    """Aligned columns; the source, the only free text, comes last so it cannot break the alignment."""
    cells = [list(FIELDS)] + [[_cell(row[name]) for name in FIELDS] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(FIELDS) - 1)]
    return "\n".join("  ".join([c.ljust(w) for c, w in zip(line, widths)] + [line[-1]]).rstrip() for line in cells)


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return number(value)
    return str(value)
