"""The numbers scriptcheck accepts from packs and transcripts: finite, and bounded.

A number that is infinite or not a number (``.inf`` in YAML, ``Infinity`` or ``1e999`` in JSON), or an
integer too large for a float, would make a score, a fine or a measured time infinite, which no JSON
reader accepts, or raise OverflowError deep in a check. Every number is therefore checked where it is
read, and refused there with its place.
"""
from __future__ import annotations

import math
import re
from typing import Any

from .errors import shown

# Points, fines in 元, seconds, counts: anything larger is a mistake, and sums of such numbers over the
# findings of a batch stay far from float overflow (and exact: 10^15 < 2^53).
MAX_NUMBER = 10 ** 15
# A string that reads as a decimal number (as metadata from text headers is): what a fact rule compares.
DECIMAL = re.compile(r"^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$")
FLOAT_BOUND = 1.7976931348623157e308  # the largest float: a value in metadata only needs to be one


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def number_problem(value: Any, bound: float = MAX_NUMBER) -> str | None:
    """What is wrong with the number ``value`` (non-finite, or larger than ``bound`` in size), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number, got {shown(value)}"
    if abs(value) > bound:  # exact for integers of any size
        return f"must be at most {_bound(bound)} in size, got {shown(value)}"
    return None


def decimal_problem(text: str) -> str | None:
    """For a string that reads as a decimal number too large for a float (``1e999``): what is wrong; else
    None (other strings are not numbers, and have no problem here)."""
    if not DECIMAL.match(text) or math.isfinite(float(text)):
        return None
    return f"number too large for a float, got {shown(text.strip())}"


def as_decimal(value: Any) -> float | None:
    """A fact's value as a number: a real number, or a string that reads as a decimal one; else None."""
    if is_number(value):
        try:
            number = float(value)
        except OverflowError:
            return None
    elif isinstance(value, str) and DECIMAL.match(value):
        number = float(value)
    else:
        return None
    return number if math.isfinite(number) else None



def _bound(bound: float) -> str:
    if bound == MAX_NUMBER:
        return "10^15"
    return f"{bound:g}"
