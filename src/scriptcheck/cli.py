"""The ``scriptcheck`` command: subcommands ``score``, ``lint`` and ``rules``.

Only the command modules and the formatters write to the terminal; everything else returns data.
"""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

from . import __version__, cli_lint, cli_rules, cli_score


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scriptcheck",
                                     description="Check call-centre conversations against a service standard.")
    parser.add_argument("--version", action="version", version=f"scriptcheck {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    for command in _COMMANDS:
        command.add_parser(commands)
    return parser


_COMMANDS = [cli_score, cli_lint, cli_rules]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
