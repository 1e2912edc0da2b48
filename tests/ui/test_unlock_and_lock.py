"""Unlocking (errors inline and translated, off the UI thread) and locking (Ctrl+L hides records)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from liaison_desktop.ui import i18n
from liaison_desktop.ui.contacts.contacts_view import ContactsView

from .conftest import ExistingProfile
from .helpers import unlock_through_screen


def test_correct_unlock_shows_the_main_window_with_the_contact_count(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001, E501
    window = make_window()
    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)

    view = window.workspace_view
    assert view is not None
    assert view.title_label.text() == existing_profile.display_name
    qtbot.waitUntil(lambda: view.contacts_view.count_label.text() == "12 contacts")
    assert view.contacts_view.model.rowCount() == 12
    assert existing_profile.display_name in window.windowTitle()
    qtbot.waitUntil(lambda: window.status.pending_count is not None)
    assert window.status.sync_label.text() == (
        f"Not connected to a server · {window.status.pending_count} changes waiting to sync"
    )


def test_wrong_passphrase_shows_a_translated_inline_error_and_keeps_the_window_usable(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001, E501
    i18n.set_language("ar")
    window = make_window()
    unlock_through_screen(qtbot, window, existing_profile.profile_id, "not my passphrase")

    error = window.unlock_screen.error_label
    qtbot.waitUntil(lambda: error.isVisible())
    assert error.text() == i18n.load_catalog("ar").gettext(
        "Wrong passphrase. Check the keyboard language and Caps Lock, then try again."
    )
    assert error.text().startswith("عبارة المرور غير صحيحة")
    assert window.workspace_view is None
    assert window.unlock_screen.passphrase_field.isEnabled()
    assert window.unlock_screen.unlock_button.isEnabled()

    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)


def test_repeated_wrong_passphrases_say_how_long_to_wait(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001, E501
    window = make_window()
    for _attempt in range(3):  # two free attempts, then the store asks for a pause
        window.runner.wait_until_idle()
        unlock_through_screen(qtbot, window, existing_profile.profile_id, "not my passphrase")
        window.runner.wait_until_idle()
    error = window.unlock_screen.error_label.text()
    assert error.startswith("Too many wrong attempts. Try again in ")
    assert error.endswith(" seconds.")
    assert not window.unlock_screen.unlock_button.isEnabled()
    assert window.unlock_screen.passphrase_field.isEnabled()


def test_unlocking_runs_off_the_ui_thread(qtbot, make_window, existing_profile: ExistingProfile) -> None:  # noqa: ANN001, E501
    window = make_window()
    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    # Right after the key press the UI thread is free: the unlock is still going in the background.
    assert window.workspace_view is None
    assert window.unlock_screen.unlock_button.text() == "Unlocking…"
    qtbot.waitUntil(lambda: window.workspace_view is not None)


def test_ctrl_l_locks_and_hides_every_record(qtbot, make_window, existing_profile: ExistingProfile) -> None:  # noqa: ANN001, E501
    window = make_window()
    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    session = window.session
    assert session is not None

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert window.session is None and window.workspace_view is None
    qtbot.waitUntil(lambda: session.closed)
    assert session._unlocked.closed, "locking closes the database and drops its key"
    assert window.stack.currentWidget() is window.unlock_screen
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # let deleteLater run
    assert window.findChildren(ContactsView) == []
    assert window.status.sync_label.text() == "" and window.status.profile_label.text() == ""
    assert window.unlock_screen.profile_label.text() == existing_profile.display_name
    assert not window.lock_action.isEnabled()


def test_a_role_without_contacts_gets_a_note_instead_of_the_list(qtbot, make_window, profiles) -> None:  # noqa: ANN001
    unlocked, _ = profiles.create_profile("Amara", "ambassador passphrase")
    unlocked.close()
    profiles.update_header(
        unlocked.profile_id, user_id="0f0e0d0c-0000-4000-8000-000000000001", role="ambassador"
    )
    window = make_window()
    unlock_through_screen(qtbot, window, unlocked.profile_id, "ambassador passphrase")
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    assert window.workspace_view is not None
    assert window.workspace_view.contacts_view is None
    assert window.findChildren(ContactsView) == []


# -- the lock shows nothing, switching user, and a language switch that keeps the work --------------------


def visible_texts(window) -> list[str]:  # noqa: ANN001
    """Every text the window shows or would read out: labels, fields, buttons, list and table cells."""
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel, QLineEdit

    texts = [window.windowTitle()]
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        texts += [widget.text(), widget.accessibleName()]
    texts += [field.text() for field in window.findChildren(QLineEdit)]
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        for row in range(model.rowCount(QModelIndex())):
            column = 0
            while (index := model.index(row, column)).isValid():  # list models hide columnCount
                texts.append(str(model.data(index) or ""))
                column += 1
    return texts


def open_and_search(qtbot, window, profile: ExistingProfile, text: str) -> None:  # noqa: ANN001
    unlock_through_screen(qtbot, window, profile.profile_id, profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    view = window.workspace_view
    qtbot.waitUntil(lambda: view.contacts_view.model.rowCount() == profile.contact_count)
    qtbot.keyClicks(view.search_panel.field, text)
    qtbot.waitUntil(lambda: view.search_panel.results.count() > 0)


def test_the_lock_button_in_the_toolbar_locks(qtbot, make_window, existing_profile: ExistingProfile) -> None:  # noqa: ANN001
    window = make_window()
    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    button = window.toolbar.widgetForAction(window.lock_action)
    assert button.isVisible() and button.text() == "Lock"

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    assert window.session is None
    assert window.stack.currentWidget() is window.unlock_screen


def test_the_lock_screen_shows_no_record_not_even_in_the_window_title(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = make_window()
    open_and_search(qtbot, window, existing_profile, "Family0004")
    assert any("Family0004" in text for text in visible_texts(window))

    window.lock_action.trigger()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    leaked = [text for text in visible_texts(window) if "Person" in text or "Family" in text]
    assert leaked == []
    assert window.windowTitle() == f"Liaison – {existing_profile.display_name}"


def test_switching_user_takes_two_clicks_from_the_lock_screen(
    qtbot, make_window, profiles, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    other, _ = profiles.create_profile("Bilal Karimi", "another long passphrase")
    other.close()
    window = make_window()
    unlock_through_screen(qtbot, window, existing_profile.profile_id, existing_profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    window.lock()
    screen = window.unlock_screen

    qtbot.mouseClick(screen.switch_button, Qt.MouseButton.LeftButton)  # first click
    menu = screen.switch_menu
    qtbot.waitUntil(menu.isVisible)
    bilal = next(action for action in menu.actions() if action.text() == "Bilal Karimi")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(bilal).center())  # second

    assert window.stack.currentWidget() is screen
    assert screen.profile_label.text() == "Bilal Karimi"
    assert screen.passphrase_field.text() == ""
    unlock_through_screen(qtbot, window, other.profile_id, "another long passphrase")
    qtbot.waitUntil(lambda: window.session is not None and window.session.display_name == "Bilal Karimi")


def test_with_no_other_profile_switch_user_goes_to_the_start_screen(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = make_window()
    window.choose_profile(existing_profile.profile_id)
    qtbot.mouseClick(window.unlock_screen.switch_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.picker


def test_a_language_switch_keeps_the_profile_open_and_the_search_text(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = make_window()
    open_and_search(qtbot, window, existing_profile, "Person0007")
    session = window.session
    old_view = window.workspace_view

    window.apply_language("ar")

    assert window.session is session and not session.closed
    view = window.workspace_view
    assert view is not None and view is not old_view
    assert window.stack.currentWidget() is view
    assert view.search_panel.field.text() == "Person0007"
    qtbot.waitUntil(lambda: view.search_panel.results.count() == 1)
    assert window.isRightToLeft()
    assert window.lock_action.text() == i18n.load_catalog("ar").gettext("&Lock")
    assert window.unlock_screen.unlock_button.text() == i18n.load_catalog("ar").gettext("Unlock")
