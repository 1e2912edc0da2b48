"""CPU seconds used by a process and all its descendants, read from Linux's /proc.

The shift-change figure divides the server's CPU time (parent and worker processes) by the requests it
answered: a per-request cost that does not depend on how many other processes share the cores. Returns
None where /proc is not available, and the figure is then reported as not measured.
"""

from __future__ import annotations

import os
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _own_cpu_s(pid: int) -> float:
    stat = Path(f"/proc/{pid}/stat").read_text()
    # Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime


def tree_cpu_s(pid: int) -> float | None:
    """User + system seconds of `pid` and every live descendant; None without /proc."""
    if not Path(f"/proc/{pid}/stat").exists():
        return None
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            total += _own_cpu_s(current)
        except (OSError, ValueError, IndexError):
            continue  # exited meanwhile
        pending += _children(current)
    return total
