"""``scriptcheck lint``: check call scripts (话术) before they reach the floor.

Meant for pre-commit hooks and CI: ``path:line:col: rule-id: message`` per finding, exit 1 on findings,
2 when a script, the config or the rule pack cannot be read.
"""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .cli_support import quiet_when_the_reader_leaves, say
from .model import SEVERITIES

if TYPE_CHECKING:
    from .lint.session import Outcome, Prepared

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "sarif")


def add_parser(commands: argparse._SubParsersAction) -> None:
    lint = commands.add_parser("lint", help="check call scripts (Markdown, text, YAML) against a rule pack",
                               description="Check call scripts (话术) against a rule pack: forbidden phrases "
                                           "and over-used fillers everywhere, required phrases by scene.")
    lint.add_argument("paths", nargs="*", metavar="PATH",
                      help="script files (.md, .markdown, .txt, .yaml, .yml) or directories (default: .)")
    lint.add_argument("--rules", metavar="PACK", help="rule pack: a bundled name or a YAML file "
                      "(default: the config's `rules`, else default)")
    lint.add_argument("--format", default="text", choices=FORMATS, help="output format (default: text)")
    lint.add_argument("--min-severity", choices=SEVERITIES,
                      help="report findings at or above this severity (default: the config's, else minor)")
    lint.add_argument("--config", metavar="FILE", help=".scriptcheck.yaml or pyproject.toml to use "
                      "(default: looked up from the current directory to the repository root)")
    lint.set_defaults(run=run)


@quiet_when_the_reader_leaves
def run(args: argparse.Namespace) -> int:
    from .lint.session import LintSettings, lint_files, prepare

    prepared = prepare(LintSettings(config=args.config, rules=args.rules, min_severity=args.min_severity))
    if prepared.errors:
        for error in prepared.errors:
            say(str(error), sys.stderr)
        return EXIT_ERROR
    outcome = lint_files(args.paths or ["."], prepared)
    _write(args.format, outcome, prepared)
    if outcome.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if outcome.findings else EXIT_OK


def _write(format_name: str, outcome: Outcome, prepared: Prepared) -> None:
    from .lint.report import write_json, write_text
    from .lint.sarif import write_sarif

    out = sys.stdout
    if format_name == "text":
        write_text(out, outcome.findings, outcome.errors)
    else:
        # stdout stays a valid document; the errors go to stderr (and, in SARIF, into the log too).
        for error in sorted(outcome.errors, key=lambda e: e.sort_key()):
            say(str(error), sys.stderr)
        if format_name == "json":
            write_json(out, outcome.findings)
        else:
            rules = prepared.rules.reported_rules() if prepared.rules is not None else []
            write_sarif(out, outcome.findings, outcome.errors, rules)
    out.flush()
