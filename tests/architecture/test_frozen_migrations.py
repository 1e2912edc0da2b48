"""Migrations are frozen history: a revision imports nothing of the live application.

A revision runs years after it was written, on profiles and servers of every age. Had it imported a
live module (`store.search_index`, the models, the protocol's record list), a later change to that
module would silently change what an old revision does. A revision keeps its own copy of what it needs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.architecture.test_layering import ROOT, _names, imported_modules, python_files

REVISIONS = ("liaison_desktop/store/migrations/versions", "liaison_server/migrations/versions")
LIVE_CODE = ("liaison_desktop", "liaison_server", "liaison_protocol")


@pytest.mark.parametrize(
    "path",
    [p for folder in REVISIONS for p in python_files(ROOT / folder)],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_a_revision_imports_no_live_application_code(path: Path) -> None:
    offending = [
        f"line {line}: {module}" for line, module in imported_modules(path) if _names(module, LIVE_CODE)
    ]
    assert not offending, f"{path.relative_to(ROOT)} imports live code: {offending}"
