"""The ``scriptcheck`` command. Only this module and the formatters write to the terminal."""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

from . import __version__
from .engine import check
from .errors import PackError
from .formatters import FORMATTERS
from .model import ReadFailure
from .pack.loader import bundled_packs, load_rules
from .transcripts import expand_paths, iter_file

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scriptcheck",
                                     description="Check call-centre conversations against a service standard.")
    parser.add_argument("--version", action="version", version=f"scriptcheck {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    score = commands.add_parser("score", help="score call transcripts (.json, .jsonl, .txt; directories recursively)")
    score.add_argument("paths", nargs="+", metavar="PATH", help="transcript files or directories")
    score.add_argument("--rules", default=None, metavar="PACK",
                       help=f"rule pack: a bundled name ({', '.join(sorted(bundled_packs()))}) or a YAML file "
                            "(default: default)")
    score.add_argument("--format", default="text", choices=sorted(FORMATTERS), help="output format (default: text)")
    score.add_argument("--fail-under", type=float, default=None, metavar="N",
                       help="exit 1 if any call scores below N or is failed by a fatal rule")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        pack = load_rules(args.rules)
    except PackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        return _score(args, pack)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as other command-line tools do.
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _score(args: argparse.Namespace, pack) -> int:
    formatter = FORMATTERS[args.format](sys.stdout)
    unreadable = 0
    below = False
    try:
        for path in expand_paths(args.paths):
            for item in iter_file(path):
                if isinstance(item, ReadFailure):
                    unreadable += 1
                    if args.format != "text":
                        print(f"error: {item.error}", file=sys.stderr)
                    formatter.write(item)
                    continue
                report = check(item, pack)
                if args.fail_under is not None and (report.fatal or report.score < args.fail_under):
                    below = True
                formatter.write(report)
    finally:
        formatter.close()
    if unreadable:
        return EXIT_ERROR
    return EXIT_FINDINGS if below else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
