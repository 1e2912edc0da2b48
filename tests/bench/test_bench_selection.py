"""`BENCH_ONLY` runs some figure modules (for profiling one figure); a name it does not know is an
error, never a run that silently measures nothing."""

from __future__ import annotations

import pytest

from bench import fig_first_sync, fig_write_path
from bench.suite import MODULES, selected_modules


def test_an_empty_selection_runs_every_module() -> None:
    assert selected_modules("") == list(MODULES)


def test_modules_are_named_with_or_without_their_prefix_and_run_in_suite_order() -> None:
    assert selected_modules("first_sync, fig_write_path") == [fig_write_path, fig_first_sync]


def test_an_unknown_module_name_is_refused() -> None:
    with pytest.raises(ValueError, match="writepath"):
        selected_modules("writepath")
