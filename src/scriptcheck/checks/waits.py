"""Did a hold really happen? Where did the agent come back? (response rules with ``hold: true``)

A reviewer counts a hold only when the agent asked the customer to wait **and** there was a wait:
「请稍等，我查一下。查到了，是……」 in one breath is no hold; the customer speaking before the agent comes
back, or a gap in the timestamps, is. Several 「稍等」 during one wait are one hold, and the thanks for
waiting is judged where the agent comes back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import CUSTOMER
from ..text import normalize_many
from .base import CallContext
from .phrase_spec import PhraseSpecs

_CLAUSE_BREAK = re.compile(r"[\W_]+")  # punctuation, symbols and spaces: what normalisation removes
SHORT_CLAUSE = 4  # 「好吗」「亲」「谢谢」 after the request say nothing more
SHORT_FRAGMENTS = 10  # more characters than this in short clauses after the request are an answer
HOLDING_REST = 6
ASKS_CONSENT = ("可以吗", "好吗", "行吗", "好不好", "可不可以", "可以么", "好么")  # characters a clause may add to what the agent is about to do (「帮您查询一下订单」)


@dataclass(frozen=True)
class Return:
    """Where the agent came back from a hold: the utterance, and the hold requests it covered."""

    utterance: int
    requests: tuple[int, ...]


def answered_in_place(call: CallContext, utterance: int, trigger: tuple[int, int],
                      holding: PhraseSpecs, finished: PhraseSpecs = PhraseSpecs(())) -> bool:
    """After the request, does the same utterance go on to say something beyond what the agent is about to
    do (「我帮您查询一下」) or a few words of courtesy, or say the check is done (「帮您看了」)? Then the
    answer came at once: no wait."""
    rest = call.normalized[utterance][trigger[1]:]
    if finished.first(rest, call.fact) is not None:
        return True  # 「请稍等，帮您看了……」
    if len(rest) <= SHORT_CLAUSE or _holding(rest, holding, call):
        return False  # a few words of courtesy, or what the agent is about to do: no need to read clauses
    if rest.endswith(ASKS_CONSENT):
        return False  # 「……请给我几分钟时间，可以吗」 waits for the customer's yes, then for the check
    original = call.transcript.utterances[utterance].text
    start = call.span(utterance, *trigger)[1]
    short = 0
    for clause in _clauses(original[start:]):
        if len(clause) <= SHORT_CLAUSE:
            short += len(clause)
            continue
        if _holding(clause, holding, call):
            continue
        return True
    # Chat agents answer in space-separated fragments (「稍等 福建 命中站点 龙岩 可以送达」): many short
    # pieces are an answer, a couple (「好吗 亲」) are courtesy.
    return short > SHORT_FRAGMENTS


def _holding(text: str, holding: PhraseSpecs, call: CallContext) -> bool:
    """Is ``text`` what the agent is about to do, give or take a few words?"""
    return any(len(text) - (end - start) <= HOLDING_REST for _, (start, end) in holding.matching(text, call.fact))


def _clauses(text: str) -> list[str]:
    """The clauses of an original text, normalised: split where punctuation, symbols or spaces stand."""
    pieces = [p for p in _CLAUSE_BREAK.split(text) if p]
    return [c for c in normalize_many(pieces) if c] if pieces else []


def comeback(call: CallContext, request: int, speaker: str, is_request, min_wait: float) -> Return | None:
    """The utterance of ``speaker`` where the hold that ``request`` started ended, or None when no wait
    happened (the speaker went straight on, or never spoke again).

    ``is_request(u)`` tells whether an utterance of the speaker asks for (more) waiting itself: such an
    utterance during the wait is a progress report, part of the same hold.
    """
    utterances = call.transcript.utterances
    waited = False
    requests = [request]
    previous = request
    for u in range(request + 1, len(utterances)):
        said = utterances[u]
        if said.speaker != speaker:
            waited = waited or said.speaker == CUSTOMER
            continue
        waited = waited or _gap(utterances[previous], said) >= min_wait
        if is_request(u):
            requests.append(u)
            previous = u
            continue
        return Return(u, tuple(requests)) if waited else None
    return None


def _gap(before, after) -> float:
    if before.end is None or after.start is None:
        return 0.0
    return after.start - before.end
