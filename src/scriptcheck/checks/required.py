"""``type: required`` — a phrase the speaker must say, in a window of the call (首问语, 结束语).

Any one alternative satisfies the rule. An exact match is looked for first (the automaton has found
the anchors); only when none is found are the utterances of the window compared with rapidfuzz, so
that ASR mishearings (帮住您 for 帮助您) still count as said. A missing phrase is one finding whose
``closest`` names the most similar utterance of the window and its similarity.

Example::

    - id: opening.inbound
      type: required
      category: opening
      message: 缺少标准首问语「您好！请问有什么可以帮助您？」
      window: {first: 2}
      phrases: ["{greeting}{*}请问有什么可以帮{*}您"]
      similarity: 85
"""
from __future__ import annotations

import re

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import shown
from ..model import Finding
from ..numbers import number_problem
from ..phrases import Slot
from ..schema import Option, non_empty, percentage
from .base import CallContext, Rule, format_message
from .ruletype import FULL_CALL, RuleType
from .said import Templates, compile_templates, effective_similarity, said, said_exactly, template_literals

if TYPE_CHECKING:
    from ..authoring.context import Judged


OPTIONS: dict[str, Option] = {
    "phrases": Option(list, required=True, item=(str, dict), check=non_empty, phrases=True,
                      doc="alternatives; any one satisfies the rule"),
    "window": Option(dict, doc="{first: N} or {last: N} of the speaker's utterances; whole call if absent"),
    "similarity": Option(float, check=percentage, doc="fuzzy threshold (0-100; default: the intents' or 85)"),
    "first_utterance": Option(list, default=[], item=(str, dict), phrases=True,
                              doc="alternatives that count only in the speaker's first utterance"),
}
_FIRST = "first:"


LINE_CHECK = re.compile(r"(?:喂|你好|您好|请讲|请说|在吗|听得到吗|听得见吗|能听到吗)+")  # checks the line, opens nothing


@dataclass(frozen=True)
class RequiredRule(Rule):
    phrases: Templates = Templates(())
    window: tuple[str, int] | None = None  # ("first", N) | ("last", N)
    similarity: float = 85.0
    first_utterance: Templates = Templates(())

    def literals(self) -> list[tuple[str, str, int | None]]:
        return template_literals(self.phrases) + template_literals(self.first_utterance, _FIRST)

    def window_of(self, call: CallContext) -> list[int]:
        spoken = call.by_speaker[self.speaker]
        if self.window is None:
            return spoken
        side, size = self.window
        if side == "last":
            return spoken[-size:]
        # 「喂」「你好」「请讲」 while the line is checked do not use up the window of the opening.
        counted = 0
        for end, u in enumerate(spoken):
            counted += LINE_CHECK.fullmatch(call.normalized[u]) is None
            if counted == size:
                return spoken[:end + 1]
        return spoken

    def _said_first(self, call: CallContext, index: int) -> bool:
        """「亲，……」 opening a chat's first reply greets; the same word later does not."""
        spoken = call.by_speaker[self.speaker]
        return bool(self.first_utterance and spoken) and said_exactly(call, index, self.first_utterance,
                                                                      spoken[:1], _FIRST)

    def check(self, call: CallContext, index: int) -> list[Finding]:
        window = self.window_of(call)
        found, nearest = said(call, index, self.phrases, window, self.similarity)
        if found or self._said_first(call, index):
            return []
        message = format_message(self.message, phrase=self.phrases[0].text)
        return [self.finding(call, message, closest=nearest)]


def build(common: dict[str, Any], values: dict[str, Any], slots: dict[str, Slot], where: Any,
          errors: list) -> Rule:
    templates = compile_templates(values["phrases"], "phrases", slots, where, errors)
    window = None
    raw = values["window"]
    if raw is not None:
        if len(raw) != 1 or next(iter(raw)) not in ("first", "last"):
            errors.append(where.error("window", "expected {first: N} or {last: N}"))
        else:
            side, size = next(iter(raw.items()))
            if not isinstance(size, int) or isinstance(size, bool) or size < 1:
                errors.append(where.error(f"window.{side}", f"expected a positive integer, got {shown(size)}"))
            elif problem := number_problem(size):
                errors.append(where.error(f"window.{side}", problem))
            else:
                window = (side, size)
    first_utterance = compile_templates(values["first_utterance"], "first_utterance", slots, where, errors)
    return RequiredRule(**common, phrases=templates, window=window, first_utterance=first_utterance,
                        similarity=effective_similarity(values["similarity"], templates))


def describe(rule: RequiredRule) -> list[str]:
    from ..authoring.lines import labelled, similarity_line, template_lines
    from ..authoring.wording import SPEAKER_WORDS

    whose = SPEAKER_WORDS[rule.speaker]
    window = "the whole call" if rule.window is None else f"the {whose}'s {rule.window[0]} {rule.window[1]} utterances"
    return (template_lines("must say", rule.phrases) + [labelled("", "(any one of them)"),
            labelled("window", window), similarity_line(rule.similarity)])


def why(judged: Judged) -> list[str]:
    from ..authoring.why_said import verdict
    from ..authoring.wording import SPEAKER_WORDS, utterances

    rule, call = judged.rule, judged.call
    window = rule.window_of(call)
    where = "the whole call" if rule.window is None else f"{rule.window[0]} {rule.window[1]}"
    lines = [f"window ({where} of the {SPEAKER_WORDS[rule.speaker]}'s utterances): {utterances(window)}"]
    if not window:
        return lines + [f"the {SPEAKER_WORDS[rule.speaker]} said nothing: missing"]
    return lines + verdict(call, rule.phrases, window, rule.similarity)


def in_script(rule: RequiredRule, scene: str | None) -> bool:
    """A whole call needs every required phrase; ``scene: opening`` those of category ``opening``, and so on."""
    return scene == FULL_CALL or rule.category == scene


RULE_TYPE = RuleType(name="required", doc=__doc__, options=OPTIONS, message_fields=("phrase",), build=build,
                     describe=describe, why=why, in_script=in_script)
