"""The test suite and the benchmarks share their helpers through `devkit/` and never import each other:
a benchmark that needs a test module (or the reverse) would make one break when the other is reorganised.

The one exception is `tests/bench/`: the smoke test of the benchmark suite runs `bench` at a tiny scale
and checks its figures, so it must import what it tests.
"""

from __future__ import annotations

from pathlib import Path

from tests.architecture.test_layering import ROOT, _names, imported_modules, python_files

BENCH_SMOKE_TESTS = ROOT / "tests" / "bench"


def _offending(folder: Path, forbidden: str, *, except_in: Path | None = None) -> list[str]:
    return [
        f"{path.relative_to(ROOT)} line {line}: {module}"
        for path in python_files(folder)
        if except_in is None or except_in not in path.parents
        for line, module in imported_modules(path)
        if _names(module, (forbidden,))
    ]


def test_the_benchmarks_never_import_the_tests() -> None:
    offending = _offending(ROOT / "bench", "tests")
    assert not offending, offending


def test_the_tests_never_import_the_benchmarks_but_the_bench_smoke_tests() -> None:
    offending = _offending(ROOT / "tests", "bench", except_in=BENCH_SMOKE_TESTS)
    assert not offending, offending


def test_the_shared_helpers_import_neither() -> None:
    offending = _offending(ROOT / "devkit", "bench") + _offending(ROOT / "devkit", "tests")
    assert not offending, offending
