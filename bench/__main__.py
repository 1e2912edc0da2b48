"""`python -m bench` (`make bench`): run every figure, print the table, write the JSON.

Exit status 0 when every figure was measured (whether or not it met its target: a missed target is a
result, reported in the table); 1 when some figure could not be measured at all.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .context import BenchContext, scratch_root
from .results import format_table, write_json
from .suite import run_all


def main() -> int:
    with scratch_root() as workdir:
        ctx = BenchContext.from_environment(Path(workdir))
        ctx.log(f"scale {ctx.scale}, {ctx.runs} runs per figure, sizes {ctx.sizes}")
        started = time.perf_counter()
        with ctx.resources:
            figures = run_all(ctx)
        elapsed = time.perf_counter() - started
    write_json(figures, ctx.out, ctx.scale)
    print(format_table(figures))
    print(
        f"\n{len(figures)} figures, {sum(f.met for f in figures)} met, "
        f"{sum(not f.measured for f in figures)} not measured; {elapsed:.0f} s at BENCH_SCALE={ctx.scale}; "
        f"JSON: {ctx.out}"
    )
    return 0 if all(f.measured for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
