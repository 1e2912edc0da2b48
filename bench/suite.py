"""The benchmark modules in the order they run, and the runner that turns failures into "not measured".

A module owes the figures it declares in `FIGURES`; whatever it does not deliver (it raised, a component
it needs does not exist yet, it returned fewer figures) is reported as not measured with the reason,
never left out, so the table always has every row and a missing component is visible.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType

from . import (
    fig_encryption,
    fig_first_sync,
    fig_idle_sync,
    fig_offline_push,
    fig_search,
    fig_shift_change,
    fig_ui,
    fig_unlock,
    fig_write_path,
)
from .context import BenchContext
from .results import Figure, FigureSpec

MODULES: tuple[ModuleType, ...] = (
    fig_write_path,
    fig_encryption,
    fig_unlock,
    fig_search,
    fig_first_sync,
    fig_offline_push,
    fig_idle_sync,
    fig_shift_change,
    fig_ui,
)


class ComponentMissing(RuntimeError):
    """A product component a figure needs is not there (yet): the figure is reported as not measured."""


@dataclass(frozen=True)
class ModuleOutcome:
    module: str
    figures: list[Figure]
    seconds: float


def declared_specs(modules: Sequence[ModuleType] = MODULES) -> list[FigureSpec]:
    return [spec for module in modules for spec in module.FIGURES]


def run_module(module: ModuleType, ctx: BenchContext) -> ModuleOutcome:
    specs: list[FigureSpec] = list(module.FIGURES)
    run: Callable[[BenchContext], list[Figure]] = module.run
    started = time.perf_counter()
    name = module.__name__.rsplit(".", 1)[-1]
    ctx.log(f"{name}: start")
    try:
        delivered = {figure.name: figure for figure in run(ctx)}
    except Exception as exc:  # noqa: BLE001 - every failure must become a visible "not measured"
        reason = f"{type(exc).__name__}: {exc}".strip()
        ctx.log(f"{name}: FAILED, {reason}\n{traceback.format_exc()}")
        delivered = {spec.name: spec.not_measured(reason[:500]) for spec in specs}
    unknown = set(delivered) - {spec.name for spec in specs}
    if unknown:
        raise AssertionError(f"{name} returned undeclared figures {sorted(unknown)}")
    figures = [
        delivered.get(spec.name) or spec.not_measured("the module did not report it") for spec in specs
    ]
    seconds = time.perf_counter() - started
    ctx.log(f"{name}: done in {seconds:.1f}s")
    return ModuleOutcome(name, figures, seconds)


def selected_modules(only: str, modules: Sequence[ModuleType] = MODULES) -> list[ModuleType]:
    """The modules named in `only` (comma-separated, `write_path` or `fig_write_path`), all when empty: for
    profiling one figure without waiting ten minutes. Unknown names are an error, not an empty run."""
    wanted = {name.strip().removeprefix("fig_") for name in only.split(",") if name.strip()}
    if not wanted:
        return list(modules)
    by_name = {module.__name__.rsplit(".", 1)[-1].removeprefix("fig_"): module for module in modules}
    unknown = wanted - set(by_name)
    if unknown:
        raise ValueError(f"BENCH_ONLY names no figure module: {sorted(unknown)}; known: {sorted(by_name)}")
    return [module for name, module in by_name.items() if name in wanted]


def run_all(ctx: BenchContext, modules: Sequence[ModuleType] = MODULES) -> list[Figure]:
    figures: list[Figure] = []
    for module in selected_modules(ctx.only, modules):
        figures.extend(run_module(module, ctx).figures)
    return figures
