"""Memory of a command and its worker processes, as Linux accounts it (for the memory tests)."""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path


def _children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            pass
    return found


def _pss_kib(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in text.splitlines() if line.startswith("Pss:")), 0)


def tree_pss_mib(command: list[str]) -> float:
    """Peak of the summed proportional set size (shared pages split between their sharers) of a command
    and its worker processes, sampled while it runs."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    try:
        while process.poll() is None:
            tree, todo = [], [process.pid]
            while todo:
                pid = todo.pop()
                tree.append(pid)
                try:
                    todo += _children(pid)
                except OSError:
                    pass
            peak = max(peak, sum(map(_pss_kib, tree)))
            time.sleep(0.05)
    finally:
        process.kill()
        _, err = process.communicate()
    assert process.returncode in (0, 1), err[-2000:]
    return peak / 1024
