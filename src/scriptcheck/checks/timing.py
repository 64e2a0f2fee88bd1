"""Shared by the timing rule types: numbers as messages show them."""
from __future__ import annotations


def shown(value: float) -> str:
    """A measured number as a message shows it: at most one decimal, no trailing zero."""
    return f"{round(value, 1):g}"
