"""What a figure is, how it is judged against its target, and how the suite reports it.

A figure is either measured (a finite value from this run, with the samples it is the median of) or not
measured (value None, met False, and a `detail` saying why). There is no third way: nothing here can
produce a number that was not timed in this process or its children, which is what the smoke test relies
on.
"""

from __future__ import annotations

import json
import math
import operator
import statistics
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

_OPS: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
    "==": operator.eq,
}


@dataclass(frozen=True)
class Target:
    """A bound a figure must respect, e.g. `Target("<=", 2.0)` for "at most 2×"."""

    op: str
    bound: float

    def __post_init__(self) -> None:
        if self.op not in _OPS:
            raise ValueError(f"unknown comparison {self.op!r}")

    def is_met(self, value: float) -> bool:
        return _OPS[self.op](value, self.bound)

    def __str__(self) -> str:
        return f"{self.op} {self.bound:g}"


@dataclass
class Baseline:
    """What a ratio was compared with, measured in the same run."""

    description: str
    value: float
    unit: str

    def __str__(self) -> str:
        return f"{self.description}: {self.value:.4g} {self.unit}"


@dataclass
class Figure:
    name: str
    title: str
    value: float | None
    unit: str
    target: Target
    met: bool
    baseline: Baseline | None = None
    runs: int = 0
    samples: list[float] = field(default_factory=list)
    detail: str = ""

    @property
    def measured(self) -> bool:
        return self.value is not None and math.isfinite(self.value)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["target"] = str(self.target)
        data["baseline"] = str(self.baseline) if self.baseline else None
        data["baseline_value"] = self.baseline.value if self.baseline else None
        data["baseline_unit"] = self.baseline.unit if self.baseline else None
        data["measured"] = self.measured
        return data


def measured(
    name: str,
    title: str,
    samples: Sequence[float],
    unit: str,
    target: Target,
    *,
    baseline: Baseline | None = None,
    detail: str = "",
    extra_condition: bool = True,
) -> Figure:
    """A figure whose value is the median of `samples`; `extra_condition` can veto `met` (e.g. the KDF
    parameters of the unlock figure must also be at or above OWASP's minimum)."""
    if not samples:
        raise ValueError(f"{name}: no samples")
    value = float(statistics.median(samples))
    return Figure(
        name=name,
        title=title,
        value=value,
        unit=unit,
        target=target,
        met=bool(math.isfinite(value) and target.is_met(value) and extra_condition),
        baseline=baseline,
        runs=len(samples),
        samples=[float(s) for s in samples],
        detail=detail,
    )


def not_measured(name: str, title: str, unit: str, target: Target, reason: str) -> Figure:
    return Figure(name=name, title=title, value=None, unit=unit, target=target, met=False, detail=reason)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def ratio_samples(measured_times: Sequence[float], baseline_times: Sequence[float]) -> list[float]:
    """Per-run ratios (run i against baseline run i): pairing keeps a noisy moment on the shared machine
    in both halves of one ratio instead of skewing the median of one side."""
    return [m / b for m, b in zip(measured_times, baseline_times, strict=True)]


def format_table(figures: Sequence[Figure]) -> str:
    header = ("figure", "value", "unit", "target", "met", "runs", "baseline")
    rows = [header]
    for figure in figures:
        value = f"{figure.value:.3g}" if figure.measured else "not measured"
        rows.append(
            (
                figure.name,
                value,
                figure.unit,
                str(figure.target),
                "yes" if figure.met else "NO",
                str(figure.runs),
                str(figure.baseline) if figure.baseline else "",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    notes = [f"  {f.name}: {f.detail}" for f in figures if f.detail]
    return "\n".join(lines + ([""] + ["notes:"] + notes if notes else []))


def write_json(figures: Sequence[Figure], path: Path, scale: float) -> None:
    """The figures as a JSON list; each carries the scale it was measured at, so a quick run's file is
    never mistaken for a full one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = [{**f.to_json(), "scale": scale} for f in figures]
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class FigureSpec:
    """A figure's identity and target, declared once by its module, so the runner knows every figure a
    module owes even when the module fails before measuring anything."""

    name: str
    title: str
    unit: str
    target: Target

    def measured(self, samples: Sequence[float], **kwargs: Any) -> Figure:
        return measured(self.name, self.title, samples, self.unit, self.target, **kwargs)

    def not_measured(self, reason: str) -> Figure:
        return not_measured(self.name, self.title, self.unit, self.target, reason)


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (`share` in 0..1) of a non-empty sample."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return float(ordered[rank - 1])
