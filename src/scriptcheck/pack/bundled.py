"""The rule packs that ship with scriptcheck, found without loading the pack compiler."""
from __future__ import annotations

from pathlib import Path

DEFAULT_PACK = "default"


def bundled_packs() -> dict[str, Path]:
    """Names and files of the packs that ship with scriptcheck."""
    found: dict[str, Path] = {}
    for folder in _bundled_folders():
        for path in sorted(folder.glob("*.yaml")):
            found.setdefault(path.stem, path)
    return found


def _bundled_folders() -> list[Path]:
    # An installed wheel keeps the packs in the package's packs/ folder; a source checkout (editable
    # install) in the repository's rules/ folder.
    package = Path(__file__).parent.parent
    folders = [package / "packs", Path(__file__).resolve().parents[3] / "rules"]
    return [f for f in folders if f.is_dir()]
