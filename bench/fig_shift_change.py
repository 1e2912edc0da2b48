"""Figure 8, shift change: 50 laptops syncing at once against PostgreSQL, the server with several workers.

A new PostgreSQL server with `SERVER_WORKERS` worker processes and 50 officers of one team; 50 simulated
devices (see `shift_devices`) in `PROCESSES` processes start together and each runs `ROUNDS` syncs (push
the shift's new contacts and notes, pull until caught up). Figures: the median and 95th percentile of every
request's latency, mutations applied per second over the whole episode, and the number of errors. The
episode is bounded: a process that does not finish within `TIMEOUT_S` fails the figure.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from .context import BenchContext
from .process_cpu import tree_cpu_s
from .results import Figure, FigureSpec, Target, median, percentile
from .server_world import ServerWorld, start_world

P50 = FigureSpec(
    "shift_change_p50_ms", "8. Shift change: 50 devices, median request latency", "ms", Target("<=", 250)
)
P95 = FigureSpec(
    "shift_change_p95_ms", "8. Shift change: 50 devices, p95 request latency", "ms", Target("<=", 250)
)
RATE = FigureSpec(
    "shift_change_mutations_per_s",
    "8. Shift change: mutations applied per second",
    "mutations/s",
    Target(">", 0),
)
ERRORS = FigureSpec(
    "shift_change_errors", "8. Shift change: failed requests or refused mutations", "errors", Target("==", 0)
)
CPU = FigureSpec(
    "shift_change_server_cpu_ms_per_request",
    "8. Shift change: server CPU per request (all its processes)",
    "ms",
    Target("<=", 5),
)
FIGURES = (P50, P95, RATE, ERRORS, CPU)

DEVICES = 50
# Below this scale (the smoke test's 0.002) the episode runs with SMOKE_DEVICES devices: it proves that
# every step still measures, at a fifth of the CPU; the figures of a real run always use DEVICES.
SMOKE_BELOW_SCALE = 0.01
SMOKE_DEVICES = 10
PROCESSES = 5
SERVER_WORKERS = 3
ROUNDS = 3
# A shift's records per sync: new contacts are pulled by the whole team, notes only by their author.
CONTACTS_PER_ROUND = 5
ENCOUNTERS_PER_ROUND = 15
PAUSE_S = 1.0
TIMEOUT_S = 240
START_DELAY_S = 8.0  # every device signs in and catches up before the start
# Episodes stop once this much time went into them (at least one; at most BENCH_RUNS): each is hundreds of
# requests already, and the suite must fit in 15 minutes.
RUN_BUDGET_S = 60.0


def _episode(ctx: BenchContext, world: ServerWorld, credentials: list[tuple[str, str]], attempt: int) -> dict:
    url, team_id = world.url, world.team_id
    server_pid = world.server.process.pid  # type: ignore[attr-defined]
    start_at = time.time() + START_DELAY_S
    per_process = -(-len(credentials) // PROCESSES)
    processes = []
    for p in range(PROCESSES):
        chunk = credentials[p * per_process : (p + 1) * per_process]
        job = {
            "url": url, "team_id": team_id, "devices": chunk, "rounds": ROUNDS, "contacts_per_round": CONTACTS_PER_ROUND, "encounters_per_round": ENCOUNTERS_PER_ROUND,
            "pause_s": PAUSE_S, "start_at": start_at, "first_index": attempt * 1000 + p * per_process,
        }  # fmt: skip
        job_file = ctx.workdir / f"shift-job-{attempt}-{p}.json"
        job_file.write_text(json.dumps(job))
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.shift_devices", str(job_file)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parent.parent,
        )  # fmt: skip
        processes.append(process)
    outcomes = []
    # The devices sign in and catch up before `start_at`: the server's CPU is read from then on.
    time.sleep(max(0.0, start_at - time.time()))
    cpu_before = tree_cpu_s(server_pid)
    deadline = start_at + TIMEOUT_S
    for process in processes:
        try:
            out, err = process.communicate(timeout=max(1.0, deadline - time.time()))
        except subprocess.TimeoutExpired:
            for other in processes:
                other.kill()
            raise TimeoutError(f"the shift change did not finish within {TIMEOUT_S}s") from None
        if process.returncode != 0:
            raise RuntimeError(f"a device process failed ({process.returncode}): {err[-1500:]}")
        outcomes.append(json.loads(out))
    cpu_after = tree_cpu_s(server_pid)
    latencies = [ms for o in outcomes for _kind, ms in o["latencies_ms"]]
    by_kind = {
        kind: [ms for o in outcomes for k, ms in o["latencies_ms"] if k == kind] for kind in ("push", "pull")
    }
    duration = max(o["finished_at"] for o in outcomes) - start_at
    return {
        "latencies": latencies,
        "by_kind": by_kind,
        "errors": [e for o in outcomes for e in o["errors"]],
        "applied": sum(o["applied"] for o in outcomes),
        "pulled": sum(o["pulled"] for o in outcomes),
        "duration": duration,
        "server_cpu_s": None if cpu_before is None or cpu_after is None else cpu_after - cpu_before,
    }


def _by_kind(episode: dict) -> str:
    return "; ".join(
        f"{kind} n={len(values)} p50 {median(values):.0f} ms p95 {percentile(values, 0.95):.0f} ms"
        for kind, values in episode["by_kind"].items()
        if values
    )


def run(ctx: BenchContext) -> list[Figure]:
    world = start_world(ctx, "postgresql", workers=SERVER_WORKERS, name="shift")
    devices = DEVICES if ctx.scale >= SMOKE_BELOW_SCALE else SMOKE_DEVICES
    credentials = world.add_officers(devices, prefix="shift")
    episodes: list[dict] = []
    started = time.perf_counter()
    for attempt in range(ctx.runs):
        if episodes and time.perf_counter() - started > RUN_BUDGET_S:
            break
        episode = _episode(ctx, world, credentials, attempt)
        episodes.append(episode)
        ctx.log(
            f"shift change run {attempt + 1}: {len(episode['latencies'])} requests, p50 "
            f"{median(episode['latencies']):.0f}ms p95 {percentile(episode['latencies'], 0.95):.0f}ms, "
            f"{episode['applied']} applied in {episode['duration']:.1f}s, {len(episode['errors'])} errors"
        )
    requests_per_run = len(episodes[0]["latencies"])
    detail = (
        f"{devices} devices in {PROCESSES} processes, server with {SERVER_WORKERS} workers; each device {ROUNDS} "
        f"syncs of {CONTACTS_PER_ROUND} new contacts + {ENCOUNTERS_PER_ROUND} notes, then pull until caught up; ~{requests_per_run} requests per run; "
        f"duration includes {PAUSE_S}s-max pauses between a device's syncs"
    )
    errors = [e for ep in episodes for e in ep["errors"]]
    cpu_samples = [
        1000 * ep["server_cpu_s"] / len(ep["latencies"])
        for ep in episodes
        if ep["server_cpu_s"] is not None and ep["latencies"]
    ]
    cpu = (
        CPU.measured(
            cpu_samples,
            detail=f"user + system time of the server's {SERVER_WORKERS} workers and parent during the "
            "timed part of each run, divided by the requests answered",
        )
        if cpu_samples
        else CPU.not_measured("needs Linux /proc to read the server processes' CPU time")
    )
    return [
        P50.measured([median(ep["latencies"]) for ep in episodes], detail=detail),
        P95.measured(
            [percentile(ep["latencies"], 0.95) for ep in episodes],
            detail=f"max {max(max(ep['latencies']) for ep in episodes):.0f} ms; " + _by_kind(episodes[-1]),
        ),
        RATE.measured(
            [ep["applied"] / ep["duration"] for ep in episodes],
            detail=f"pulled {episodes[0]['pulled']} changes per run in total",
        ),
        ERRORS.measured(
            [float(len(ep["errors"])) for ep in episodes],
            detail=("first errors: " + "; ".join(errors[:3])) if errors else "no errors",
        ),
        cpu,
    ]
