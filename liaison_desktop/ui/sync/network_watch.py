"""When the platform says the network is back, so sync can try at once instead of waiting out its backoff.

Qt's `QNetworkInformation` reports reachability where the platform can (NetworkManager, glib, Windows,
macOS); where no backend loads, nothing is reported and the worker's own backoff probe still finds the
server, only later.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QNetworkInformation

log = logging.getLogger(__name__)

_REACHABLE = frozenset({QNetworkInformation.Reachability.Online, QNetworkInformation.Reachability.Site})


def network_information() -> QNetworkInformation | None:
    """The process's reachability reporter, loading the platform's default backend on first use."""
    try:
        if QNetworkInformation.instance() is None and not QNetworkInformation.loadDefaultBackend():
            return None
        info = QNetworkInformation.instance()
    except RuntimeError:  # no backend for this platform
        return None
    if info is None or not info.supports(QNetworkInformation.Feature.Reachability):
        return None
    return info


class NetworkWatch(QObject):
    """`network_returned` when reachability goes from offline (or local only) to online."""

    network_returned = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        info = network_information()
        self.available = info is not None
        self._reachable = True
        if info is not None:
            self._reachable = info.reachability() in _REACHABLE
            info.reachabilityChanged.connect(self.reachability_changed)
        else:
            log.info("no network reachability reports on this platform")

    def reachability_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        reachable = reachability in _REACHABLE
        came_back = reachable and not self._reachable
        self._reachable = reachable
        if came_back:
            self.network_returned.emit()
