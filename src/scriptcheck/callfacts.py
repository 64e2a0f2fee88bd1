"""Facts derived from a call for ``when:`` conditions: silence, timing, and the calendar.

The kind of day comes from the ``chinese-calendar`` package, which follows the State Council's yearly
holiday notices, including make-up working days (调休): a Saturday that is a working day is a workday.
A year the package does not cover yet falls back to Monday–Friday / Saturday–Sunday without holidays.
"""
from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache

from .model import CUSTOMER, Transcript
from .transcripts.canonical import CHINA_STANDARD_TIME
from .text import normalize

DAY_KINDS = ("workday", "weekend", "holiday")
TIMES_OF_DAY = ("morning", "noon", "afternoon", "evening")
DERIVED_FACTS = ("customer_silent", "timed", "day", "time_of_day")
_NOON, _AFTERNOON, _EVENING, _MORNING = time(11, 30), time(13, 30), time(18, 0), time(5, 0)


def derived_fact(call: Transcript, name: str, normalized: list[str] | None = None) -> object:
    """The value of a derived fact; ``normalized`` (the utterances' matching forms) saves recomputing them."""
    if name == "customer_silent":
        texts = normalized if normalized is not None else [normalize(u.text) for u in call.utterances]
        for said, text in zip(call.utterances, texts):
            if text and said.speaker == CUSTOMER:
                return False
        return True
    if name == "timed":
        for said in call.utterances:
            if said.start is None or said.end is None:
                return False
        return True
    if call.started_at is None:
        return None
    local = call.started_at.astimezone(CHINA_STANDARD_TIME)
    return day_kind(local) if name == "day" else time_of_day(local)


def day_kind(moment: datetime) -> str:
    return _day_kind(moment.date())


@lru_cache(maxsize=4096)  # the calls of a batch fall on a few days
def _day_kind(day: date) -> str:
    import chinese_calendar  # its holiday tables take a while to import; most calls never ask

    try:
        is_holiday, holiday_name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return "weekend" if day.weekday() >= 5 else "workday"
    if not is_holiday:
        return "workday"
    return "holiday" if holiday_name else "weekend"


def time_of_day(moment: datetime) -> str:
    clock = moment.time()
    if _MORNING <= clock < _NOON:
        return "morning"
    if _NOON <= clock < _AFTERNOON:
        return "noon"
    if _AFTERNOON <= clock < _EVENING:
        return "afternoon"
    return "evening"
