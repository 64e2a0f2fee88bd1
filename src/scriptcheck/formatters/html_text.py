"""Pieces shared by the html report modules: escaping, how numbers read, table markup, and the spool."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from html import escape
from typing import IO, Iterable, Sequence

from ..display import readable

UNKNOWN_AGENT = "（未知）"
SPEAKER_LABELS = {"agent": "客服", "customer": "客户"}
SEVERITY_LABELS = {"minor": "轻微", "major": "重要", "critical": "严重"}


def esc(value: object) -> str:
    """Text for an element body or a quoted attribute value."""
    return escape(readable(str(value)), quote=True)


def amount(value: float) -> str:
    """A number as people write it: 1,234.5 — no trailing zeros, no scientific notation."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def money(value: float) -> str:
    return f"{amount(value)}元"


def percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "—"


def clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    hours, rest = divmod(max(seconds, 0.0), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{int(hours)}:{int(minutes):02d}:{secs:04.1f}"
    return f"{int(minutes):02d}:{secs:04.1f}"


def speaker_label(speaker: str | None) -> str:
    return SPEAKER_LABELS.get(speaker or "", speaker or "")


def agent_label(agent: str | None) -> str:
    return agent if agent else UNKNOWN_AGENT


class Spool:
    """Rendered HTML parked in a temporary file until the page is assembled, so memory stays flat."""

    def __init__(self) -> None:
        self._file: IO[str] = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self.count = 0

    def write(self, fragment: str | Iterable[str]) -> None:
        """Park one fragment, given whole or as pieces written one after the other."""
        if isinstance(fragment, str):
            self._file.write(fragment)
        else:
            for piece in fragment:
                self._file.write(piece)
        self.count += 1

    def copy_to(self, out: IO[str], chunk_size: int = 1 << 16) -> None:
        self._file.flush()
        self._file.seek(0)
        while chunk := self._file.read(chunk_size):
            out.write(chunk)

    def close(self) -> None:
        self._file.close()


@dataclass(frozen=True)
class Column:
    label: str
    css: str = ""  # class of the header and body cells: "num" right-aligns figures


NUMERIC = "num"


def _cell(tag: str, column: Column, content: str) -> str:
    return f'<{tag} class="{column.css}">{content}</{tag}>' if column.css else f"<{tag}>{content}</{tag}>"


def table_row(columns: Sequence[Column], cells: Sequence[str], row_class: str = "", row_id: str = "") -> str:
    """A body row; ``cells`` are HTML already escaped by the caller."""
    attributes = (f' id="{esc(row_id)}"' if row_id else "") + (f' class="{esc(row_class)}"' if row_class else "")
    return f"<tr{attributes}>" + "".join(_cell("td", c, cell) for c, cell in zip(columns, cells)) + "</tr>\n"


def table_start(table_id: str, columns: Sequence[Column], table_class: str = "") -> str:
    classes = f' class="{table_class}"' if table_class else ""
    head = "".join(_cell("th", column, esc(column.label)) for column in columns)
    return f'<table id="{esc(table_id)}"{classes}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n'


TABLE_END = "</tbody>\n</table>\n"


def table(table_id: str, columns: Sequence[Column], rows: Sequence[str], empty: str, table_class: str = "") -> str:
    body = "".join(rows) or f'<tr><td colspan="{len(columns)}" class="muted">{esc(empty)}</td></tr>\n'
    return table_start(table_id, columns, table_class) + body + TABLE_END
