"""``when:`` — conditions on call facts that decide whether a rule applies to a call."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from .errors import shown
from .callfacts import DAY_KINDS, DERIVED_FACTS, TIMES_OF_DAY
from .model import AGENT, CHANNELS, CUSTOMER, INBOUND, OUTBOUND, Transcript
from .schema import suggest

FACT_PREFIXES = ("agent.", "customer.", "metadata.")
_DIRECTIONS = (INBOUND, OUTBOUND)
_SPEAKERS = (AGENT, CUSTOMER)


@dataclass(frozen=True)
class Condition:
    tests: tuple[tuple[str, tuple[Any, ...]], ...]  # (fact, accepted values); all must hold

    def applies(self, call: "CallFacts") -> bool:
        for fact, accepted in self.tests:
            if fact == "speakers":
                present = {u.speaker for u in call.transcript.utterances}
                if not all(speaker in present for speaker in accepted):
                    return False
            elif fact in DERIVED_FACTS:
                if call.derived(fact) not in accepted:
                    return False
            elif not _matches(call.transcript.fact(fact), accepted):
                return False
        return True


class CallFacts(Protocol):
    transcript: Transcript

    def derived(self, name: str) -> object: ...


def _matches(value: Any, accepted: tuple[Any, ...]) -> bool:
    for expected in accepted:
        if expected is None:
            if value is None:
                return True
        elif value is not None and (value == expected or str(value) == str(expected)):
            return True
    return False


def compile_condition(raw: Any, where: Any, errors: list) -> Condition | None:
    """Validate a ``when:`` mapping; report problems through ``where`` (relative key paths)."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors.append(where.error("when", "expected a mapping of call facts, e.g. {direction: outbound}"))
        return None
    tests = []
    for fact, value in raw.items():
        path = f"when.{fact}"
        accepted = tuple(value) if isinstance(value, list) else (value,)
        if fact == "direction":
            bad = [v for v in accepted if v not in _DIRECTIONS]
            if bad:
                errors.append(where.error(path, f"direction must be inbound or outbound, got {shown(bad[0])}"))
                continue
        elif fact == "channel":
            bad = [v for v in accepted if v not in CHANNELS]
            if bad:
                errors.append(where.error(path, f"channel must be phone or chat, got {shown(bad[0])}"
                                          + suggest(str(bad[0]), list(CHANNELS))))
                continue
        elif fact == "speakers":
            bad = [v for v in accepted if v not in _SPEAKERS]
            if bad:
                errors.append(where.error(path, f"speakers must be agent and/or customer, got {shown(bad[0])}"))
                continue
        elif fact in ("customer_silent", "timed"):
            if any(not isinstance(v, bool) for v in accepted):
                errors.append(where.error(path, f"{fact} must be true or false"))
                continue
        elif fact in ("day", "time_of_day"):
            allowed = DAY_KINDS if fact == "day" else TIMES_OF_DAY
            bad = [v for v in accepted if v not in allowed]
            if bad:
                errors.append(where.error(path, f"{fact} must be one of {', '.join(allowed)}, got {shown(bad[0])}"
                                          + suggest(str(bad[0]), list(allowed))))
                continue
        elif not (isinstance(fact, str) and fact.startswith(FACT_PREFIXES) and len(fact.split(".", 1)[1]) > 0):
            errors.append(where.error(path, "unknown call fact; use direction, channel, speakers, customer_silent, timed, "
                                            "day, time_of_day, agent.KEY, customer.KEY or metadata.KEY"
                                      + suggest(str(fact), ["direction", "channel", "speakers", *DERIVED_FACTS])))
            continue
        if any(isinstance(v, (dict, list)) for v in accepted):
            errors.append(where.error(path, "expected a scalar or a list of scalars"))
            continue
        tests.append((fact, accepted))
    return Condition(tuple(tests))
