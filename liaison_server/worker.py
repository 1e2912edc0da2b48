"""What each uvicorn worker process of `liaison-server serve` builds: the app, tied to the life of the
process that started it.

uvicorn's supervisor (the parent) binds the port and hands the listening socket to `--workers N` child
processes. Killed outright (SIGKILL, the OOM killer), the parent cannot stop them: they kept the socket
and went on answering `/health` with 200, so neither a load balancer nor systemd could tell that the
service was gone, and a restarted service found its port taken. So every worker watches its parent
and stops by itself when it dies, in two ways:

- on Linux, `prctl(PR_SET_PDEATHSIG, SIGTERM)`: the kernel sends SIGTERM the moment the parent dies.
  uvicorn spawns, restarts and adds workers from the supervisor's main thread, which lives as long as
  the supervisor, so the signal cannot come early;
- everywhere (POSIX), a watchdog thread that notices `os.getppid()` change (an orphan is adopted by
  init or a subreaper), sends the same SIGTERM, and ends the process outright if the graceful
  shutdown has not finished after `GRACEFUL_SHUTDOWN_S` and a margin.

SIGTERM, not SIGKILL: uvicorn then stops accepting connections and lets requests in flight finish, so
a push being committed still gets its answer to the device.

The supervisor's pid travels in `SUPERVISOR_PID_ENV` (set by the CLI before uvicorn starts): a worker
whose parent died while it was still starting would otherwise take its adoptive parent for its own.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import threading
import time

from fastapi import FastAPI

from liaison_server.app import create_app
from liaison_server.core.logging import log_event

SUPERVISOR_PID_ENV = "LIAISON_SERVER_SUPERVISOR_PID"
# uvicorn's `timeout_graceful_shutdown`: how long requests in flight may take once a worker stops.
GRACEFUL_SHUTDOWN_S = 10
WATCH_INTERVAL_S = 0.5
_HARD_EXIT_MARGIN_S = 5
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

log = logging.getLogger(__name__)


def create_worker_app() -> FastAPI:
    """The uvicorn factory of `serve`. In a worker process (not the supervisor itself, as with
    `--workers 1`), first arrange to stop when the supervisor dies."""
    app = create_app()  # configures logging first, so the watchdog's line is a JSON line too
    raw = os.environ.get(SUPERVISOR_PID_ENV)
    if raw and int(raw) != os.getpid():
        exit_with_parent(int(raw))
    return app


def exit_with_parent(parent_pid: int) -> None:
    """Stop this process (SIGTERM, then for good) once `parent_pid` is no longer its parent."""
    if sys.platform.startswith("linux"):
        _ask_kernel_for_sigterm_on_parent_death()
    threading.Thread(target=_watch, args=(parent_pid,), name="exit-with-supervisor", daemon=True).start()


def _ask_kernel_for_sigterm_on_parent_death() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        # The watchdog still covers it, a little later.
        log_event(log, "pdeathsig_unavailable", logging.WARNING, errno=ctypes.get_errno())


def _watch(parent_pid: int) -> None:
    # Checked once before the first sleep: the parent may have died before the kernel was asked.
    while os.getppid() == parent_pid:
        time.sleep(WATCH_INTERVAL_S)
    log_event(log, "supervisor_gone", logging.WARNING, supervisor_pid=parent_pid, worker_pid=os.getpid())
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(GRACEFUL_SHUTDOWN_S + _HARD_EXIT_MARGIN_S)
    os._exit(1)
