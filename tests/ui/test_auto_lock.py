"""A shared laptop left alone locks itself: after inactivity (on a clock the test moves), when the
desktop session locks or the machine goes to sleep; unlocking brings back what the person was typing."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from liaison_desktop.app import LaptopSettings, ProfileDirectory, save_laptop_settings
from liaison_desktop.ui.lock.idle_watch import IdleWatch
from liaison_desktop.ui.lock.platform_lock_signals import PlatformLockSignals
from liaison_desktop.ui.shell.main_window import MainWindow

from .conftest import ExistingProfile
from .helpers import unlock_through_screen


class FakeMonotonicClock:
    """A monotonic clock that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def open_profile(qtbot, window: MainWindow, profile: ExistingProfile) -> None:  # noqa: ANN001
    unlock_through_screen(qtbot, window, profile.profile_id, profile.passphrase)
    qtbot.waitUntil(lambda: window.workspace_view is not None)


def idle_watch_on(window: MainWindow, clock: FakeMonotonicClock) -> IdleWatch:
    watch = window.locking.guard.idle_watch
    watch.clock = clock
    watch.reset()
    return watch


def test_an_idle_profile_locks_after_five_minutes_and_unlocking_brings_back_the_typed_search(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = make_window()
    open_profile(qtbot, window, existing_profile)
    clock = FakeMonotonicClock()
    watch = idle_watch_on(window, clock)
    field = window.workspace_view.search_panel.field
    qtbot.keyClicks(field, "Person0003")
    qtbot.waitUntil(lambda: window.workspace_view.search_panel.results.count() == 1)

    clock.advance(299)
    watch.check()
    assert window.session is not None, "not yet: five minutes have not passed"
    clock.advance(1)
    watch.check()

    assert window.session is None and window.workspace_view is None
    assert window.stack.currentWidget() is window.unlock_screen
    assert window.unlock_screen.notice_label.text() == "Locked after 5 minutes without use."
    open_profile(qtbot, window, existing_profile)
    view = window.workspace_view
    assert view.search_panel.field.text() == "Person0003"
    qtbot.waitUntil(lambda: view.search_panel.results.count() == 1)


def test_any_input_restarts_the_idle_count(qtbot, make_window, existing_profile: ExistingProfile) -> None:  # noqa: ANN001
    window = make_window()
    open_profile(qtbot, window, existing_profile)
    clock = FakeMonotonicClock()
    watch = idle_watch_on(window, clock)

    clock.advance(240)
    qtbot.keyClick(window.workspace_view.search_panel.field, Qt.Key.Key_A)
    clock.advance(240)
    watch.check()
    assert window.session is not None
    clock.advance(60)
    watch.check()
    assert window.session is None


def test_the_idle_watch_locks_by_itself_without_being_asked(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = make_window()
    open_profile(qtbot, window, existing_profile)
    clock = FakeMonotonicClock()
    idle_watch_on(window, clock)
    clock.advance(301)
    qtbot.waitUntil(lambda: window.session is None, timeout=10_000)  # its own timer checks every 5 s


def test_the_laptop_setting_sets_the_idle_time(
    qtbot, make_window, profiles, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    save_laptop_settings(profiles.root.parent, LaptopSettings(idle_lock_minutes=10))
    window = make_window()
    open_profile(qtbot, window, existing_profile)
    clock = FakeMonotonicClock()
    watch = idle_watch_on(window, clock)
    clock.advance(9 * 60)
    watch.check()
    assert window.session is not None
    clock.advance(60)
    watch.check()
    assert window.session is None


def test_a_maximum_set_by_the_server_wins_over_a_longer_laptop_setting(
    qtbot, make_window, profiles, existing_profile: ExistingProfile, monkeypatch: pytest.MonkeyPatch
) -> None:  # noqa: ANN001
    save_laptop_settings(profiles.root.parent, LaptopSettings(idle_lock_minutes=20))
    opened_session = ProfileDirectory.session_for

    def with_server_policy(self: ProfileDirectory, unlocked):  # noqa: ANN001, ANN202
        session = opened_session(self, unlocked)
        session.idle_lock_max_s = 120  # what the account's server will say (the lead adds the server side)
        return session

    monkeypatch.setattr(ProfileDirectory, "session_for", with_server_policy)
    window = make_window()
    open_profile(qtbot, window, existing_profile)
    clock = FakeMonotonicClock()
    watch = idle_watch_on(window, clock)
    clock.advance(119)
    watch.check()
    assert window.session is not None
    clock.advance(1)
    watch.check()
    assert window.session is None
    assert window.unlock_screen.notice_label.text() == "Locked after 2 minutes without use."


def test_the_idle_minutes_changed_in_settings_apply_at_once_and_are_remembered(
    qtbot, make_window, profiles, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = make_window()
    open_profile(qtbot, window, existing_profile)
    clock = FakeMonotonicClock()
    watch = idle_watch_on(window, clock)
    window.locking.settings_action.trigger()
    dialog = window.locking.settings_dialog
    dialog.idle_minutes.setValue(2)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    clock.advance(120)
    watch.check()
    assert window.session is None
    from liaison_desktop.app import load_laptop_settings

    assert load_laptop_settings(profiles.root.parent).idle_lock_minutes == 2


def test_the_lock_screen_does_not_count_idle_time(
    qtbot, make_window, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001
    window = make_window()
    open_profile(qtbot, window, existing_profile)
    window.lock()
    assert not window.locking.guard.idle_watch.running


def test_a_suspended_application_locks(
    qtbot, make_window, qapp: QApplication, existing_profile: ExistingProfile
) -> None:  # noqa: ANN001, E501
    window = make_window()
    open_profile(qtbot, window, existing_profile)
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
    assert window.session is None
    assert window.stack.currentWidget() is window.unlock_screen


# -- the desktop's own signals, on a private D-Bus ----------------------------------------------------


@pytest.fixture
def private_bus() -> Iterator[str]:
    """A D-Bus daemon of the test's own (standing in for both the system and the session bus)."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("dbus-daemon is not installed")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert daemon.stdout is not None
        yield daemon.stdout.readline().strip()
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)


def send_signal(bus, service: str, path: str, interface: str, name: str, *arguments: object) -> None:  # noqa: ANN001
    from PySide6.QtDBus import QDBusMessage

    bus.registerService(service)
    message = QDBusMessage.createSignal(path, interface, name)
    message.setArguments(list(arguments))
    assert bus.send(message)


def test_sleep_a_locked_desktop_session_or_the_screen_saver_ask_for_a_lock(qtbot, private_bus: str) -> None:  # noqa: ANN001
    from PySide6.QtDBus import QDBusConnection

    listener = QDBusConnection.connectToBus(private_bus, "liaison-test-listener")
    signals = PlatformLockSignals(system_bus=listener, session_bus=listener, login_session_id="2")
    assert {"logind_sleep", "logind_session_lock", "screen_saver:org.gnome.ScreenSaver"} <= set(
        signals.sources
    )
    desktop = QDBusConnection.connectToBus(private_bus, "liaison-test-desktop")
    reasons: list[str] = []
    signals.lock_requested.connect(reasons.append)

    send_signal(
        desktop,
        "org.freedesktop.login1",
        "/org/freedesktop/login1",
        "org.freedesktop.login1.Manager",
        "PrepareForSleep",
        False,
    )  # noqa: E501
    send_signal(
        desktop,
        "org.freedesktop.login1",
        "/org/freedesktop/login1",
        "org.freedesktop.login1.Manager",
        "PrepareForSleep",
        True,
    )  # noqa: E501
    qtbot.waitUntil(lambda: reasons == ["sleep"])
    # Another person's session locking is not ours (session "3" is /session/_33).
    send_signal(
        desktop,
        "org.freedesktop.login1",
        "/org/freedesktop/login1/session/_33",
        "org.freedesktop.login1.Session",
        "Lock",
    )  # noqa: E501
    send_signal(
        desktop,
        "org.freedesktop.login1",
        "/org/freedesktop/login1/session/_32",
        "org.freedesktop.login1.Session",
        "Lock",
    )  # noqa: E501
    qtbot.waitUntil(lambda: reasons == ["sleep", "session_locked"])
    send_signal(
        desktop,
        "org.gnome.ScreenSaver",
        "/org/gnome/ScreenSaver",
        "org.gnome.ScreenSaver",
        "ActiveChanged",
        True,
    )  # noqa: E501
    qtbot.waitUntil(lambda: reasons == ["sleep", "session_locked", "screen_saver"])
    QDBusConnection.disconnectFromBus("liaison-test-listener")
    QDBusConnection.disconnectFromBus("liaison-test-desktop")


def test_without_any_bus_nothing_is_listened_to_but_qt_itself(qapp: QApplication) -> None:  # noqa: ARG001
    signals = PlatformLockSignals(use_dbus=False)
    assert signals.sources == ["qt_application_state"]
