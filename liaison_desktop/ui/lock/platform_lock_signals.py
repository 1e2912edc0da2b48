"""Lock the open profile when the desktop session locks or the machine goes to sleep, where reported.

A closed lid or a locked desktop means the person walked away: the profile should be locked before
anyone opens the lid again, whatever the idle timer says (a suspended machine's monotonic clock may
not even advance). What is listened to, each only when it is there:

- logind on the system bus: `PrepareForSleep(true)` on `org.freedesktop.login1.Manager` (suspend,
  hibernate), and `Lock` on this desktop session's `org.freedesktop.login1.Session` object (loginctl
  lock-session, a user switch, most desktops' screen lock);
- the screen saver on the session bus: `ActiveChanged(true)` of `org.freedesktop.ScreenSaver` (KDE,
  Xfce and others) and `org.gnome.ScreenSaver` (GNOME);
- Qt itself: `QGuiApplication.applicationStateChanged` to `ApplicationSuspended` (mobile and some
  desktop platforms).

Where none is available (no D-Bus on Windows or macOS, a container without a bus) nothing happens and
the idle lock still applies. `sources` lists what was connected, for logs and tests.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication

log = logging.getLogger(__name__)

LOGIND_SERVICE = "org.freedesktop.login1"
LOGIND_PATH = "/org/freedesktop/login1"
LOGIND_MANAGER = "org.freedesktop.login1.Manager"
LOGIND_SESSION = "org.freedesktop.login1.Session"
# (service, path, interface) of the screen savers that announce `ActiveChanged(bool)`.
SCREEN_SAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)

REASON_SLEEP = "sleep"
REASON_SESSION_LOCKED = "session_locked"
REASON_SCREEN_SAVER = "screen_saver"
REASON_SUSPENDED = "app_suspended"


def logind_session_path(session_id: str) -> str:
    """The object path logind gives a session id (systemd's bus label escaping: every character but
    ASCII letters and non-leading digits becomes `_xx`), e.g. "2" -> /org/freedesktop/login1/session/_32."""
    escaped = []
    for index, char in enumerate(session_id):
        if char.isascii() and (char.isalpha() or (char.isdigit() and index > 0)):
            escaped.append(char)
        else:
            escaped.extend(f"_{byte:02x}" for byte in char.encode("utf-8"))
    return f"{LOGIND_PATH}/session/{''.join(escaped) or '_'}"


class PlatformLockSignals(QObject):
    """Emits `lock_requested(reason)` when the platform says the person left (see the module doc).

    `system_bus` and `session_bus` default to the real buses when they are connected; tests pass
    connections to a private bus. `login_session_id` defaults to `$XDG_SESSION_ID`.
    """

    lock_requested = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        system_bus: object | None = None,
        session_bus: object | None = None,
        login_session_id: str | None = None,
        use_dbus: bool = True,
    ) -> None:
        super().__init__(parent)
        self.sources: list[str] = []
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._application_state_changed)
            self.sources.append("qt_application_state")
        if use_dbus:
            try:
                self._connect_dbus(system_bus, session_bus, login_session_id)
            except Exception:  # noqa: BLE001 - a platform quirk must never stop the app
                log.warning("desktop lock and sleep signals unavailable", exc_info=True)

    # -- D-Bus -----------------------------------------------------------------------------------------

    def _connect_dbus(
        self, system_bus: object | None, session_bus: object | None, session_id: str | None
    ) -> None:
        from PySide6.QtDBus import QDBusConnection

        system = system_bus if system_bus is not None else QDBusConnection.systemBus()
        session = session_bus if session_bus is not None else QDBusConnection.sessionBus()
        assert isinstance(system, QDBusConnection) and isinstance(session, QDBusConnection)
        if system.isConnected():
            if system.connect(
                LOGIND_SERVICE,
                LOGIND_PATH,
                LOGIND_MANAGER,
                "PrepareForSleep",
                self,
                "1_prepare_for_sleep(bool)",
            ):
                self.sources.append("logind_sleep")
            session_id = session_id if session_id is not None else os.environ.get("XDG_SESSION_ID")
            if session_id:
                self._connect_session_lock(system, logind_session_path(session_id))
            else:
                self._find_own_session(system)
        if session.isConnected():
            for service, path, interface in SCREEN_SAVERS:
                if session.connect(
                    service, path, interface, "ActiveChanged", self, "1_screen_saver_active(bool)"
                ):
                    self.sources.append(f"screen_saver:{service}")

    def _connect_session_lock(self, system: object, path: str) -> None:
        from PySide6.QtDBus import QDBusConnection

        assert isinstance(system, QDBusConnection)
        if system.connect(LOGIND_SERVICE, path, LOGIND_SESSION, "Lock", self, "1_session_locked()"):
            self.sources.append("logind_session_lock")

    def _find_own_session(self, system: object) -> None:
        """No `$XDG_SESSION_ID`: ask logind which session is ours ("auto": this process's session, else the
        user's graphical one), without blocking the UI thread on the answer."""
        from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher

        assert isinstance(system, QDBusConnection)
        message = QDBusMessage.createMethodCall(
            LOGIND_SERVICE, f"{LOGIND_PATH}/session/auto", "org.freedesktop.DBus.Properties", "Get"
        )
        message.setArguments([LOGIND_SESSION, "Id"])
        self._session_id_watcher = QDBusPendingCallWatcher(system.asyncCall(message, 5_000), self)

        def answered(watcher: QDBusPendingCallWatcher) -> None:
            reply = watcher.reply()
            arguments = reply.arguments() if reply.type() == QDBusMessage.MessageType.ReplyMessage else []
            value = arguments[0] if arguments else None
            value = value.variant() if hasattr(value, "variant") else value
            if isinstance(value, str) and value:
                self._connect_session_lock(system, logind_session_path(value))
            watcher.deleteLater()

        self._session_id_watcher.finished.connect(answered)

    @Slot(bool)
    def _prepare_for_sleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self.lock_requested.emit(REASON_SLEEP)

    @Slot()
    def _session_locked(self) -> None:
        self.lock_requested.emit(REASON_SESSION_LOCKED)

    @Slot(bool)
    def _screen_saver_active(self, active: bool) -> None:
        if active:
            self.lock_requested.emit(REASON_SCREEN_SAVER)

    # -- Qt --------------------------------------------------------------------------------------------

    @Slot(Qt.ApplicationState)
    def _application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self.lock_requested.emit(REASON_SUSPENDED)
