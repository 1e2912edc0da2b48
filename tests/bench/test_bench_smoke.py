"""The benchmark suite, run for real at a tiny scale: every figure it promises must be measured.

This is what keeps `make bench` honest. A figure that cannot be measured (a component missing or broken,
PostgreSQL absent) is reported by the suite as "not measured", and this test fails on it; a number the
suite did not time cannot appear, because every value must come with the samples it is the median of.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.data_generator import DataGenerator, Sizes
from liaison_protocol.records import check_fields

ROOT = Path(__file__).resolve().parents[2]
SMOKE_SCALE = "0.002"
SMOKE_BUDGET_S = 120
pytestmark = pytest.mark.slow  # the whole bench suite at a tiny scale: about 40 s

# Written out here, not imported from the suite: dropping a figure from the suite must fail this test.
EXPECTED_FIGURES = {
    "write_path_ratio",
    "encryption_write_ratio",
    "encryption_read_ratio",
    "unlock_ms",
    "first_window_ms",
    "first_unlock_ms",
    "search_median_ms",
    "search_vs_like_ratio",
    "first_sync_sqlite_ratio",
    "first_sync_sqlite_records_per_s",
    "first_sync_sqlite_peak_rss_mb",
    "first_sync_postgresql_ratio",
    "first_sync_postgresql_records_per_s",
    "first_sync_postgresql_peak_rss_mb",
    "offline_push_ratio",
    "idle_sync_ms",
    "shift_change_p50_ms",
    "shift_change_p95_ms",
    "shift_change_mutations_per_s",
    "shift_change_errors",
    "shift_change_server_cpu_ms_per_request",
    "ui_unlock_to_list_ms",
    "ui_jump_to_row_ms",
    "ui_search_keystroke_p95_ms",
    "ui_open_contact_ms",
    "ui_peak_rss_mb",
}


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory, pg_admin_url: str) -> tuple[list[dict], float, str]:
    out = tmp_path_factory.mktemp("bench") / "results.json"
    env = dict(
        os.environ,
        BENCH_SCALE=SMOKE_SCALE,
        BENCH_RUNS="1",
        BENCH_OUT=str(out),
        BENCH_PG_ADMIN_URL=pg_admin_url,
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "bench"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=SMOKE_BUDGET_S * 2,
    )
    elapsed = time.monotonic() - started
    assert out.exists(), f"no results written (exit {result.returncode}):\n{result.stderr[-3000:]}"
    return json.loads(out.read_text(encoding="utf-8")), elapsed, result.stdout + result.stderr


def test_every_promised_figure_is_reported(bench_run: tuple[list[dict], float, str]) -> None:
    figures, _, _ = bench_run
    assert {f["name"] for f in figures} == EXPECTED_FIGURES


def test_every_figure_was_measured_in_this_run(bench_run: tuple[list[dict], float, str]) -> None:
    figures, _, output = bench_run
    unmeasured = {
        f["name"]: f["detail"] for f in figures if f["value"] is None or not math.isfinite(f["value"])
    }
    assert not unmeasured, f"figures not measured: {unmeasured}\n{output[-3000:]}"
    for figure in figures:
        assert figure["runs"] >= 1 and len(figure["samples"]) == figure["runs"], figure["name"]
        assert all(math.isfinite(s) for s in figure["samples"]), figure["name"]
        assert figure["value"] == pytest.approx(statistics.median(figure["samples"])), figure["name"]


def test_results_carry_the_documented_fields(bench_run: tuple[list[dict], float, str]) -> None:
    figures, _, _ = bench_run
    for figure in figures:
        assert {"name", "value", "unit", "baseline", "target", "met", "runs", "samples", "detail"} <= set(
            figure
        )
        assert isinstance(figure["met"], bool)
        assert figure["scale"] == float(SMOKE_SCALE)
    ratios = [f for f in figures if f["unit"] == "x"]
    assert ratios and all(f["baseline"] and f["baseline_value"] > 0 for f in ratios)


def test_the_tiny_run_is_quick(bench_run: tuple[list[dict], float, str]) -> None:
    _, elapsed, _ = bench_run
    assert elapsed < SMOKE_BUDGET_S


def test_generated_records_fit_their_record_types() -> None:
    generator = DataGenerator(Sizes.for_scale(0.01))
    for record_type, records in generator.all_records().items():
        for record in records:
            assert check_fields(record_type, record.fields, creating=True) == [], (record_type, record.fields)


def test_the_generator_is_deterministic_and_multilingual() -> None:
    first = DataGenerator(Sizes.for_scale(0.005)).encounters()
    second = DataGenerator(Sizes.for_scale(0.005)).encounters()
    assert first == second
    languages = {r.fields["summary_language"] for r in first}
    assert languages == {"en", "es", "fr", "ar", "zh"}
    text = " ".join(r.fields["summary"] for r in first)
    assert any("\u0600" <= ch <= "\u06ff" for ch in text) and any("\u4e00" <= ch <= "\u9fff" for ch in text)
