"""Render docs/coverage.md from docs/coverage.yaml: python scripts/render-coverage.py [--check]

docs/coverage.yaml is the one source of truth; the Markdown is generated from it and never edited by
hand. With --check nothing is written and the exit code says whether the Markdown is up to date.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

DOCS = Path(__file__).resolve().parent.parent / "docs"
SOURCE = DOCS / "coverage.yaml"
TARGET = DOCS / "coverage.md"
STATUSES = ("full", "partial", "none")


def load(path: Path = SOURCE) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def status_counts(data: dict) -> Counter:
    return Counter(req["status"] for req in data["requirements"])


def full_share(data: dict) -> float:
    """Percentage of checkable requirements the packs enforce fully, to one decimal."""
    counts = status_counts(data)
    total = sum(counts.values())
    return round(100 * counts["full"] / total, 1) if total else 0.0


def _cell(text: str) -> str:
    # The standards write placeholders as ** and XX: asterisks would open emphasis in a table cell.
    return str(text).replace("|", "\\|").replace("*", "\\*").replace("\n", " ")


def _source(data: dict, req: dict) -> str:
    text = f"{req['file']} {req['section']}"
    if req.get("also"):
        text += " · also: " + "; ".join(req["also"])
    return _cell(text)


def _enforced_by(req: dict) -> str:
    names = [f"`{rule}`" for rule in req.get("rules") or ()]
    names += [_cell(m) for m in req.get("mechanisms") or ()]
    return ", ".join(names) or "—"


def _summary(data: dict) -> list[str]:
    counts = status_counts(data)
    total = sum(counts.values())
    lines = [
        "## Summary",
        "",
        f"**Full: {counts['full']} of {total} checkable requirements ({full_share(data):.1f} %).**",
        "",
        "| status | requirements |",
        "| --- | --- |",
    ]
    lines += [f"| {status} | {counts[status]} |" for status in STATUSES]
    lines += [f"| total | {total} |", "", "| topic | full | partial | none |", "| --- | --- | --- | --- |"]
    for topic, title in data["topics"].items():
        per = Counter(r["status"] for r in data["requirements"] if r["topic"] == topic)
        lines.append(f"| [{title}](#{_anchor(title)}) | {per['full']} | {per['partial']} | {per['none']} |")
    return lines + [""]


def _anchor(title: str) -> str:
    # GitHub's anchors: lower case, punctuation other than - and _ dropped, spaces to -.
    kept = "".join(ch for ch in title.lower() if ch.isalnum() or ch in " -_")
    return kept.replace(" ", "-")


def _requirements(data: dict) -> list[str]:
    lines = ["## Requirements", ""]
    for topic, title in data["topics"].items():
        reqs = [r for r in data["requirements"] if r["topic"] == topic]
        if not reqs:
            continue
        lines += [f"### {title}", "", "| id | status | requirement | source | enforced by | why |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for req in reqs:
            lines.append(f"| `{req['id']}` | {req['status']} | {_cell(req['quote'])} | {_source(data, req)} "
                         f"| {_enforced_by(req)} | {_cell(req['why'])} |")
        lines.append("")
    return lines


def _rule_index(data: dict) -> list[str]:
    served: dict[str, list[str]] = {}
    for req in data["requirements"]:
        for rule in req.get("rules") or ():
            served.setdefault(rule, []).append(req["id"])
    lines = ["## Rules and the requirements they serve", "", "| rule | requirements |", "| --- | --- |"]
    lines += [f"| `{rule}` | {', '.join(f'`{i}`' for i in ids)} |" for rule, ids in sorted(served.items())]
    lines += ["", "Rules of the bundled packs tied to no requirement:", ""]
    unmapped = data.get("unmapped_rules") or []
    lines += [f"- `{item['rule']}`: {item['why']}" for item in unmapped] or ["- none"]
    return lines + [""]


def _not_checkable(data: dict) -> list[str]:
    lines = ["## Not checkable from a transcript", "",
             "Considered and left out: what a transcript with speaker labels, timestamps and call metadata "
             "cannot show.", "", "| source | requirement | why |", "| --- | --- | --- |"]
    lines += [f"| {_cell(item['source'])} | {_cell(item['what'])} | {_cell(item['why'])} |"
              for item in data["not_checkable"]]
    return lines + [""]


def _legend(data: dict) -> list[str]:
    lines = ["## Sources and ids", "",
             "The standards are the files of the service standards the packs are built from; an id is the file, "
             "the document inside it where a file collects several, the section and a letter.", "",
             "| file | name |", "| --- | --- |"]
    lines += [f"| {short} | {name} |" for short, name in data["sources"].items()]
    lines += ["", "| id prefix | document |", "| --- | --- |"]
    lines += [f"| `{prefix}` | {_cell(name)} |" for prefix, name in data["prefixes"].items()]
    return lines + [""]


HEADER = """# Coverage of the service standards

What the five service standards require that can be checked from a transcript — speaker labels,
optional timestamps and call metadata (direction, ring time, hold time, hang-up side, transfer flag,
after-call work time) — and which rules of the bundled packs (`default`, `chat`, `outbound-sales`)
enforce it. Generated from [`coverage.yaml`](coverage.yaml) by `python scripts/render-coverage.py`;
edit the YAML, not this page. A test keeps both in step with the packs: every rule named here exists,
every bundled rule is named, and the figures below are computed from the table.

- **full**: the packs enforce the requirement as a QA reviewer would, in the calls it applies to,
  without penalising the calls that follow it.
- **partial**: enforced in part: some wording, condition or scene is missing, or calls handled as the
  standard prescribes lose points for it.
- **none**: nothing enforces it.

A requirement stated by several standards appears once, under the standard that states it most fully,
with the others listed after "also".
"""


def render(data: dict) -> str:
    parts = [HEADER, *_summary(data), *_legend(data), *_requirements(data), *_rule_index(data),
             *_not_checkable(data)]
    return "\n".join(parts).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/coverage.md is out of date")
    args = parser.parse_args(argv)
    text = render(load())
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is out of date: run python scripts/render-coverage.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
