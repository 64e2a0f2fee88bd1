"""Shared helpers: build packs and calls from short inline texts."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import scriptcheck
from scriptcheck.transcripts.text_reader import read_text

REPO = Path(__file__).resolve().parents[1]


def dialogue(text: str, source: str = "inline.txt"):
    """A Transcript from the plain-text dialogue format (dedented)."""
    return read_text(textwrap.dedent(text).strip("\n"), source, "inline")


@pytest.fixture
def write(tmp_path):
    """Write a file under tmp_path (str → UTF-8, bytes as given) and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def pack_from(write):
    """Compile a pack from YAML text (rules only need their own keys)."""

    def _pack(yaml_text: str, name: str = "pack.yaml"):
        return scriptcheck.load_rules(write(name, yaml_text))

    return _pack


def rule_findings(report, rule_id: str):
    return [f for f in report.findings if f.rule == rule_id]


def module_pack(yaml_text: str):
    """A module-scoped ``pack`` fixture compiled from ``yaml_text`` (assign it to the name ``pack``)."""

    @pytest.fixture(scope="module")
    def pack(tmp_path_factory):
        path = tmp_path_factory.mktemp("pack") / "pack.yaml"
        path.write_text(yaml_text, encoding="utf-8")
        return scriptcheck.load_rules(path)

    return pack


def run_cli(capsys, *argv):
    """(exit code, stdout, stderr) of ``scriptcheck ARGV``; argparse's usage errors included."""
    from scriptcheck.cli import main

    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err
