"""``rules test`` for scenes: each ``hit`` dialogue must be detected as the scene, each ``pass`` must not."""
from __future__ import annotations

from typing import Iterator

from ..engine import prepare
from ..errors import TranscriptError
from ..pack.rulepack import RulePack
from ..pack.scenes import Scene
from .examples import Outcome, read_example



def count_scene_examples(pack: RulePack) -> int:
    return sum(len(texts) for scene in pack.scenes for texts in scene.examples.values())


def run_scene_examples(pack: RulePack) -> Iterator[Outcome]:
    for scene in pack.scenes:
        for kind in ("hit", "pass"):
            for number, text in enumerate(scene.examples.get(kind, ())):
                yield run_scene_example(pack, scene, kind, number, text)


def run_scene_example(pack: RulePack, scene: Scene, kind: str, number: int, text: str) -> Outcome:
    try:
        call = read_example(text, f"{pack.name}:scene {scene.name}:{kind}[{number}]")
    except TranscriptError as exc:
        return Outcome(f"scene {scene.name}", kind, number, text, f"cannot read the example: {exc}")
    found = prepare(call, pack).scenes()
    details = [f"scenes detected: {', '.join(sorted(found)) or 'none'}"]
    if kind == "hit" and scene.name not in found:
        return Outcome(f"scene {scene.name}", kind, number, text, "expected the scene to be detected, it was not", details)
    if kind == "pass" and scene.name in found:
        return Outcome(f"scene {scene.name}", kind, number, text, "expected the scene not to be detected, it was", details)
    return Outcome(f"scene {scene.name}", kind, number, text)
