"""Steps and worlds the sign-in and sync UI tests share: a real server per module, a window whose profiles
sync, and adding a profile by typing into the real add-profile dialog."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from devkit.server_process import RunningServer, sqlite_url, start_server
from liaison_desktop.app import ProfileDirectory
from liaison_desktop.store.profiles import LaptopProfiles
from liaison_desktop.ui.profiles.add_profile_dialog import AddProfileDialog
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.shell.main_window import MainWindow

from .conftest import PASSPHRASE

WindowFactory = Callable[[], MainWindow]


@pytest.fixture(scope="module")
def module_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """One real server process for a whole test module (each test signs in as its own user where a test
    changes what the server holds about a user)."""
    folder = tmp_path_factory.mktemp("server")
    running = start_server(sqlite_url(Path(folder)), Path(folder))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def syncing_window(qtbot, profiles: LaptopProfiles, runner: Runner) -> Iterator[WindowFactory]:  # noqa: ANN001
    """A main window over `profiles` whose sessions sync (the `make_window` of conftest does not)."""
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        directory = ProfileDirectory(profiles, device_name="test laptop")
        window = MainWindow(directory, runner)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.lock()  # stops the sync worker before the server goes away


def type_into(qtbot, field: QLineEdit, text: str) -> None:  # noqa: ANN001
    field.clear()
    qtbot.keyClicks(field, text)


def leave_field(qtbot, field: QLineEdit) -> None:  # noqa: ANN001
    """Tab out of a field, as a person does when they are done with it (an offscreen window is active
    only when asked)."""
    window = field.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Tab)


def open_add_profile(qtbot, window: MainWindow) -> AddProfileDialog:  # noqa: ANN001
    qtbot.mouseClick(window.picker.add_button, Qt.MouseButton.LeftButton)
    dialog = window.add_profile_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def fill_add_profile(
    qtbot,  # noqa: ANN001
    dialog: AddProfileDialog,
    *,
    server_url: str,
    username: str,
    password: str,
    profile_name: str,
    passphrase: str = PASSPHRASE,
    repeat: str | None = None,
) -> None:
    type_into(qtbot, dialog.server_field, server_url)
    type_into(qtbot, dialog.username_field, username)
    type_into(qtbot, dialog.password_field, password)
    type_into(qtbot, dialog.name_field, profile_name)
    type_into(qtbot, dialog.passphrase_field, passphrase)
    type_into(qtbot, dialog.repeat_field, passphrase if repeat is None else repeat)


def submit(qtbot, dialog: AddProfileDialog) -> None:  # noqa: ANN001
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)


def wait_for_answer(qtbot, dialog: AddProfileDialog, timeout: int = 20_000) -> None:  # noqa: ANN001
    """The sign-in went out and its answer (an error) came back: the form can be used again."""
    qtbot.waitUntil(lambda: dialog.create_button.isEnabled(), timeout=timeout)


def confirm_recovery_key(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: window.recovery_key_dialog is not None, timeout=20_000)
    shown = window.recovery_key_dialog
    assert shown is not None
    shown.confirm_box.setChecked(True)
    qtbot.mouseClick(shown.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is not None)


def add_profile_by_signing_in(
    qtbot,  # noqa: ANN001
    window: MainWindow,
    server_url: str,
    username: str,
    password: str,
    *,
    profile_name: str,
    passphrase: str = PASSPHRASE,
) -> None:
    """The whole path a new user takes: the dialog, the server's yes, the recovery key, the open profile."""
    dialog = open_add_profile(qtbot, window)
    fill_add_profile(
        qtbot,
        dialog,
        server_url=server_url,
        username=username,
        password=password,
        profile_name=profile_name,
        passphrase=passphrase,
    )
    submit(qtbot, dialog)
    confirm_recovery_key(qtbot, window)
