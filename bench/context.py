"""Settings of one benchmark run, read from the environment, and the scratch space figures share.

`BENCH_SCALE` (default 1.0) scales every data size; `BENCH_RUNS` (default 3) is how many times each timed
workload runs (figures are medians); `BENCH_OUT` is where the JSON goes (default `bench/results.json`);
`BENCH_PG_ADMIN_URL` is a PostgreSQL URL the bench may create and drop throwaway databases from.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from .data_generator import DEFAULT_SEED, DataGenerator, Sizes

DEFAULT_OUT = Path(__file__).with_name("results.json")
DEFAULT_PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@dataclass
class BenchContext:
    scale: float
    runs: int
    out: Path
    pg_admin_url: str
    workdir: Path
    data: DataGenerator
    only: str = ""  # BENCH_ONLY: the figure modules to run (all when empty)
    started: float = field(default_factory=time.perf_counter)
    # Servers and databases that outlive one figure (figures 5-7 share them); closed at the end of the run.
    resources: ExitStack = field(default_factory=ExitStack)
    shared: dict[str, object] = field(default_factory=dict)

    @property
    def sizes(self) -> Sizes:
        return self.data.sizes

    @staticmethod
    def from_environment(workdir: Path) -> BenchContext:
        scale = float(os.environ.get("BENCH_SCALE", "1.0"))
        if not 0 < scale <= 10:
            raise SystemExit(f"BENCH_SCALE must be in (0, 10], not {scale}")
        runs = int(os.environ.get("BENCH_RUNS", "3"))
        if runs < 1:
            raise SystemExit("BENCH_RUNS must be at least 1")
        return BenchContext(
            scale=scale,
            runs=runs,
            out=Path(os.environ.get("BENCH_OUT", DEFAULT_OUT)),
            pg_admin_url=os.environ.get(
                "BENCH_PG_ADMIN_URL", os.environ.get("LIAISON_TEST_PG_ADMIN_URL", DEFAULT_PG_ADMIN_URL)
            ),
            workdir=workdir,
            data=DataGenerator(Sizes.for_scale(scale), seed=int(os.environ.get("BENCH_SEED", DEFAULT_SEED))),
            only=os.environ.get("BENCH_ONLY", ""),
        )

    def fresh_dir(self, name: str) -> Path:
        """An empty directory under the run's scratch space (emptied if a previous run left it)."""
        path = self.workdir / name
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        return path

    def log(self, message: str) -> None:
        """Progress on stderr, so stdout carries only the table."""
        elapsed = time.perf_counter() - self.started
        print(f"[bench {elapsed:7.1f}s] {message}", file=sys.stderr, flush=True)


def scratch_root() -> tempfile.TemporaryDirectory[str]:
    """Scratch space for the run's databases; `BENCH_TMP` picks the file system (default: the system's)."""
    return tempfile.TemporaryDirectory(prefix="liaison-bench-", dir=os.environ.get("BENCH_TMP"))
