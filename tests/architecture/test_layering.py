"""The layering the folders promise, checked on the source: screens reach data only through the session
layer, and nothing below the screens (or in the server) imports Qt."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "liaison_desktop" / "ui"
FORBIDDEN_IN_UI = ("liaison_desktop.store", "liaison_desktop.sync", "liaison_desktop.demo")
QT_FREE = (
    "liaison_desktop/app",
    "liaison_desktop/services",
    "liaison_desktop/store",
    "liaison_desktop/sync",
    "liaison_desktop/demo",
    "liaison_desktop/i18n",
    "liaison_protocol",
    "liaison_server",
)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module an import statement names, resolved to an absolute dotted name."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # `from liaison_desktop import store` names the package through an alias
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
    return found


def python_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def _names(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes)


@pytest.mark.parametrize("path", python_files(UI), ids=lambda p: str(p.relative_to(ROOT)))
def test_screens_import_neither_store_nor_sync_nor_demo(path: Path) -> None:
    offending = [
        f"line {line}: {module}" for line, module in imported_modules(path) if _names(module, FORBIDDEN_IN_UI)
    ]
    assert not offending, f"{path.relative_to(ROOT)} reaches below the session layer: {offending}"


@pytest.mark.parametrize("folder", QT_FREE)
def test_layers_below_the_screens_never_import_qt(folder: str) -> None:
    offending = [
        f"{path.relative_to(ROOT)} line {line}: {module}"
        for path in python_files(ROOT / folder)
        for line, module in imported_modules(path)
        if _names(module, ("PySide6", "shiboken6"))
    ]
    assert not offending, offending


def test_the_server_never_imports_the_desktop_package() -> None:
    offending = [
        f"{path.relative_to(ROOT)} line {line}: {module}"
        for path in python_files(ROOT / "liaison_server")
        for line, module in imported_modules(path)
        if _names(module, ("liaison_desktop",))
    ]
    assert not offending, offending


def test_the_rule_catches_an_aliased_import(tmp_path: Path) -> None:
    """The check itself: a screen that writes `from liaison_desktop import store` is caught."""
    fake = ROOT / "liaison_desktop" / "ui" / "_layering_probe.py"
    fake.write_text("from liaison_desktop import store\nfrom ..sync import worker\n", encoding="utf-8")
    try:
        modules = [module for _line, module in imported_modules(fake)]
    finally:
        fake.unlink()
    assert "liaison_desktop.store" in modules
    assert "liaison_desktop.sync" in modules
