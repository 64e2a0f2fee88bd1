"""``scriptcheck rules``: tools for the people who write rule packs."""
from __future__ import annotations

import argparse


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Placeholder until the command is implemented."""
