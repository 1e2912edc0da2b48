"""`make soak`: many randomized fault rounds (see `fault_world`), ending with one summary line.

    SOAK_ROUNDS=1000 SOAK_SEED=1 SOAK_DB=sqlite|postgres python -m tests.sync.soak

The world (server, proxy, devices) is reused across rounds and rebuilt every `SOAK_RECYCLE` rounds, so
the databases stay small enough for a round to cost about the same at round 1 and round 1000. Progress
is printed every 50 rounds. Exit status 0 only when nothing was lost or duplicated and every round ended
with all replicas equal.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from devkit.pg_databases import PG_DEFAULT_ADMIN_URL, throwaway_database
from devkit.server_process import sqlite_url
from tests.sync.fault_world import FaultWorld

PROGRESS_EVERY = 50


@contextmanager
def _database(kind: str, directory: Path, generation: int) -> Iterator[str]:
    if kind == "sqlite":
        yield sqlite_url(directory, f"soak-{generation}.db")
        return
    admin_url = os.environ.get("LIAISON_TEST_PG_ADMIN_URL", PG_DEFAULT_ADMIN_URL)
    with throwaway_database(admin_url, "liaison_soak") as url:
        yield url


def main() -> int:
    rounds = int(os.environ.get("SOAK_ROUNDS", "1000"))
    seed = int(os.environ.get("SOAK_SEED", "1"))
    kind = os.environ.get("SOAK_DB", "sqlite")
    recycle = int(os.environ.get("SOAK_RECYCLE", "200"))
    lost = duplicated = 0
    differ = 0
    actions: Counter[str] = Counter()
    started = time.monotonic()
    done = 0
    with tempfile.TemporaryDirectory(prefix="liaison-soak-") as tmp:
        generation = 0
        while done < rounds:
            directory = Path(tmp) / f"world-{generation}"
            directory.mkdir()
            with _database(kind, directory, generation) as db_url:
                world = FaultWorld(directory, db_url, seed=seed * 100_003 + generation).start()
                try:
                    for _ in range(min(recycle, rounds - done)):
                        result = world.run_round()
                        done += 1
                        lost += result.lost
                        duplicated += result.duplicated
                        differ += not result.equal
                        actions.update(result.actions)
                        if result.problems:
                            print(
                                f"round {done}: " + "; ".join(result.problems[:10]),
                                file=sys.stderr,
                                flush=True,
                            )
                        if done % PROGRESS_EVERY == 0:
                            print(
                                f"soak: {done}/{rounds} rounds, {lost} lost, {duplicated} duplicated, "
                                f"{differ} rounds with differing replicas, {time.monotonic() - started:.0f} s",
                                flush=True,
                            )
                finally:
                    world.close()
            generation += 1
    faults = ", ".join(f"{name} {count}" for name, count in sorted(actions.items()))
    print(f"faults injected: {faults}", flush=True)
    state = "replicas equal" if differ == 0 else "replicas differ"
    print(f"soak: {done} rounds, {lost} lost, {duplicated} duplicated, {state}", flush=True)
    return 0 if lost == 0 and duplicated == 0 and differ == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
