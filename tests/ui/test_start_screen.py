"""The start screen: listing profiles, adding one by signing in to a real server (recovery key shown once),
and the demo."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from devkit.server_process import DEFAULT_PASSWORD, RunningServer
from liaison_desktop.demo.demo_world import DEMO_PASSPHRASE

from .conftest import PASSPHRASE, ExistingProfile
from .sign_in_steps import (
    add_profile_by_signing_in,
    fill_add_profile,
    module_server,
    open_add_profile,
    submit,
)

__all__ = ["module_server"]  # a fixture, shared from sign_in_steps

RECOVERY_KEY = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$")


def test_start_screen_lists_existing_profiles(make_window, existing_profile: ExistingProfile) -> None:  # noqa: ANN001
    window = make_window()
    items = [window.picker.profile_list.item(i).text() for i in range(window.picker.profile_list.count())]
    assert items == [existing_profile.display_name]
    assert not window.picker.demo_button.isVisible()


def test_adding_a_profile_signs_in_and_shows_the_recovery_key_once(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    module_server: RunningServer,
) -> None:
    window = make_window()
    dialog = open_add_profile(qtbot, window)
    fill_add_profile(
        qtbot,
        dialog,
        server_url=module_server.url,
        username="olivia",
        password=DEFAULT_PASSWORD,
        profile_name="Bilal Nasser",
    )
    submit(qtbot, dialog)
    qtbot.waitUntil(lambda: window.recovery_key_dialog is not None, timeout=20_000)
    shown = window.recovery_key_dialog
    assert shown is not None and shown.isVisible()
    assert RECOVERY_KEY.match(shown.key_label.text())
    assert not shown.continue_button.isEnabled(), "continuing needs the written-down confirmation"
    qtbot.keyClick(shown, Qt.Key.Key_Escape)
    assert shown.isVisible(), "Escape must not dismiss the only showing of the key"

    shown.confirm_box.setChecked(True)
    qtbot.mouseClick(shown.continue_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.workspace_view is not None)
    assert window.recovery_key_dialog is None
    assert shown.key_label.text() == ""
    assert window.session is not None and window.session.username == "olivia"
    window.lock()
    qtbot.keyClicks(window.unlock_screen.passphrase_field, PASSPHRASE)
    qtbot.keyClick(window.unlock_screen.passphrase_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    assert window.recovery_key_dialog is None, "the key is never shown again"


def test_the_picker_shows_a_signed_in_profiles_name_user_and_server(
    qtbot,  # noqa: ANN001
    make_window,  # noqa: ANN001
    module_server: RunningServer,
) -> None:
    window = make_window()
    add_profile_by_signing_in(
        qtbot, window, module_server.url, "omar", DEFAULT_PASSWORD, profile_name="Omar at the desk"
    )
    window.lock()
    window.show_start()
    [label] = [window.picker.profile_list.item(i).text() for i in range(window.picker.profile_list.count())]
    name, details = label.split("\n")
    assert name == "Omar at the desk"
    assert "omar" in details and module_server.url in details and "never synced" in details


def test_add_profile_explains_a_short_or_mismatched_passphrase_inline(qtbot, make_window) -> None:  # noqa: ANN001
    window = make_window()
    dialog = open_add_profile(qtbot, window)
    fill_add_profile(
        qtbot,
        dialog,
        server_url="https://liaison.example.org",
        username="bilal",
        password="secret",
        profile_name="Bilal Nasser",
        passphrase="short",
    )
    submit(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.passphrase_error.text() == "The passphrase needs at least 8 characters."

    dialog.passphrase_field.setText(PASSPHRASE)
    dialog.repeat_field.setText(PASSPHRASE + "!")
    submit(qtbot, dialog)
    assert dialog.repeat_error.text() == "The two passphrases are not the same."
    assert dialog.passphrase_error.isHidden()
    assert dialog.create_button.isEnabled(), "nothing was sent: the form is still open for corrections"
    assert window.directory.summaries() == []


def test_demo_is_offered_without_profiles_and_opens_fictional_records(qtbot, make_window) -> None:  # noqa: ANN001
    window = make_window()
    assert window.picker.demo_button.isVisible()
    assert DEMO_PASSPHRASE in window.picker._demo_note.text()

    qtbot.mouseClick(window.picker.demo_button, Qt.MouseButton.LeftButton)
    # A server start, three profiles and their seeding: slow on a loaded machine.
    qtbot.waitUntil(lambda: window.workspace_view is not None, timeout=60_000)

    view = window.workspace_view
    assert view is not None
    assert view.demo_banner.isVisible()
    qtbot.waitUntil(lambda: view.contacts_view.model.total is not None)  # counted off the UI thread
    assert view.contacts_view.model.total >= 30
    window.lock()
    assert DEMO_PASSPHRASE in window.unlock_screen.hint_label.text()
    window.show_start()
    listed = [window.picker.profile_list.item(i).text() for i in range(window.picker.profile_list.count())]
    assert len(listed) == 3, "officer, ambassador and supervisor: switch user to watch sync"
    assert all("127.0.0.1" in text for text in listed), "each demo profile syncs with the local demo server"


def test_demo_is_not_offered_when_a_server_is_given(make_window) -> None:  # noqa: ANN001
    window = make_window(server_url="https://liaison.example.org")
    assert not window.picker.demo_button.isVisible()
