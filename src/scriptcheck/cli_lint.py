"""``scriptcheck lint``: check call scripts (话术) before they reach the floor."""
from __future__ import annotations

import argparse


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Placeholder until the command is implemented."""
