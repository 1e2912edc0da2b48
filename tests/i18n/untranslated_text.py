"""Find text shown to users that never went through `_()` / `ngettext()`: an AST scan of Qt text calls.

A string literal (or an f-string, or `"...".format(...)`, or a module constant holding one) passed straight
to a call that puts text on screen (`setText`, `QLabel(...)`, `addRow`, `QMessageBox.warning`, ...) is
invisible to extraction, so it stays English in every language. Text without a letter in it (`""`, `"…"`,
`"{}"`, `"<br>"`) has nothing to translate and passes; so do the few names in `ALLOWED`, and a call whose
line ends with the marker `# not-ui-text: <why>` (text a person would type, staged for a screenshot).
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Methods whose every positional string argument is shown to users (or read out by a screen reader).
TEXT_METHODS = frozenset(
    {
        "setText",
        "setWindowTitle",
        "setToolTip",
        "setPlaceholderText",
        "setStatusTip",
        "setWhatsThis",
        "setAccessibleName",
        "setAccessibleDescription",
        "setTitle",
        "setLabelText",
        "setInformativeText",
        "setDetailedText",
        "setPrefix",
        "setSuffix",
        "setSpecialValueText",
        "setTabText",
        "setTabToolTip",
        "setItemText",
        "setHeaderData",
        "setHorizontalHeaderLabels",
        "setVerticalHeaderLabels",
        "setHeaderLabels",
        "setHeaderLabel",
        "setFormat",  # QProgressBar: "%v of %m" is shown
        "showMessage",
        "addRow",
        "insertRow",
        "addTab",
        "insertTab",
        "addItem",
        "insertItem",
        "addItems",
        "addAction",
        "addMenu",
        "addSection",
        "addButton",
    }
)
# Static dialogs, named with their class so a logger's `warning("...")` is not taken for one.
STATIC_TEXT_CALLS = {
    "QMessageBox": frozenset({"warning", "information", "critical", "question", "about"}),
    "QInputDialog": frozenset({"getText", "getItem", "getInt", "getDouble", "getMultiLineText"}),
    "QFileDialog": frozenset(
        {"getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory"}
    ),
}
# Widgets and objects whose constructor takes display text.
TEXT_CLASSES = frozenset(
    {
        "QLabel",
        "QPushButton",
        "QToolButton",
        "QCheckBox",
        "QRadioButton",
        "QCommandLinkButton",
        "QAction",
        "QGroupBox",
        "QMenu",
        "QMessageBox",
        "QProgressDialog",
        "QDockWidget",
        "QTableWidgetItem",
        "QTreeWidgetItem",
        "QListWidgetItem",
        "QStandardItem",
    }
)
# Keyword arguments that carry display text wherever they appear in those calls.
TEXT_KEYWORDS = frozenset({"text", "title", "caption", "label", "tooltip", "placeholder"})
# Methods whose returned strings are shown: item models answer the view with them.
DISPLAY_RETURNING = frozenset({"headerData", "data"})
# Words that stay the same in every language: the product's name.
ALLOWED = frozenset({"Liaison"})
MARKER = "# not-ui-text:"
# Not words: markup, entities, addresses and input masks (`"<br>"`, `"&nbsp;"`,
# `"https://liaison.example.org"`, `"XXXX-XXXX"` for a recovery key).
_NOT_WORDS = re.compile(r"<[^<>]*>|&[a-zA-Z]+;|\b[a-z][a-z0-9+.-]*://\S+|\bX{2,}\b")


@dataclass(frozen=True)
class UntranslatedText:
    path: str
    line: int
    call: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}({self.text!r}) is not wrapped in _()"


def has_words(text: str) -> bool:
    """Whether `text` holds anything to translate: a letter outside `{placeholders}` and markup."""
    depth = 0
    for char in _NOT_WORDS.sub("", text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and unicodedata.category(char).startswith("L"):
            return True
    return False


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str, constants: dict[str, str], marked_lines: set[int]) -> None:
        self.path = path
        self.constants = constants
        self.marked_lines = marked_lines
        self.found: list[UntranslatedText] = []
        self._function: list[str] = []

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:  # noqa: N802 - ast's API
        self._function.append(node.name)
        self.generic_visit(node)
        self._function.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815

    def visit_Call(self, node: ast.Call) -> None:  # noqa: N802
        name = _called_name(node.func)
        lines = range(node.lineno, (node.end_lineno or node.lineno) + 1)
        if _shows_text(node.func, name) and not self.marked_lines.intersection(lines):
            for argument in node.args:
                self._check(argument, name)
            for keyword in node.keywords:
                if keyword.arg in TEXT_KEYWORDS:
                    self._check(keyword.value, name)
        self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:  # noqa: N802
        if self._function and self._function[-1] in DISPLAY_RETURNING and node.value is not None:
            self._check(node.value, f"return from {self._function[-1]}")
        self.generic_visit(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:  # noqa: N802
        self._function.append("<lambda>")  # a lambda's result is not the enclosing method's answer
        self.generic_visit(node)
        self._function.pop()

    def _check(self, node: ast.expr, call: str) -> None:
        for text in _bare_texts(node, self.constants):
            if has_words(text) and text not in ALLOWED:
                self.found.append(UntranslatedText(self.path, node.lineno, call, text))


def _shows_text(func: ast.expr, name: str | None) -> bool:
    if name in TEXT_METHODS or name in TEXT_CLASSES:
        return True
    receiver = func.value if isinstance(func, ast.Attribute) else None
    receiver_name = _called_name(receiver) if receiver is not None else None
    return name in STATIC_TEXT_CALLS.get(receiver_name or "", ())


def _called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _bare_texts(node: ast.expr, constants: dict[str, str]) -> Iterator[str]:
    """The literal text in `node` that reaches the screen as written (nothing under `_()` counts)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        yield "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    elif isinstance(node, ast.Name) and node.id in constants:
        yield constants[node.id]
    elif isinstance(node, ast.BinOp):  # "Save" + suffix, "%s items" % n
        yield from _bare_texts(node.left, constants)
        yield from _bare_texts(node.right, constants)
    elif isinstance(node, ast.IfExp):
        yield from _bare_texts(node.body, constants)
        yield from _bare_texts(node.orelse, constants)
    elif isinstance(node, ast.List | ast.Tuple):
        for element in node.elts:
            yield from _bare_texts(element, constants)
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr
        in {
            "format",
            "join",
            "strip",
            "upper",
            "lower",
            "title",
            "capitalize",
        }
    ):
        # `"Hello {name}".format(...)` is bare; `_("Hello {name}").format(...)` is not.
        yield from _bare_texts(node.func.value, constants)
        if node.func.attr == "join":
            for argument in node.args:
                yield from _bare_texts(argument, constants)


def _module_constants(tree: ast.Module) -> dict[str, str]:
    """Module-level names bound once to a string literal (`TITLE = "Contacts"`)."""
    constants: dict[str, str] = {}
    for statement in tree.body:
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            for target in targets:
                if isinstance(target, ast.Name):
                    constants[target.id] = value.value
    return constants


def scan_source(source: str, path: str = "<source>") -> list[UntranslatedText]:
    tree = ast.parse(source, filename=path)
    marked = {number for number, line in enumerate(source.splitlines(), start=1) if MARKER in line}
    scanner = _Scanner(path, _module_constants(tree), marked)
    scanner.visit(tree)
    return scanner.found


def scan_tree(root: Path, relative_to: Path, skip: frozenset[str] = frozenset()) -> list[UntranslatedText]:
    """Every finding under `root`; `skip` names files (relative to `relative_to`) that show no UI text."""
    found: list[UntranslatedText] = []
    for file in sorted(root.rglob("*.py")):
        path = file.relative_to(relative_to).as_posix()
        if path not in skip:
            found += scan_source(file.read_text(encoding="utf-8"), path)
    return found
